import { actingAccount, actingUser } from '../caller';
import type { Handler } from '../operations';
import { toTeamMember, toTeamMembersPage, toTeamMemberUpdated, toTeamRoles, toTeamStats } from '../presenters/team';

/**
 * The legacy team service the browser SDK's `api.teams` still calls: the caller's account's members,
 * roles and counts, and the caller's profile picture, over the same services as the identity routes.
 */

/** GET /team/resources/members/v1 */
export const listTeamMembers: Handler<'listTeamMembers'> = async ({ caller, query, services }) => {
  const actor = actingAccount(caller);
  const limit = query.pageSize ?? 20;
  const request = {
    page: query.pageOffset ?? 0,
    limit,
    sortBy: query.sortBy ?? 'name',
    order: query.sortDirection ?? 'asc',
    search: query.searchFilter ?? query.filter,
  };
  const { items, total } = await services.team.list(actor, request);
  const members = items.map((item) => toTeamMember(item.user, item.memberships, item.roles, actor.tenantId, services.environment.id));
  return { status: 200, body: toTeamMembersPage(members, total, limit) };
};

/** PUT /team/resources/members/v1 */
export const updateTeamMember: Handler<'updateTeamMember'> = async ({ body, caller, services }) => {
  const actor = actingAccount(caller);
  const { user, memberships, roles, vendorId } = await services.team.setRoles(actor, body.id, body.roleIds);
  return { status: 200, body: toTeamMemberUpdated(toTeamMember(user, memberships, roles, actor.tenantId, vendorId)) };
};

/** DELETE /team/resources/members/v1/{userId} */
export const deleteTeamMember: Handler<'deleteTeamMember'> = async ({ caller, params, services }) => {
  const { tenantId } = actingAccount(caller);
  const { user, memberships, roles, vendorId } = await services.team.remove(tenantId, params.userId);
  return { status: 200, body: toTeamMember(user, memberships, roles, tenantId, vendorId) };
};

/** POST /team/resources/members/v1/{userId}/resendActivationEmail */
export const resendTeamMemberActivationEmail: Handler<'resendTeamMemberActivationEmail'> = async ({ caller, params, services }) => {
  await services.team.resendActivation(actingAccount(caller).tenantId, params.userId);
  return { status: 201, body: undefined };
};

/** GET /team/resources/roles/v1 */
export const listTeamRoles: Handler<'listTeamRoles'> = async ({ caller, services }) => {
  return { status: 200, body: toTeamRoles(await services.team.roles(actingAccount(caller).tenantId), services.environment.id) };
};

/** GET /team/resources/stats/v1/members */
export const getTeamMembersStats: Handler<'getTeamMembersStats'> = async ({ caller, services }) => {
  return { status: 200, body: toTeamStats(await services.team.stats(actingAccount(caller).tenantId)) };
};

/** PUT /team/resources/profile/me/image/v1 (a multipart file `image`, or JSON `{profileImage}` with a data URL) */
export const uploadMyProfileImage: Handler<'uploadMyProfileImage'> = async ({ body, caller, files, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const file = files.find((candidate) => candidate.fieldname === 'image');
  const dataUrl = typeof body?.profileImage === 'string' ? body.profileImage : undefined;
  const url = await services.team.uploadProfileImage(tenantId, userId, { data: file?.buffer, dataUrl });
  return { status: 200, body: url, contentType: 'text/plain' };
};

/** GET /team/resources/profile/images/v1/{imageId} */
export const getProfileImage: Handler<'getProfileImage'> = async ({ params, services }) => {
  const image = await services.team.profileImage(params.imageId);
  const headers = { 'cache-control': 'public, max-age=31536000, immutable', 'cross-origin-resource-policy': 'cross-origin' };
  return { status: 200, body: image.data, contentType: image.content_type, headers };
};
