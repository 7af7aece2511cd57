import type { Handler } from '../operations';
import { toBulkRolesTaskStatus } from '../presenters/job';

/** PATCH /identity/resources/vendor-only/users/v1/{userId}/roles/bulk */
export const bulkUpdateUserRoles: Handler<'bulkUpdateUserRoles'> = async ({ params, body, services }) => {
  return { status: 200, body: await services.bulkRoles.update(params.userId, body) };
};

/** GET /identity/resources/vendor-only/users/v1/bulk-roles/status/{taskId} */
export const getBulkUserRolesStatus: Handler<'getBulkUserRolesStatus'> = async ({ params, services }) => {
  return { status: 200, body: toBulkRolesTaskStatus(await services.bulkRoles.status(params.taskId)) };
};
