import type { PasswordPolicyRow } from '../../repositories/password-policies';
import { rotationFromRow } from '../../services/password-policies';
import type { Schema } from './schema';

export function toPasswordHistoryPolicy(row: PasswordPolicyRow): Schema<'PasswordHistoryPolicy'> {
  return {
    id: row.id,
    enabled: row.settings.enabled === true,
    historySize: Number(row.settings.historySize),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
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
