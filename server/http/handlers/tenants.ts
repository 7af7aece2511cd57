import type { Handler } from '../operations';
import { toTenant } from '../presenters/tenant';

/** POST /tenants/resources/tenants/v1 */
export const createTenant: Handler<'createTenant'> = async ({ body, services }) => {
  const tenant = await services.tenants.create(body);
  return { status: 201, body: toTenant(tenant, services.environment.id) };
};

/** GET /tenants/resources/tenants/v1/{tenantId} */
export const getTenant: Handler<'getTenant'> = async ({ params, services }) => {
  const tenant = await services.tenants.get(params.tenantId);
  return { status: 200, body: toTenant(tenant, services.environment.id) };
};
