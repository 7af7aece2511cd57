import { type Caller, actingAccount, actingUser } from '../caller';
import type { Handler } from '../operations';
import { toInvitationStrategy, toInviteToken } from '../presenters/tenant-invite';

/** The account whose tokens a call is about: the member's, or `frontegg-tenant-id`; the environment without it: every account. */
function scopeOf(caller: Caller): string | undefined {
  return caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined;
}

/** The member acting on their own link; a member's own call checks the roles they hand on. */
function memberOf(caller: Caller) {
  return { ...actingUser(caller), checkElevation: caller.kind === 'user' };
}

// invitations of one member

/** POST /identity/resources/users/v1/invitation/accept */
export const acceptInvitation: Handler<'acceptInvitation'> = async ({ body, services }) => {
  await services.invitations.accept({ userId: body.userId, token: body.token });
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/v1/invitation/accept/code */
export const acceptInvitationWithCode: Handler<'acceptInvitationWithCode'> = async ({ body, services }) => {
  await services.invitations.accept(body);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/v1/invitation/reset */
export const resetInvitation: Handler<'resetInvitation'> = async ({ body, caller, services }) => {
  return { status: 200, body: await services.invitations.reset(actingAccount(caller).tenantId, body.email) };
};

/** POST /identity/resources/users/v1/invitation/reset/all */
export const resetAllInvitations: Handler<'resetAllInvitations'> = async ({ body, caller, services }) => {
  return { status: 200, body: { items: await services.invitations.resetAll(actingAccount(caller).tenantId, body.email) } };
};

// invitation tokens

/** POST /identity/resources/tenants/invites/v1 */
export const createTenantInvite: Handler<'createTenantInvite'> = async ({ body, services }) => {
  return { status: 201, body: toInviteToken(services.environment.id, await services.tenantInvites.createForAccount(body)) };
};

/** GET /identity/resources/tenants/invites/v1/all */
export const getTenantInvites: Handler<'getTenantInvites'> = async ({ caller, services }) => {
  const invites = await services.tenantInvites.list(scopeOf(caller));
  return { status: 200, body: invites.map((invite) => toInviteToken(services.environment.id, invite)) };
};

/** DELETE /identity/resources/tenants/invites/v1/token/{id} */
export const deleteTenantInvite: Handler<'deleteTenantInvite'> = async ({ params, caller, services }) => {
  await services.tenantInvites.remove(params.id, scopeOf(caller));
  return { status: 200, body: undefined };
};

/** GET /identity/resources/tenants/invites/v1/user */
export const getOwnTenantInvite: Handler<'getOwnTenantInvite'> = async ({ caller, services }) => {
  return { status: 200, body: toInviteToken(services.environment.id, await services.tenantInvites.ofMember(actingUser(caller))) };
};

/** POST /identity/resources/tenants/invites/v1/user */
export const createOwnTenantInvite: Handler<'createOwnTenantInvite'> = async ({ body, caller, services }) => {
  const invite = await services.tenantInvites.createForMember(memberOf(caller), body);
  return { status: 201, body: toInviteToken(services.environment.id, invite) };
};

/** PATCH /identity/resources/tenants/invites/v1/user */
export const updateOwnTenantInvite: Handler<'updateOwnTenantInvite'> = async ({ body, caller, services }) => {
  return { status: 200, body: toInviteToken(services.environment.id, await services.tenantInvites.updateOfMember(actingUser(caller), body)) };
};

/** DELETE /identity/resources/tenants/invites/v1/user */
export const deleteOwnTenantInvite: Handler<'deleteOwnTenantInvite'> = async ({ caller, services }) => {
  await services.tenantInvites.removeOfMember(actingUser(caller));
  return { status: 200, body: undefined };
};

/** POST /identity/resources/tenants/invites/v2/user */
export const createOwnTenantInviteV2: Handler<'createOwnTenantInviteV2'> = async ({ body, caller, services }) => {
  const invite = await services.tenantInvites.createForMember(memberOf(caller), body);
  return { status: 201, body: toInviteToken(services.environment.id, invite) };
};

/** POST /identity/resources/tenants/invites/v1/verify */
export const verifyTenantInvite: Handler<'verifyTenantInvite'> = async ({ body, services }) => {
  return { status: 200, body: toInviteToken(services.environment.id, await services.tenantInvites.verify(body.token)) };
};

/** GET /identity/resources/tenants/invites/v1/configuration */
export const getInvitationConfiguration: Handler<'getInvitationConfiguration'> = async ({ services }) => {
  return { status: 200, body: services.tenantInvites.configuration() };
};

// the environment setting of invitations

/** GET /identity/resources/configurations/v1/invitation/strategies */
export const getInvitationStrategySetting: Handler<'getInvitationStrategySetting'> = async ({ services }) => {
  return { status: 200, body: toInvitationStrategy(await services.environment.settings()) };
};

/** POST /identity/resources/configurations/v1/invitation/strategies */
export const setInvitationStrategySetting: Handler<'setInvitationStrategySetting'> = async ({ body, services }) => {
  await services.environment.updateSettings({ invitationCodeExpiration: body.codeExpiration });
  return { status: 200, body: undefined };
};
