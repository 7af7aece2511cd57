import type { AppliedLockoutPolicy } from '../../services/lockout';
import type { Schema } from './schema';

export function toLockoutPolicy({ policy, level }: AppliedLockoutPolicy): Schema<'LockoutPolicy'> {
  return {
    id: policy.id,
    enabled: policy.enabled,
    maxAttempts: policy.max_attempts,
    level,
    createdAt: new Date(policy.created_at).toISOString(),
    updatedAt: new Date(policy.updated_at).toISOString(),
  };
}
