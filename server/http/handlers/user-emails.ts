import { actingUser, type Caller } from '../caller';
import type { Handler } from '../operations';
import { toPage } from '../presenters/pagination';
import { toUserEmail, toUsername } from '../presenters/user-email';

/** The account a list is about: the caller's; an environment token without `frontegg-tenant-id` sees every user. */
function listedTenant(caller: Caller): string | undefined {
  return caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined;
}

// user emails

/** GET /identity/resources/users/emails/v1 */
export const getUserEmails: Handler<'getUserEmails'> = async ({ caller, query, services }) => {
  const { _limit, _offset, ...rest } = query ?? {};
  const request = { page: _offset ?? 0, limit: _limit ?? 50, sortBy: rest._sortBy, order: rest._order, emailPrefix: rest._email, userIds: rest.userIds };
  const { rows, total } = await services.userEmails.list(listedTenant(caller), request);
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

// usernames

/** GET /identity/resources/usernames/v1 */
export const getUsernames: Handler<'getUsernames'> = async ({ caller, query, services }) => {
  const { _limit, _offset, ...rest } = query ?? {};
  const request = {
    page: _offset ?? 0,
    limit: _limit ?? 50,
    sortBy: rest._sortBy,
    order: rest._order,
    prefix: rest._usernamePrefix,
    userIds: rest.userIds,
    usernames: rest.usernames,
  };
  const { rows, total } = await services.usernames.list(listedTenant(caller), request);
  return { status: 200, body: toPage(rows.map(toUsername), { ...request, total }, '/identity/resources/usernames/v1', rest) };
};

/** POST /identity/resources/usernames/v1 */
export const createUsername: Handler<'createUsername'> = async ({ body, caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const { created } = await services.usernames.set(userId, body.username, tenantId);
  return created ? { status: 201, body: undefined } : { status: 200, body: undefined };
};

/** DELETE /identity/resources/usernames/v1/{username} */
export const deleteUsername: Handler<'deleteUsername'> = async ({ params, caller, services }) => {
  // A user deletes only their own; the environment any, or only that of the user in `frontegg-user-id`.
  const owner = caller.kind === 'anonymous' ? undefined : caller.userId;
  await services.usernames.remove(params.username, owner);
  return { status: 200, body: undefined };
};

/** GET /identity/resources/usernames/v1/me */
export const getUsernameMe: Handler<'getUsernameMe'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  return { status: 200, body: toUsername(await services.usernames.ofUser(userId, tenantId)) };
};
