import { actingUser } from '../caller';
import type { Handler } from '../operations';
import { toUserListItem } from '../presenters/member';
import { toUser } from '../presenters/user';

/** GET /identity/resources/users/v2/me */
export const getUserProfile: Handler<'getUserProfile'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  return { status: 200, body: toUser(await services.users.getInTenant(tenantId, userId)) };
};

/** PUT /identity/resources/users/v2/me */
export const updateUserProfile: Handler<'updateUserProfile'> = async ({ body, caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  return { status: 200, body: toUser(await services.members.updateProfile(tenantId, userId, body)) };
};

/** GET /identity/resources/users/v3/me */
export const getUserProfileV3: Handler<'getUserProfileV3'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  const profile = await services.users.getInTenant(tenantId, userId);
  return { status: 200, body: toUserListItem({ ...profile, tenantId }, services.environment.id) };
};
