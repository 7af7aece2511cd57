import type { ApiTokenRow } from '../../repositories/api-tokens';
import type { ExchangedApiToken } from '../../services/api-tokens';
import { actingAccount, actingUser, type Caller } from '../caller';
import type { Handler } from '../operations';
import type { Schema } from '../presenters/schema';

const expiry = (row: ApiTokenRow) => (row.expires_at ? { expires: new Date(row.expires_at).toISOString() } : {});

const toTenantApiToken = (row: ApiTokenRow): Schema<'TenantApiToken'> => ({
  clientId: row.id,
  description: row.description,
  tenantId: row.tenant_id,
  createdByUserId: row.created_by_user_id,
  metadata: row.metadata,
  createdAt: new Date(row.created_at).toISOString(),
  permissionIds: row.permission_ids,
  roleIds: row.role_ids,
  ...expiry(row),
});

const toUserApiToken = (row: ApiTokenRow): Schema<'UserApiToken'> => ({
  clientId: row.id,
  description: row.description,
  metadata: row.metadata,
  createdAt: new Date(row.created_at).toISOString(),
  ...expiry(row),
});

const toV2 = ({ accessToken, refreshToken }: ExchangedApiToken): Schema<'ApiTokenAuthResponse'> => ({
  access_token: accessToken.token,
  refresh_token: refreshToken,
  expires_in: accessToken.expiresIn,
  expires: new Date(accessToken.exp * 1000).toUTCString(),
});

const toV1 = ({ accessToken, refreshToken }: ExchangedApiToken): Schema<'ApiTokenAuthResponseV1'> => ({
  accessToken: accessToken.token,
  refreshToken,
  expiresIn: accessToken.expiresIn,
  expires: new Date(accessToken.exp * 1000).toUTCString(),
});

/** The account a tenant-token route acts in, and the user whose grants cap what is given (none for the environment). */
function creator(caller: Caller): { tenantId: string; creatorUserId?: string; createdBy?: string } {
  const account = actingAccount(caller);
  if (caller.kind === 'user') return { tenantId: account.tenantId, creatorUserId: caller.userId };
  return { tenantId: account.tenantId, createdBy: caller.kind === 'environment' ? caller.userId : undefined };
}

/** POST /identity/resources/auth/v2/api-token */
export const authenticateApiTokenV2: Handler<'authenticateApiTokenV2'> = async ({ body, services }) => {
  return { status: 200, body: toV2(await services.apiTokens.exchange(body.clientId, body.secret)) };
};

/** POST /identity/resources/auth/v2/api-token/token/refresh */
export const refreshApiTokenV2: Handler<'refreshApiTokenV2'> = async ({ body, services }) => {
  return { status: 200, body: toV2(await services.apiTokens.refresh(body.refreshToken)) };
};

/** POST /identity/resources/auth/v1/api-token */
export const authenticateApiTokenV1: Handler<'authenticateApiTokenV1'> = async ({ body, services }) => {
  return { status: 200, body: toV1(await services.apiTokens.exchange(body.clientId, body.secret)) };
};

/** POST /identity/resources/auth/v1/api-token/token/refresh */
export const refreshApiTokenV1: Handler<'refreshApiTokenV1'> = async ({ body, services }) => {
  return { status: 200, body: toV1(await services.apiTokens.refresh(body.refreshToken)) };
};

/** GET /identity/resources/tenants/api-tokens/v1 */
export const getTenantApiTokens: Handler<'getTenantApiTokens'> = async ({ caller, services }) => {
  const rows = await services.apiTokens.list({ kind: 'tenant', tenantId: actingAccount(caller).tenantId });
  return { status: 200, body: rows.map(toTenantApiToken) };
};

/** POST /identity/resources/tenants/api-tokens/v1 */
export const createTenantApiTokenV1: Handler<'createTenantApiTokenV1'> = async ({ body, caller, services }) => {
  const { tenantId, creatorUserId, createdBy } = creator(caller);
  const created = await services.apiTokens.createTenantToken(tenantId, creatorUserId, body, createdBy);
  return { status: 201, body: { ...toTenantApiToken(created.row), secret: created.secret } };
};

/** POST /identity/resources/tenants/api-tokens/v2 */
export const createTenantApiTokenV2: Handler<'createTenantApiTokenV2'> = async ({ body, caller, services }) => {
  const { tenantId, creatorUserId, createdBy } = creator(caller);
  const created = await services.apiTokens.createTenantToken(tenantId, creatorUserId, body, createdBy);
  return { status: 201, body: { ...toTenantApiToken(created.row), secret: created.secret } };
};

/** PATCH /identity/resources/tenants/api-tokens/v1/{id} */
export const updateTenantApiToken: Handler<'updateTenantApiToken'> = async ({ params, body, caller, services }) => {
  const { tenantId, creatorUserId } = creator(caller);
  return { status: 200, body: toTenantApiToken(await services.apiTokens.update(tenantId, creatorUserId, params.id, body)) };
};

/** DELETE /identity/resources/tenants/api-tokens/v1/{id} */
export const deleteTenantApiToken: Handler<'deleteTenantApiToken'> = async ({ params, caller, services }) => {
  await services.apiTokens.remove({ kind: 'tenant', tenantId: actingAccount(caller).tenantId }, params.id);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/users/api-tokens/v1 */
export const getUserApiTokens: Handler<'getUserApiTokens'> = async ({ caller, services }) => {
  const rows = await services.apiTokens.list({ kind: 'user', ...actingUser(caller) });
  return { status: 200, body: rows.map(toUserApiToken) };
};

/** POST /identity/resources/users/api-tokens/v1 */
export const createUserApiToken: Handler<'createUserApiToken'> = async ({ body, caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const created = await services.apiTokens.createUserToken(tenantId, userId, body);
  return { status: 201, body: { ...toUserApiToken(created.row), secret: created.secret } };
};

/** DELETE /identity/resources/users/api-tokens/v1/{id} */
export const deleteUserApiToken: Handler<'deleteUserApiToken'> = async ({ params, caller, services }) => {
  await services.apiTokens.remove({ kind: 'user', ...actingUser(caller) }, params.id);
  return { status: 200, body: undefined };
};
