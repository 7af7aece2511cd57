import { actingUser, type Caller } from '../caller';
import type { Handler } from '../operations';
import { toActivationStrategy, toInvitationStrategy, toInviteToken, toUserEmailsPolicy } from '../presenters/tenant-invite';

/** The account whose tokens a call is about: the member's, or `frontegg-tenant-id`; the environment without it: every account. */
function scopeOf(caller: Caller): string | undefined {
  return caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined;
}

/** The member acting on their own link; a member's own call checks the roles they hand on. */
function memberOf(caller: Caller) {
  return { ...actingUser(caller), checkElevation: caller.kind === 'user' };
}

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

// environment settings of activation, invitation and user emails

/** GET /identity/resources/configurations/v1/activation/strategies */
export const getActivationStrategySetting: Handler<'getActivationStrategySetting'> = async ({ services }) => {
  return { status: 200, body: toActivationStrategy(await services.environment.settings()) };
};

/** POST /identity/resources/configurations/v1/activation/strategies */
export const setActivationStrategySetting: Handler<'setActivationStrategySetting'> = async ({ body, services }) => {
  await services.environment.updateSettings({ activationStrategy: body.strategy, activationCodeExpiration: body.codeExpiration });
  return { status: 200, body: undefined };
};

/** GET /identity/resources/configurations/v1/invitation/strategies */
export const getInvitationStrategySetting: Handler<'getInvitationStrategySetting'> = async ({ services }) => {
  return { status: 200, body: toInvitationStrategy(await services.environment.settings()) };
};

/** POST /identity/resources/configurations/v1/invitation/strategies */
export const setInvitationStrategySetting: Handler<'setInvitationStrategySetting'> = async ({ body, services }) => {
  await services.environment.updateSettings({ invitationCodeExpiration: body.codeExpiration });
  return { status: 200, body: undefined };
};

/** GET /identity/resources/configurations/v1/user-emails-policy */
export const getUserEmailsPolicy: Handler<'getUserEmailsPolicy'> = async ({ services }) => {
  return { status: 200, body: toUserEmailsPolicy(await services.environment.settings()) };
};

/** POST /identity/resources/configurations/v1/user-emails-policy */
export const setUserEmailsPolicy: Handler<'setUserEmailsPolicy'> = async ({ body, services }) => {
  await services.environment.updateSettings({ allowEmailChange: body.allowEmailChange });
  return { status: 200, body: undefined };
};
