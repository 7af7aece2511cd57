import { actingAccount } from '../caller';
import type { Handler } from '../operations';
import { toSubTenantUser } from '../presenters/sub-tenant-user';

/** GET /identity/resources/sub-tenants/users/v1 */
export const getSubTenantUsers: Handler<'getSubTenantUsers'> = async ({ caller, query, services }) => {
  const { items, totalPages } = await services.subTenantUsers.list(actingAccount(caller), {
    page: query._offset ?? 0,
    limit: query._limit ?? 50,
    filter: query._filter,
    sortBy: query._sortBy,
    order: query._order,
  });
  return { status: 200, body: { totalPages, items: items.map((item) => toSubTenantUser(item, services.environment.id)) } };
};

/** POST /identity/resources/sub-tenants/users/v1 */
export const addUserToSubTenants: Handler<'addUserToSubTenants'> = async ({ body, caller, services }) => {
  await services.subTenantUsers.addUser(actingAccount(caller), body);
  return { status: 201, body: undefined };
};

/** DELETE /identity/resources/sub-tenants/users/v1 */
export const removeUserFromSubTenants: Handler<'removeUserFromSubTenants'> = async ({ body, caller, services }) => {
  await services.subTenantUsers.removeUser(actingAccount(caller), body);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/sub-tenants/users/v1/{userId}/roles */
export const addUserRolesForSubTenants: Handler<'addUserRolesForSubTenants'> = async ({ body, caller, params, services }) => {
  await services.subTenantUsers.changeRoles(actingAccount(caller), params.userId, body.subTenantsRoles, 'add');
  return { status: 201, body: undefined };
};

/** DELETE /identity/resources/sub-tenants/users/v1/{userId}/roles */
export const removeUserRolesFromSubTenants: Handler<'removeUserRolesFromSubTenants'> = async ({ body, caller, params, services }) => {
  await services.subTenantUsers.changeRoles(actingAccount(caller), params.userId, body.subTenantsRoles, 'remove');
  return { status: 200, body: undefined };
};

/** PATCH /identity/resources/sub-tenants/users/v1/{userId}/roles */
export const setUserRolesForSubTenants: Handler<'setUserRolesForSubTenants'> = async ({ body, caller, params, services }) => {
  await services.subTenantUsers.changeRoles(actingAccount(caller), params.userId, body.subTenantsRoles, 'set');
  return { status: 200, body: undefined };
};

/** PUT /identity/resources/sub-tenants/users/v1/{userId}/access */
export const updateSubAccountAccess: Handler<'updateSubAccountAccess'> = async ({ body, caller, params, services }) => {
  await services.subTenantUsers.setAccess(actingAccount(caller), params.userId, body.allowAccess);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/sub-tenants/users/v2 */
export const addUsersToSubTenant: Handler<'addUsersToSubTenant'> = async ({ body, caller, services }) => {
  await services.subTenantUsers.addUsers(actingAccount(caller), body);
  return { status: 201, body: undefined };
};
