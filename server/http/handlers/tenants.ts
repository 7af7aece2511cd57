import { errors } from '../../services/errors';
import { actingTenant } from '../caller';
import type { Handler } from '../operations';
import { toPage } from '../presenters/pagination';
import { toAccountSettings, toPublicAccountSettings, toTenant, toTenantsMigrationStatus } from '../presenters/tenant';

/**
 * Accounts (tenants): management routes take the environment token and name the account in the path;
 * self-service routes (delete current, account settings) act in the caller's own account.
 */

/** POST /tenants/resources/tenants/v1 */
export const createTenant: Handler<'createTenant'> = async ({ body, services }) => {
  const tenant = await services.tenants.create(body);
  return { status: 201, body: toTenant(tenant, services.environment.id) };
};

/** DELETE /tenants/resources/tenants/v1 */
export const deleteCurrentTenant: Handler<'deleteCurrentTenant'> = async ({ caller, services }) => {
  await services.tenants.remove(actingTenant(caller));
  return { status: 200, body: undefined };
};

/** GET /tenants/resources/tenants/v1/{tenantId} */
export const getTenant: Handler<'getTenant'> = async ({ params, services }) => {
  const tenant = await services.tenants.get(params.tenantId);
  return { status: 200, body: [toTenant(tenant, services.environment.id)] };
};

/** PUT /tenants/resources/tenants/v1/{tenantId} */
export const updateTenant: Handler<'updateTenant'> = async ({ params, body, services }) => {
  const tenant = await services.tenants.update(params.tenantId, body);
  return { status: 200, body: toTenant(tenant, services.environment.id) };
};

/** DELETE /tenants/resources/tenants/v1/{tenantId} */
export const deleteTenant: Handler<'deleteTenant'> = async ({ params, services }) => {
  await services.tenants.remove(params.tenantId);
  return { status: 200, body: undefined };
};

/** POST /tenants/resources/tenants/v1/{tenantId}/metadata */
export const addTenantMetadata: Handler<'addTenantMetadata'> = async ({ params, body, services }) => {
  const tenant = await services.tenants.addMetadata(params.tenantId, body.metadata);
  return { status: 201, body: toTenant(tenant, services.environment.id) };
};

/** DELETE /tenants/resources/tenants/v1/{tenantId}/metadata/{key} */
export const deleteTenantMetadata: Handler<'deleteTenantMetadata'> = async ({ params, services }) => {
  const tenant = await services.tenants.removeMetadataKey(params.tenantId, params.key);
  return { status: 200, body: toTenant(tenant, services.environment.id) };
};

/** GET /tenants/resources/tenants/v2 */
export const getTenantsV2: Handler<'getTenantsV2'> = async ({ query, services }) => {
  const { rows, ...position } = await services.tenants.page({
    limit: query._limit ?? 50,
    page: query._offset ?? 0,
    sortBy: query._sortBy ?? 'createdAt',
    order: query._order ?? 'ASC',
    filter: query._filter,
    tenantIds: query._tenantIds,
  });
  const tenants = rows.map((tenant) => toTenant(tenant, services.environment.id));
  return { status: 200, body: toPage(tenants, position, '/tenants/resources/tenants/v2', query) };
};

/** GET /tenants/resources/tenants/v2/alias/{alias} */
export const getTenantByAlias: Handler<'getTenantByAlias'> = async ({ params, services }) => {
  const tenant = await services.tenants.getByAlias(params.alias);
  return { status: 200, body: toTenant(tenant, services.environment.id) };
};

/** GET /tenants/resources/tenants/v2/{tenantId} */
export const getTenantV2: Handler<'getTenantV2'> = async ({ params, services }) => {
  const tenant = await services.tenants.get(params.tenantId);
  return { status: 200, body: toTenant(tenant, services.environment.id) };
};

/** PUT /tenants/resources/tenants/v2/{tenantId} */
export const updateTenantV2: Handler<'updateTenantV2'> = async ({ params, body, services }) => {
  const tenant = await services.tenants.update(params.tenantId, body);
  return { status: 200, body: toTenant(tenant, services.environment.id) };
};

/** GET /tenants/resources/account-settings/v1 */
export const getAccountSettings: Handler<'getAccountSettings'> = async ({ caller, services }) => {
  return { status: 200, body: toAccountSettings(await services.tenants.get(actingTenant(caller))) };
};

/** PUT /tenants/resources/account-settings/v1 */
export const updateAccountSettings: Handler<'updateAccountSettings'> = async ({ caller, body, services }) => {
  return { status: 200, body: toAccountSettings(await services.tenants.updateSettings(actingTenant(caller), body)) };
};

/** GET /tenants/resources/account-settings/v1/public */
export const getPublicAccountSettings: Handler<'getPublicAccountSettings'> = async ({ caller, headers, services }) => {
  const alias = headers['frontegg-login-alias'];
  if (caller.kind === 'anonymous' && !alias) throw errors.unauthenticated();
  const tenant = caller.kind === 'anonymous' ? await services.tenants.getByAlias(alias!) : await services.tenants.get(actingTenant(caller));
  return { status: 200, body: toPublicAccountSettings(tenant) };
};

/** POST /tenants/resources/migrations/v1/tenants */
export const migrateTenants: Handler<'migrateTenants'> = async ({ body, services }) => {
  return { status: 202, body: { migrationId: await services.tenants.migrate(body) } };
};

/** GET /tenants/resources/migrations/v1/tenants/status/{migrationId} */
export const getTenantsMigrationStatus: Handler<'getTenantsMigrationStatus'> = async ({ params, services }) => {
  return { status: 200, body: toTenantsMigrationStatus(await services.tenants.migrationStatus(params.migrationId)) };
};
