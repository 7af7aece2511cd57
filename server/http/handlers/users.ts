import { type Caller, actingAccount, actingTenant } from '../caller';
import type { Handler } from '../operations';
import { toUser } from '../presenters/user';
import { toPhoneNumber, toVendorUser } from '../presenters/vendor-user';

/** The account a route that may also reach every user is narrowed to: a member's, or the one `frontegg-tenant-id` names. */
const viewedTenant = (caller: Caller): string | undefined => (caller.kind === 'anonymous' ? undefined : caller.tenantId);

/** DELETE /identity/resources/users/v1/{userId} */
export const removeUserFromTenant: Handler<'removeUserFromTenant'> = async ({ caller, params, services }) => {
  const tenantId = caller.kind === 'environment' && !caller.tenantId ? undefined : actingAccount(caller).tenantId;
  await services.members.remove(tenantId, params.userId);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/vendor-only/users/v1 */
export const createVendorOnlyUser: Handler<'createVendorOnlyUser'> = async ({ body, services }) => {
  const user = await services.users.createByVendor(body);
  return { status: 201, body: toUser(user) };
};

/** GET /identity/resources/vendor-only/users/v1/{userId} */
export const getVendorOnlyUser: Handler<'getVendorOnlyUser'> = async ({ params, services }) => {
  const user = await services.users.getWithTenants(params.userId);
  return { status: 200, body: toUser(user) };
};

/** GET /identity/resources/users/v1/email */
export const getUserByEmail: Handler<'getUserByEmail'> = async ({ query, services }) => {
  const user = await services.vendorUsers.getByEmail(query.email);
  return { status: 200, body: toVendorUser(user) };
};

/** GET /identity/resources/users/v1/{id} */
export const getUserById: Handler<'getUserById'> = async ({ params, caller, services }) => {
  const user = await services.vendorUsers.getInTenant(actingTenant(caller), params.userId);
  return { status: 200, body: toVendorUser(user) };
};

/** PUT /identity/resources/users/v1/{userId} */
export const updateUserForVendor: Handler<'updateUserForVendor'> = async ({ params, body, services }) => {
  const user = await services.vendorUsers.update(params.userId, body);
  return { status: 200, body: toVendorUser(user) };
};

/** POST /identity/resources/vendor-only/users/v1/passwords/verify */
export const verifyUserPassword: Handler<'verifyUserPassword'> = async ({ body, services }) => {
  await services.vendorUsers.verifyPassword(body.email, body.password);
  return { status: 200, body: {} };
};

/** POST /identity/resources/users/v1/{userId}/verify */
export const verifyUser: Handler<'verifyUser'> = async ({ params, services }) => {
  await services.vendorUsers.verify(params.userId);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/v1/{userId}/lock */
export const lockUser: Handler<'lockUser'> = async ({ params, services }) => {
  await services.vendorUsers.lock(params.userId);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/v1/{userId}/unlock */
export const unlockUser: Handler<'unlockUser'> = async ({ params, services }) => {
  await services.vendorUsers.unlock(params.userId);
  return { status: 200, body: undefined };
};

/** PUT /identity/resources/users/v1/{userId}/invisible */
export const setUserInvisibleMode: Handler<'setUserInvisibleMode'> = async ({ params, body, services }) => {
  const user = await services.vendorUsers.setInvisible(params.userId, body.invisible);
  return { status: 200, body: toVendorUser(user) };
};

/** PUT /identity/resources/users/v1/{userId}/superuser */
export const setUserSuperuserMode: Handler<'setUserSuperuserMode'> = async ({ params, body, services }) => {
  const user = await services.vendorUsers.setSuperUser(params.userId, body.superUser);
  return { status: 200, body: toVendorUser(user) };
};

/** POST /identity/resources/users/v1/{userId}/tenant */
export const addUserToTenantForVendor: Handler<'addUserToTenantForVendor'> = async ({ params, body, services }) => {
  const user = await services.vendorUsers.addToTenant(params.userId, body.tenantId);
  return { status: 201, body: toVendorUser(user) };
};

/** PUT /identity/resources/users/v1/{userId}/tenant */
export const updateUserTenantForVendor: Handler<'updateUserTenantForVendor'> = async ({ params, body, services }) => {
  const user = await services.vendorUsers.setActiveTenant(params.userId, body.tenantId);
  return { status: 200, body: toVendorUser(user) };
};

/** PUT /identity/resources/users/v1/tenants/migrate */
export const moveAllUsersTenants: Handler<'moveAllUsersTenants'> = async ({ body, services }) => {
  await services.vendorUsers.moveAllUsers(body.srcTenantId, body.targetTenantId);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/tenants/users/v1/statuses */
export const getUsersTenantsStatuses: Handler<'getUsersTenantsStatuses'> = async ({ query, services }) => {
  const statuses = await services.vendorUsers.tenantStatuses(query.userIds, query.userTenantStatuses);
  return { status: 200, body: statuses };
};

/** POST /identity/resources/users/phone-numbers/v1/vendor/{userId} */
export const createUserPhoneNumberVendor: Handler<'createUserPhoneNumberVendor'> = async ({ params, body, services }) => {
  const phone = await services.vendorUsers.addPhoneNumber(params.userId, body.phoneNumber);
  return { status: 201, body: toPhoneNumber(phone) };
};

/** DELETE /identity/resources/users/phone-numbers/v1/vendor/{userId}/{phoneId} */
export const deleteUserPhoneNumberVendor: Handler<'deleteUserPhoneNumberVendor'> = async ({ params, services }) => {
  await services.vendorUsers.deletePhoneNumber(params.userId, params.phoneId);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/users/temporary/v1/configuration */
export const getTemporaryUsersConfiguration: Handler<'getTemporaryUsersConfiguration'> = async ({ services }) => {
  return { status: 200, body: { enabled: await services.vendorUsers.temporaryUsersEnabled() } };
};

/** PUT /identity/resources/users/temporary/v1/configuration */
export const updateTemporaryUsersConfiguration: Handler<'updateTemporaryUsersConfiguration'> = async ({ body, services }) => {
  return { status: 200, body: { enabled: await services.vendorUsers.setTemporaryUsersEnabled(body.enabled) } };
};

/** PUT /identity/resources/users/temporary/v1/{userId} */
export const editTemporaryUserTimeLimit: Handler<'editTemporaryUserTimeLimit'> = async ({ params, body, caller, services }) => {
  await services.vendorUsers.setTimeLimit(params.userId, body.expirationInSeconds, viewedTenant(caller));
  return { status: 201, body: { expirationInSeconds: body.expirationInSeconds } };
};

/** DELETE /identity/resources/users/temporary/v1/{userId} */
export const setTemporaryUserPermanent: Handler<'setTemporaryUserPermanent'> = async ({ params, caller, services }) => {
  await services.vendorUsers.makePermanent(params.userId, viewedTenant(caller));
  return { status: 200, body: undefined };
};

/** POST /identity/resources/tenants/users/v1/{userId}/disable */
export const disableUserInTenant: Handler<'disableUserInTenant'> = async ({ params, caller, services }) => {
  await services.vendorUsers.disableInTenant(actingTenant(caller), params.userId);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/tenants/users/v1/{userId}/enable */
export const enableUserInTenant: Handler<'enableUserInTenant'> = async ({ params, caller, services }) => {
  await services.vendorUsers.enableInTenant(actingTenant(caller), params.userId);
  return { status: 200, body: undefined };
};
