import { actingTenant } from '../caller';
import type { Handler } from '../operations';
import { toGroup, toUsersGroups } from '../presenters/group';
import { toPage } from '../presenters/pagination';

/** GET /identity/resources/groups/v1 */
export const getGroups: Handler<'getGroups'> = async ({ caller, query, services }) => {
  const groups = await services.groups.list(actingTenant(caller), query._groupsRelations);
  return { status: 200, body: { groups: groups.map((group) => toGroup(group, services.environment.id)) } };
};

/** POST /identity/resources/groups/v1 */
export const createGroup: Handler<'createGroup'> = async ({ body, caller, services }) => {
  const group = await services.groups.create(actingTenant(caller), body);
  return { status: 201, body: toGroup(group, services.environment.id) };
};

/** POST /identity/resources/groups/v1/bulkGet */
export const getGroupsByIds: Handler<'getGroupsByIds'> = async ({ body, caller, query, services }) => {
  const groups = await services.groups.getMany(actingTenant(caller), body.groupsIds, query._groupsRelations);
  return { status: 201, body: { groups: groups.map((group) => toGroup(group, services.environment.id)) } };
};

/** GET /identity/resources/groups/v1/config */
export const getGroupsConfiguration: Handler<'getGroupsConfiguration'> = async ({ services }) => {
  return { status: 200, body: await services.groups.configuration() };
};

/** POST /identity/resources/groups/v1/config */
export const updateGroupsConfiguration: Handler<'updateGroupsConfiguration'> = async ({ body, services }) => {
  await services.groups.configure(body);
  return { status: 201, body: undefined };
};

/** GET /identity/resources/groups/v1/{id} */
export const getGroup: Handler<'getGroup'> = async ({ caller, params, query, services }) => {
  const group = await services.groups.get(actingTenant(caller), params.id, query._groupsRelations);
  return { status: 200, body: toGroup(group, services.environment.id) };
};

/** PATCH /identity/resources/groups/v1/{id} */
export const updateGroup: Handler<'updateGroup'> = async ({ body, caller, params, services }) => {
  const group = await services.groups.update(actingTenant(caller), params.id, body);
  return { status: 200, body: toGroup(group, services.environment.id) };
};

/** DELETE /identity/resources/groups/v1/{id} */
export const deleteGroup: Handler<'deleteGroup'> = async ({ caller, params, services }) => {
  await services.groups.remove(actingTenant(caller), params.id);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/groups/v1/{groupId}/roles */
export const addRolesToGroup: Handler<'addRolesToGroup'> = async ({ body, caller, params, services }) => {
  await services.groups.addRoles(actingTenant(caller), params.groupId, body.roleIds);
  return { status: 201, body: undefined };
};

/** DELETE /identity/resources/groups/v1/{groupId}/roles */
export const removeRolesFromGroup: Handler<'removeRolesFromGroup'> = async ({ body, caller, params, services }) => {
  await services.groups.removeRoles(actingTenant(caller), params.groupId, body.roleIds);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/groups/v1/{groupId}/users */
export const addUsersToGroup: Handler<'addUsersToGroup'> = async ({ body, caller, params, services }) => {
  await services.groups.addUsers(actingTenant(caller), params.groupId, body.userIds);
  return { status: 201, body: undefined };
};

/** DELETE /identity/resources/groups/v1/{groupId}/users */
export const removeUsersFromGroup: Handler<'removeUsersFromGroup'> = async ({ body, caller, params, services }) => {
  await services.groups.removeUsers(actingTenant(caller), params.groupId, body.userIds);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/groups/v2 */
export const getGroupsPaginated: Handler<'getGroupsPaginated'> = async ({ caller, query, services }) => {
  const { _limit: limit = 50, _offset: page = 0, _sortBy: sortBy = 'createdAt', _order: order = 'ASC', _groupsRelations: relations } = query;
  const { items, totalItems } = await services.groups.page(actingTenant(caller), { limit, page, sortBy, order, relations });
  const groups = items.map((group) => toGroup(group, services.environment.id));
  const kept = { _groupsRelations: relations, _sortBy: sortBy, _order: order };
  return { status: 200, body: toPage(groups, { page, limit, total: totalItems }, '/identity/resources/groups/v2', kept) };
};

/** GET /identity/resources/users/v3/groups */
export const getUsersGroups: Handler<'getUsersGroups'> = async ({ caller, query, services }) => {
  const tenantId = actingTenant(caller);
  const memberships = await services.groups.groupsOfMembers(tenantId, query.ids);
  return { status: 200, body: toUsersGroups(memberships, tenantId, services.environment.id) };
};
