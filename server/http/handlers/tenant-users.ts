import { type Caller, actingAccount, actingUser } from '../caller';
import type { Handler } from '../operations';
import { toUserCreated, toUserListItem } from '../presenters/member';
import { toPage } from '../presenters/pagination';
import { toUser } from '../presenters/user';
import type { Services } from '../../services';
import type { UsersListRequest } from '../../services/members';

/** The account a users list is about: the caller's; with an environment token and no account header, `_tenantId` or none (every user). */
function listedTenant(caller: Caller, tenantFilter: string | undefined): string | undefined {
  if (caller.kind === 'environment' && !caller.tenantId) return tenantFilter;
  return actingAccount(caller).tenantId;
}

interface UsersListQuery {
  _phraseSearchContains?: string[];
  _phraseSearchExcludes?: string[];
  _phraseSearchOptional?: string[];
  _phraseSearchApproximate?: boolean;
  _limit?: number;
  _offset?: number;
  _sortBy?: UsersListRequest['sortBy'];
  _order?: UsersListRequest['order'];
  _email?: string;
  _namePrefix?: string;
  _filter?: string;
  _identifier?: string;
  _identifierType?: UsersListRequest['identifierType'];
  _includeSubTenants?: boolean;
  _tenantId?: string;
  ids?: string;
  _externalIds?: string;
}

async function usersPage(caller: Caller, services: Services, query: UsersListQuery, route: string) {
  const request: UsersListRequest = {
    page: query._offset ?? 0,
    limit: query._limit ?? 50,
    sortBy: query._sortBy,
    order: query._order,
    email: query._email,
    namePrefix: query._namePrefix,
    identifier: query._identifier,
    identifierType: query._identifierType,
    ids: query.ids,
    externalIds: query._externalIds,
    // The SDK's search box (`_filter`) is one more phrase the email or name must hold.
    phraseContains: [...(query._phraseSearchContains ?? []), ...(query._filter ? [query._filter] : [])],
    phraseExcludes: query._phraseSearchExcludes,
    phraseOptional: query._phraseSearchOptional,
    phraseApproximate: query._phraseSearchApproximate,
    hideInvisible: caller.kind === 'user',
    includeSubTenants: query._includeSubTenants,
    actorUserId: caller.kind === 'user' ? caller.userId : undefined,
  };
  const { items, total } = await services.members.list(listedTenant(caller, query._tenantId), request);
  const { _limit, _offset, ...rest } = query;
  void _limit;
  void _offset;
  return toPage(
    items.map((item) => toUserListItem(item, services.environment.id)),
    { page: request.page, limit: request.limit, total },
    route,
    rest,
  );
}

/** GET /identity/resources/users/v3 */
export const getUsersV3: Handler<'getUsersV3'> = async ({ caller, query, services }) => {
  return { status: 200, body: await usersPage(caller, services, query ?? {}, '/identity/resources/users/v3') };
};

/** GET /identity/resources/users/v2 */
export const getUsersV2: Handler<'getUsersV2'> = async ({ caller, query, services }) => {
  return { status: 200, body: await usersPage(caller, services, query ?? {}, '/identity/resources/users/v2') };
};

/** GET /identity/resources/users/v1 */
export const getUsersV1: Handler<'getUsersV1'> = async ({ caller, query, services }) => {
  return { status: 200, body: await usersPage(caller, services, query ?? {}, '/identity/resources/users/v1') };
};

/** POST /identity/resources/users/v2 */
export const createUserV2: Handler<'createUserV2'> = async ({ body, caller, services }) => {
  return { status: 201, body: toUserCreated(await services.members.add(actingAccount(caller).tenantId, body), services.environment.id) };
};

/** POST /identity/resources/users/v1 */
export const createUserV1: Handler<'createUserV1'> = async ({ body, caller, services }) => {
  return { status: 201, body: toUserCreated(await services.members.add(actingAccount(caller).tenantId, body), services.environment.id) };
};

/** PUT /identity/resources/users/v1 */
export const updateUserProfileV1: Handler<'updateUserProfileV1'> = async ({ body, caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  return { status: 200, body: toUser(await services.members.updateProfile(tenantId, userId, body)) };
};

/** GET /identity/resources/users/v1/query/phrase */
export const searchUsers: Handler<'searchUsers'> = async ({ caller, query, services }) => {
  return { status: 200, body: await usersPage(caller, services, query ?? {}, '/identity/resources/users/v1/query/phrase') };
};

/** POST /identity/resources/tenants/users/v1/count */
export const getTenantsUsersCount: Handler<'getTenantsUsersCount'> = async ({ body, caller, services }) => {
  const only = caller.kind === 'environment' && !caller.tenantId ? undefined : actingAccount(caller).tenantId;
  return { status: 200, body: await services.myTenants.count(body.tenantIds, only, body.excludeInvisibleUsers ?? false) };
};
