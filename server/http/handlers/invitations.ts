import { actingAccount } from '../caller';
import type { Handler } from '../operations';

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
