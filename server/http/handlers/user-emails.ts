import { actingUser, listedAccount } from '../caller';
import type { Handler } from '../operations';
import { toUserEmailsPolicy } from '../presenters/tenant-invite';
import { toPage } from '../presenters/pagination';
import { toUserEmail } from '../presenters/user-email';
import { toUser } from '../presenters/user';

// the environment setting of user emails

/** GET /identity/resources/configurations/v1/user-emails-policy */
export const getUserEmailsPolicy: Handler<'getUserEmailsPolicy'> = async ({ services }) => {
  return { status: 200, body: toUserEmailsPolicy(await services.environment.settings()) };
};

/** POST /identity/resources/configurations/v1/user-emails-policy */
export const setUserEmailsPolicy: Handler<'setUserEmailsPolicy'> = async ({ body, services }) => {
  await services.environment.updateSettings({ allowEmailChange: body.allowEmailChange });
  return { status: 200, body: undefined };
};

// user emails

/** GET /identity/resources/users/emails/v1 */
export const getUserEmails: Handler<'getUserEmails'> = async ({ caller, query, services }) => {
  const { _limit, _offset, ...rest } = query ?? {};
  const request = { page: _offset ?? 0, limit: _limit ?? 50, sortBy: rest._sortBy, order: rest._order, emailPrefix: rest._email, userIds: rest.userIds };
  const { rows, total } = await services.userEmails.list(listedAccount(caller), request);
  return { status: 200, body: toPage(rows.map(toUserEmail), { ...request, total }, '/identity/resources/users/emails/v1', rest) };
};

/** POST /identity/resources/users/emails/v1 */
export const createUserEmail: Handler<'createUserEmail'> = async ({ body, caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const { email, created } = await services.userEmails.add(userId, body.email, { tenantId });
  return created ? { status: 201, body: toUserEmail(email) } : { status: 200, body: toUserEmail(email) };
};

/** POST /identity/resources/users/emails/v1/verify */
export const verifyUserEmail: Handler<'verifyUserEmail'> = async ({ body, caller, services }) => {
  await services.userEmails.verify(actingUser(caller).userId, body.code, body.email);
  return { status: 200, body: undefined };
};

/** DELETE /identity/resources/users/emails/v1/{emailId} */
export const deleteUserEmail: Handler<'deleteUserEmail'> = async ({ params, caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  await services.userEmails.remove(userId, params.emailId, tenantId);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/users/emails/v1/me */
export const getUserEmailsMe: Handler<'getUserEmailsMe'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  return { status: 200, body: (await services.userEmails.ofUser(userId, tenantId)).map(toUserEmail) };
};

/** POST /identity/resources/users/emails/v1/me/primary */
export const markUserEmailPrimaryMe: Handler<'markUserEmailPrimaryMe'> = async ({ body, caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  await services.userEmails.makePrimary(userId, body.email, { tenantId, self: true });
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/emails/v1/vendor/{userId} */
export const createUserEmailVendor: Handler<'createUserEmailVendor'> = async ({ params, body, services }) => {
  const { email, created } = await services.userEmails.add(params.userId, body.email, { verified: body.isVerified });
  return created ? { status: 201, body: toUserEmail(email) } : { status: 200, body: toUserEmail(email) };
};

/** DELETE /identity/resources/users/emails/v1/vendor/{userId}/{emailId} */
export const deleteUserEmailVendor: Handler<'deleteUserEmailVendor'> = async ({ params, services }) => {
  await services.userEmails.remove(params.userId, params.emailId);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/emails/v1/vendor/{userId}/primary */
export const markUserEmailPrimaryVendor: Handler<'markUserEmailPrimaryVendor'> = async ({ params, body, services }) => {
  await services.userEmails.makePrimary(params.userId, body.email);
  return { status: 200, body: undefined };
};

/** PUT /identity/resources/users/v1/{userId}/email */
export const updateUserEmail: Handler<'updateUserEmail'> = async ({ params, body, services }) => {
  return { status: 200, body: toUser(await services.userLinks.updateEmailByVendor(params.userId, body.email)) };
};

/** POST /identity/resources/users/v1/email/me */
export const updateEmailMe: Handler<'updateEmailMe'> = async ({ body, caller, services }) => {
  await services.userLinks.requestEmailChange(actingUser(caller).userId, body.email);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/v1/email/me/verify */
export const verifyEmailMe: Handler<'verifyEmailMe'> = async ({ body, caller, services }) => {
  await services.userLinks.verifyEmailChange(actingUser(caller).userId, body.code, body.email);
  return { status: 200, body: undefined };
};
