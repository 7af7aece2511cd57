import { actingUser, listedAccount } from '../caller';
import type { Handler } from '../operations';
import { toPage } from '../presenters/pagination';
import { toUsername } from '../presenters/user-email';

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
  const { rows, total } = await services.usernames.list(listedAccount(caller), request);
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
