import type { SessionPolicyValues } from '../../repositories/session-policies';
import type { UserSession } from '../../services/user-sessions';
import type { Schema } from './schema';

export function toSessionConfiguration(policy: SessionPolicyValues): Schema<'SessionConfiguration'> {
  return {
    sessionIdleTimeoutConfiguration: { isActive: policy.idle_active, timeout: policy.idle_timeout },
    sessionTimeoutConfiguration: { isActive: policy.absolute_active, timeout: policy.absolute_timeout },
    sessionConcurrentConfiguration: { isActive: policy.concurrent_active, maxSessions: policy.max_sessions },
  };
}

export function toUserSession({ row, current }: UserSession): Schema<'UserSession'> {
  return {
    id: row.id,
    userId: row.user_id,
    tenantId: row.tenant_id,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    createdAt: new Date(row.created_at).toISOString(),
    lastActiveAt: new Date(row.last_active_at).toISOString(),
    expires: new Date(row.expires_at).toISOString(),
    current,
    impersonated: row.impersonated_by_type !== null,
    ...(row.impersonated_by_type === 'user'
      ? { impersonatedBy: { type: 'user' as const, userId: row.impersonated_by ?? undefined, reason: row.impersonation_reason } }
      : row.impersonated_by_type === 'environment'
        ? { impersonatedBy: { type: 'environment' as const, reason: row.impersonation_reason } }
        : {}),
  };
}
