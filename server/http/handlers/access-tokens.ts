import type { AccessTokenRow } from '../../repositories/access-tokens';
import type { AccessTokenGrants } from '../../services/access-tokens';
import { actingAccount, actingUser, type Caller } from '../caller';
import type { Handler } from '../operations';

const iso = (date: Date | null) => (date ? { expires: date.toISOString() } : {});
const described = (row: AccessTokenRow) => (row.description === null ? {} : { description: row.description });

function toAccountToken(row: AccessTokenRow, secret?: string) {
  return {
    id: row.id,
    ...described(row),
    createdAt: row.created_at.toISOString(),
    ...(secret ? { secret } : {}),
    ...iso(row.expires_at),
    roleIds: row.role_ids,
    createdByUserId: row.created_by_user_id,
  };
}

function toPersonalToken(row: AccessTokenRow, secret?: string) {
  return { id: row.id, ...described(row), createdAt: row.created_at.toISOString(), ...(secret ? { secret } : {}), ...iso(row.expires_at) };
}

function toGrants({ row, roles, permissions }: AccessTokenGrants) {
  return { id: row.id, ...(row.user_id ? { userId: row.user_id } : {}), tenantId: row.tenant_id, roles, permissions, ...iso(row.expires_at) };
}

/** With an environment token, the M2M routes may narrow to the account of `frontegg-tenant-id`. */
const narrowedTo = (caller: Caller): string | undefined => (caller.kind === 'environment' ? caller.tenantId : undefined);

/** POST /identity/resources/tenants/access-tokens/v1 */
export const createTenantAccessToken: Handler<'createTenantAccessToken'> = async ({ body, caller, services }) => {
  const created = await services.accessTokens.createForTenant(actingAccount(caller), body);
  return { status: 201, body: toAccountToken(created.row, created.secret) };
};

/** GET /identity/resources/tenants/access-tokens/v1 */
export const getTenantAccessTokens: Handler<'getTenantAccessTokens'> = async ({ caller, services }) => {
  const rows = await services.accessTokens.listForTenant(actingAccount(caller).tenantId);
  return { status: 200, body: { accessTokens: rows.map((row) => toAccountToken(row)) } };
};

/** DELETE /identity/resources/tenants/access-tokens/v1/{id} */
export const deleteTenantAccessToken: Handler<'deleteTenantAccessToken'> = async ({ params, caller, services }) => {
  await services.accessTokens.removeForTenant(actingAccount(caller).tenantId, params.id);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/access-tokens/v1 */
export const createUserAccessToken: Handler<'createUserAccessToken'> = async ({ body, caller, services }) => {
  const created = await services.accessTokens.createForUser(actingUser(caller), body);
  return { status: 201, body: toPersonalToken(created.row, created.secret) };
};

/** GET /identity/resources/users/access-tokens/v1 */
export const getUserAccessTokens: Handler<'getUserAccessTokens'> = async ({ caller, services }) => {
  const rows = await services.accessTokens.listForUser(actingUser(caller));
  return { status: 200, body: { accessTokens: rows.map((row) => toPersonalToken(row)) } };
};

/** DELETE /identity/resources/users/access-tokens/v1/{id} */
export const deleteUserAccessToken: Handler<'deleteUserAccessToken'> = async ({ params, caller, services }) => {
  await services.accessTokens.removeForUser(actingUser(caller), params.id);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/vendor-only/users/access-tokens/v1/active */
export const getActiveUserAccessTokenIds: Handler<'getActiveUserAccessTokenIds'> = async ({ caller, services }) => {
  return { status: 200, body: await services.accessTokens.liveIds('user', narrowedTo(caller)) };
};

/** GET /identity/resources/vendor-only/tenants/access-tokens/v1/active */
export const getActiveTenantAccessTokenIds: Handler<'getActiveTenantAccessTokenIds'> = async ({ caller, services }) => {
  return { status: 200, body: await services.accessTokens.liveIds('tenant', narrowedTo(caller)) };
};

/** GET /identity/resources/vendor-only/users/access-tokens/v1/{id} */
export const getUserAccessTokenGrants: Handler<'getUserAccessTokenGrants'> = async ({ params, caller, services }) => {
  return { status: 200, body: toGrants(await services.accessTokens.grants('user', params.id, narrowedTo(caller))) };
};

/** GET /identity/resources/vendor-only/tenants/access-tokens/v1/{id} */
export const getTenantAccessTokenGrants: Handler<'getTenantAccessTokenGrants'> = async ({ params, caller, services }) => {
  return { status: 200, body: toGrants(await services.accessTokens.grants('tenant', params.id, narrowedTo(caller))) };
};
