import { type Caller, actingAccount, actingUser, roleActor } from '../caller';
import { firstOf } from '../../lib/narrow';
import type { Handler } from '../operations';
import { toPage } from '../presenters/pagination';
import { toAuthorization, toMemberRoles, toRole, toUserRoleIds } from '../presenters/role';

/**
 * Roles, and the roles of members. Management routes read the optional `frontegg-tenant-id` as the
 * account whose roles they see; self-service routes act in the caller's account.
 */

/** The roles a self-service read sees: the caller's account's, or every role for the environment without `frontegg-tenant-id`. */
function roleView(caller: Caller): { tenantId?: string } {
  return caller.kind === 'environment' && !caller.tenantId ? {} : { tenantId: actingAccount(caller).tenantId };
}

/** GET /identity/resources/roles/v1 */
export const listRoles: Handler<'listRoles'> = async ({ caller, services }) => {
  const roles = await services.roles.list({ tenantId: roleActor(caller).tenantId });
  return { status: 200, body: roles.map((role) => toRole(role, services.environment.id)) };
};

/** POST /identity/resources/roles/v1 (an array of roles, or one role as the browser SDK's addRole sends) */
export const createRoles: Handler<'createRoles'> = async ({ body, caller, services }) => {
  const roles = (await services.roles.createMany(Array.isArray(body) ? body : [body], roleActor(caller))).map((role) => toRole(role, services.environment.id));
  return { status: 201, body: Array.isArray(body) ? roles : firstOf(roles, 'the role created') };
};

/** PATCH /identity/resources/roles/v1/{roleId} */
export const updateRole: Handler<'updateRole'> = async ({ params, body, caller, services }) => {
  const role = await services.roles.update(params.roleId, body, roleActor(caller));
  return { status: 200, body: toRole(role, services.environment.id) };
};

/** DELETE /identity/resources/roles/v1/{roleId} */
export const deleteRole: Handler<'deleteRole'> = async ({ params, caller, services }) => {
  await services.roles.remove(params.roleId, roleActor(caller));
  return { status: 204, body: undefined };
};

/** PUT /identity/resources/roles/v1/{roleId}/permissions */
export const setRolePermissions: Handler<'setRolePermissions'> = async ({ params, body, caller, services }) => {
  const role = await services.roles.setPermissions(params.roleId, body.permissionIds, roleActor(caller));
  return { status: 200, body: toRole(role, services.environment.id) };
};

/** PUT /identity/resources/roles/v1/{roleId}/tenant */
export const updateRoleTenant: Handler<'updateRoleTenant'> = async ({ params, body, services }) => {
  const role = await services.roles.moveToTenant(params.roleId, body.tenantId);
  return { status: 200, body: toRole(role, services.environment.id) };
};

/** GET /identity/resources/roles/v2 */
export const listRolesV2: Handler<'listRolesV2'> = async ({ query, caller, services }) => {
  const { rows, ...position } = await services.roles.page(roleView(caller), query);
  const roles = rows.map((role) => toRole(role, services.environment.id));
  return { status: 200, body: toPage(roles, position, '/identity/resources/roles/v2', query) };
};

/** POST /identity/resources/roles/v2 */
export const createRoleV2: Handler<'createRoleV2'> = async ({ body, caller, services }) => {
  const role = await services.roles.createForAccount(actingAccount(caller), body);
  return { status: 200, body: toRole(role, services.environment.id) };
};

/** GET /identity/resources/roles/v2/distinct-levels */
export const getRoleLevels: Handler<'getRoleLevels'> = async ({ caller, services }) => {
  return { status: 200, body: await services.roles.levels(roleView(caller)) };
};

/** GET /identity/resources/roles/v2/distinct-tenants */
export const getRoleTenants: Handler<'getRoleTenants'> = async ({ caller, services }) => {
  return { status: 200, body: await services.roles.tenants(roleView(caller)) };
};

/** POST /identity/resources/users/v1/{userId}/roles */
export const assignUserRoles: Handler<'assignUserRoles'> = async ({ params, body, caller, services }) => {
  const member = await services.memberRoles.assign(actingAccount(caller), params.userId, body.roleIds);
  return { status: 201, body: toMemberRoles(member, services.environment.id) };
};

/** DELETE /identity/resources/users/v1/{userId}/roles */
export const unassignUserRoles: Handler<'unassignUserRoles'> = async ({ params, body, caller, services }) => {
  const member = await services.memberRoles.unassign(actingAccount(caller), params.userId, body.roleIds);
  return { status: 200, body: toMemberRoles(member, services.environment.id) };
};

/** GET /identity/resources/users/v3/roles */
export const getUsersRoles: Handler<'getUsersRoles'> = async ({ query, caller, services }) => {
  const { tenantId } = actingAccount(caller);
  const members = await services.memberRoles.ofUsers(tenantId, query.ids);
  return { status: 200, body: members.map((member) => toUserRoleIds(member, tenantId, services.environment.id)) };
};

/** GET /identity/resources/users/v1/me/authorization */
export const getMyAuthorization: Handler<'getMyAuthorization'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  return { status: 200, body: toAuthorization(await services.memberRoles.held(tenantId, userId), services.environment.id) };
};
