import { firstOf } from '../../lib/narrow';
import type { JobView } from '../../services/jobs';
import type { Schema } from './schema';

const TASK_STATUS = { PENDING: 'NotStarted', IN_PROGRESS: 'InProgress', COMPLETED: 'Completed' } as const;

/** A background change of a user's roles, as the bulk-roles status route shows it. */
export function toBulkRolesTaskStatus({ job, items }: JobView): Schema<'BulkRolesTaskStatus'> {
  // Every item holds the same user and roles (one item per account): the first tells them.
  const change = firstOf(items, 'an item of a bulk-roles job').input as { userId: string; add: string[]; remove: string[] };
  const failed = items.filter((item) => item.status === 'FAILED');
  const status = job.state === 'COMPLETED' && failed.length > 0 ? 'CompletedWithErrors' : TASK_STATUS[job.state];
  return {
    id: job.id,
    userId: change.userId,
    status,
    totalTenants: job.total,
    processedTenants: items.filter((item) => item.status !== 'PENDING').length,
    addedRoleIds: change.add,
    removedRoleIds: change.remove,
    errors: failed.map((item) => ({ message: item.error ?? 'Failed', tenantId: item.key, ...(item.error_code ? { details: item.error_code } : {}) })),
  };
}

/** A bulk invite, as its status route shows it. */
export function toBulkInviteStatus({ job, items }: JobView): Schema<'BulkInviteStatus'> {
  const count = (status: string) => items.filter((item) => item.status === status).length;
  const failed = items.filter((item) => item.status === 'FAILED');
  return {
    id: job.id,
    tenantId: job.tenant_id ?? '',
    status: job.state === 'COMPLETED' && failed.length > 0 ? 'CompletedWithErrors' : TASK_STATUS[job.state],
    totalUsers: job.total,
    invitedUsers: count('SUCCEEDED'),
    failedUsers: failed.length,
    pendingUsers: count('PENDING'),
    errors: failed.map((item) => ({ email: item.key, message: item.error ?? 'Failed', ...(item.error_code ? { errorCode: item.error_code } : {}) })),
    createdAt: job.created_at.toISOString(),
    completedAt: job.completed_at?.toISOString() ?? null,
  };
}
