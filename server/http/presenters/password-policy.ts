import type { PasswordPolicyRow } from '../../repositories/password-policies';
import { rotationFromRow, type AppliedPolicy } from '../../services/password-policies';
import type { Schema } from './schema';

export function toPasswordHistoryPolicy({ policy, level }: AppliedPolicy): Schema<'PasswordHistoryPolicy'> {
  return {
    id: policy.id,
    enabled: policy.settings.enabled === true,
    historySize: Number(policy.settings.historySize),
    level,
    createdAt: new Date(policy.created_at).toISOString(),
    updatedAt: new Date(policy.updated_at).toISOString(),
  };
}

export function toPasswordRotationPolicy(row: PasswordPolicyRow): Schema<'PasswordRotationPolicy'> {
  return {
    ...rotationFromRow(row),
    tenantId: row.tenant_id ?? '',
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
