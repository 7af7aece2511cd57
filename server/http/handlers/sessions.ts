import { type Caller, actingUser } from '../caller';
import type { Handler } from '../operations';
import { toSessionConfiguration, toUserSession } from '../presenters/user-session';

/** The account a session configuration call is about: the member's, or `frontegg-tenant-id`; null: the environment default. */
function policyScope(caller: Caller): string | null {
  return caller.kind === 'user' || caller.kind === 'environment' ? (caller.tenantId ?? null) : null;
}

/** The user whose sessions a self-service call is about, and the session of a user token. */
function ownerOf(caller: Caller) {
  return { userId: actingUser(caller).userId, sessionId: caller.kind === 'user' ? caller.sessionId : undefined };
}

// session configuration

/** GET /identity/resources/configurations/sessions/v1/vendor */
export const getVendorSessionConfiguration: Handler<'getVendorSessionConfiguration'> = async ({ services }) => {
  return { status: 200, body: toSessionConfiguration(await services.userSessions.policy(null)) };
};

/** GET /identity/resources/configurations/sessions/v1 */
export const getSessionConfiguration: Handler<'getSessionConfiguration'> = async ({ caller, services }) => {
  return { status: 200, body: toSessionConfiguration(await services.userSessions.policy(policyScope(caller))) };
};

/** POST /identity/resources/configurations/sessions/v1 */
export const setSessionConfiguration: Handler<'setSessionConfiguration'> = async ({ body, caller, services }) => {
  return { status: 201, body: toSessionConfiguration(await services.userSessions.setPolicy(policyScope(caller), body)) };
};

// the caller's own sessions

/** GET /identity/resources/users/sessions/v1/me */
export const getMySessions: Handler<'getMySessions'> = async ({ caller, services }) => {
  return { status: 200, body: (await services.userSessions.list(ownerOf(caller))).map(toUserSession) };
};

/** GET /identity/resources/users/sessions/v1/me/current */
export const getMyCurrentSession: Handler<'getMyCurrentSession'> = async ({ caller, services }) => {
  return { status: 200, body: toUserSession(await services.userSessions.current(ownerOf(caller))) };
};

/** DELETE /identity/resources/users/sessions/v1/me/all */
export const deleteMyOtherSessions: Handler<'deleteMyOtherSessions'> = async ({ caller, services }) => {
  await services.userSessions.revokeOthers(ownerOf(caller));
  return { status: 200, body: undefined };
};

/** DELETE /identity/resources/users/sessions/v1/me/{id} */
export const deleteMySession: Handler<'deleteMySession'> = async ({ params, caller, services }) => {
  await services.userSessions.revokeOne(ownerOf(caller), params.id);
  return { status: 200, body: undefined };
};

// an admin's

/** POST /identity/resources/users/sessions/v1/revoke */
export const revokeUserSessions: Handler<'revokeUserSessions'> = async ({ body, caller, services }) => {
  const tenantId = caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined;
  await services.userSessions.revokeAllOf(body.userId, tenantId);
  return { status: 200, body: undefined };
};
