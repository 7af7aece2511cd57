import type { LockoutPolicyRow } from '../../repositories/lockout';
import type { Schema } from './schema';

export function toLockoutPolicy(row: LockoutPolicyRow): Schema<'LockoutPolicy'> {
  return {
    id: row.id,
    enabled: row.enabled,
    maxAttempts: row.max_attempts,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
