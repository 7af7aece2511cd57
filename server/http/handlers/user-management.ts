import { actingUser } from '../auth';
import type { Handler } from '../operations';
import { toUser } from '../presenters/user';

/** GET /identity/resources/users/v2/me */
export const getUserProfile: Handler<'getUserProfile'> = async ({ caller, services }) => {
  const { tenantId, userId } = actingUser(caller);
  return { status: 200, body: toUser(await services.users.getInTenant(tenantId, userId)) };
};
