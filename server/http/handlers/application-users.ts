import { type Scope, uuidList } from '../../services/applications';
import { errors } from '../../services/errors';
import type { Caller } from '../caller';
import type { Handler } from '../operations';
import { toApplicationUserTenant } from '../presenters/application';

/** Where a users-applications route looks: the user token's account, or the environment's `frontegg-tenant-id`, or everywhere. */
function scopeOf(caller: Caller): Scope {
  return { tenantId: caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined };
}

/** The user a route about "my applications" is for: the token's, or the environment's `frontegg-user-id`. */
function actingUserId(caller: Caller): string {
  if (caller.kind === 'user') return caller.userId;
  if (caller.kind === 'environment' && caller.userId) return caller.userId;
  throw errors.missingActingUser();
}

/** GET /identity/resources/applications/v1/{appId}/users */
export const getUsersForApplication: Handler<'getUsersForApplication'> = async ({ caller, params, services }) => {
  return { status: 200, body: await services.applications.usersOf(scopeOf(caller), params.appId) };
};

/** GET /identity/resources/applications/v1/{userId}/apps */
export const getApplicationsForUser: Handler<'getApplicationsForUser'> = async ({ caller, params, services }) => {
  return { status: 200, body: await services.applications.applicationsOf(scopeOf(caller), params.userId) };
};

/** POST /identity/resources/applications/v1 */
export const assignUsersToApplication: Handler<'assignUsersToApplication'> = async ({ body, caller, services }) => {
  const assignments = await services.applications.assignUsers(scopeOf(caller), body);
  return { status: 201, body: assignments.map(toApplicationUserTenant) };
};

/** DELETE /identity/resources/applications/v1 */
export const unassignUsersFromApplication: Handler<'unassignUsersFromApplication'> = async ({ body, caller, services }) => {
  await services.applications.unassignUsers(scopeOf(caller), body);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/applications/user-tenants/active/v1 */
export const getUserApplicationActiveTenants: Handler<'getUserApplicationActiveTenants'> = async ({ caller, services }) => {
  return { status: 200, body: { applicationActiveTenants: await services.applications.activeTenants(actingUserId(caller)) } };
};

/** PUT /identity/resources/applications/user-tenants/active/v1 */
export const switchUserApplicationActiveTenant: Handler<'switchUserApplicationActiveTenant'> = async ({ body, caller, services }) => {
  await services.applications.switchActiveTenants(actingUserId(caller), body.activeApplicationTenants);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/applications/v1/users-apps */
export const getUsersApplicationsIds: Handler<'getUsersApplicationsIds'> = async ({ caller, query, services }) => {
  return { status: 200, body: await services.applications.usersApplications(scopeOf(caller), uuidList(query.userIds) ?? []) };
};

/** GET /identity/resources/applications/v1/apps-users */
export const getApplicationsUsersIds: Handler<'getApplicationsUsersIds'> = async ({ caller, query, services }) => {
  return { status: 200, body: await services.applications.applicationsUsers(scopeOf(caller), uuidList(query.appIds) ?? []) };
};

/** POST /identity/resources/applications/v1/apps-user */
export const assignUserToApplications: Handler<'assignUserToApplications'> = async ({ body, caller, services }) => {
  await services.applications.assignUserToApplications(scopeOf(caller), body);
  return { status: 201, body: undefined };
};

/** DELETE /identity/resources/applications/v1/user-apps */
export const unassignUserFromApplications: Handler<'unassignUserFromApplications'> = async ({ body, caller, services }) => {
  await services.applications.unassignUserFromApplications(scopeOf(caller), body);
  return { status: 200, body: undefined };
};
