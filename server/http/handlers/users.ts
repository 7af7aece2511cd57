import type { Handler } from '../operations';
import { toUser } from '../presenters/user';

/** POST /identity/resources/vendor-only/users/v1 */
export const createVendorOnlyUser: Handler<'createVendorOnlyUser'> = async ({ body, services }) => {
  const user = await services.users.createByVendor(body);
  return { status: 201, body: toUser(user) };
};

/** GET /identity/resources/vendor-only/users/v1/{userId} */
export const getVendorOnlyUser: Handler<'getVendorOnlyUser'> = async ({ params, services }) => {
  const user = await services.users.getWithTenants(params.userId);
  return { status: 200, body: toUser(user) };
};
