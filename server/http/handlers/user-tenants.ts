import { actingUser } from '../caller';
import type { Handler } from '../operations';
import { toUserTenantsHierarchy } from '../presenters/sub-tenant-user';
import { toTenant } from '../presenters/tenant';
import { toUser } from '../presenters/user';
import { errors } from '../../services/errors';

/** GET /identity/resources/users/v2/me/hierarchy */
export const getUserTenantsHierarchy: Handler<'getUserTenantsHierarchy'> = async ({ caller, services }) => {
  const entries = await services.subTenantUsers.hierarchyOf(actingUser(caller).userId);
  return { status: 200, body: toUserTenantsHierarchy(entries) };
};

/** GET /identity/resources/users/v1/me/tenants */
export const getUserTenants: Handler<'getUserTenants'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const { tenants, active } = await services.myTenants.list(userId, tenantId);
  const vendorId = services.environment.id;
  return { status: 200, body: { tenants: tenants.map((tenant) => toTenant(tenant, vendorId)), activeTenant: toTenant(active, vendorId) } };
};

/** GET /identity/resources/users/v2/me/tenants */
export const getUserTenantsV2: Handler<'getUserTenantsV2'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const { tenants } = await services.myTenants.list(userId, tenantId);
  return { status: 200, body: tenants.map((tenant) => toTenant(tenant, services.environment.id)) };
};

/** GET /identity/resources/users/v3/me/tenants */
export const getUserTenantsV3: Handler<'getUserTenantsV3'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const { tenants, active } = await services.myTenants.list(userId, tenantId);
  const vendorId = services.environment.id;
  return { status: 200, body: { tenants: tenants.map((tenant) => toTenant(tenant, vendorId)), activeTenant: toTenant(active, vendorId) } };
};

/** PUT /identity/resources/users/v1/tenant */
export const updateUserActiveTenant: Handler<'updateUserActiveTenant'> = async ({ body, caller, client, services }) => {
  const { userId } = actingUser(caller);
  await services.myTenants.switchTo(userId, body.tenantId, caller.kind === 'user' ? caller.sessionId : undefined, client.ipAddress);
  return { status: 200, body: toUser(await services.users.getInTenant(body.tenantId, userId)) };
};

/** POST /identity/resources/users/v3/me/token */
export const getUserTokenForTenant: Handler<'getUserTokenForTenant'> = async ({ body, caller, client, services }) => {
  if (caller.kind !== 'user') throw errors.unauthenticated();
  const token = await services.myTenants.tokenFor(caller.userId, caller.sessionId, body.tenantId, client.ipAddress);
  return {
    status: 200,
    body: { accessToken: token.token, expiresIn: token.expiresIn, expires: new Date(token.exp * 1000).toUTCString() },
  };
};
