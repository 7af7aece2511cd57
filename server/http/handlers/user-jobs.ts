import { actingAccount } from '../caller';
import type { Handler } from '../operations';
import { toBulkInviteStatus, toBulkRolesTaskStatus } from '../presenters/job';

/** PATCH /identity/resources/vendor-only/users/v1/{userId}/roles/bulk */
export const bulkUpdateUserRoles: Handler<'bulkUpdateUserRoles'> = async ({ params, body, services }) => {
  return { status: 200, body: await services.bulkRoles.update(params.userId, body) };
};

/** GET /identity/resources/vendor-only/users/v1/bulk-roles/status/{taskId} */
export const getBulkUserRolesStatus: Handler<'getBulkUserRolesStatus'> = async ({ params, services }) => {
  return { status: 200, body: toBulkRolesTaskStatus(await services.bulkRoles.status(params.taskId)) };
};

/** POST /identity/resources/users/bulk/v1/invite */
export const bulkInviteUsers: Handler<'bulkInviteUsers'> = async ({ body, caller, services }) => {
  return { status: 202, body: await services.bulkInvites.invite(actingAccount(caller).tenantId, body) };
};

/** GET /identity/resources/users/bulk/v1/status/{id}: a member (or an environment token naming an account) sees that account's invites only. */
export const getBulkInviteStatus: Handler<'getBulkInviteStatus'> = async ({ params, caller, services }) => {
  const tenantId = caller.kind === 'anonymous' ? undefined : caller.tenantId;
  return { status: 200, body: toBulkInviteStatus(await services.bulkInvites.status(params.id, tenantId)) };
};
