import type { EnvironmentSettings } from '../../services/environment';
import type { TenantInvite } from '../../services/tenant-invites';
import type { Schema } from './schema';

/** An invitation token; the secret only where the service hands it over (else empty: only its hash is kept). */
export function toInviteToken(vendorId: string, { row, token }: TenantInvite): Schema<'InviteToken'> {
  return {
    id: row.id,
    vendorId,
    tenantId: row.tenant_id,
    ...(row.user_id !== null ? { userId: row.user_id } : {}),
    token: token ?? '',
    expires: new Date(row.expires_at).toISOString(),
    shouldSendEmail: row.should_send_email,
    name: row.tenant_name,
    roleIds: row.role_ids,
    ...(row.created_by !== null ? { createdBy: row.created_by } : {}),
  };
}

export function toActivationStrategy(settings: EnvironmentSettings): Schema<'ActivationStrategySetting'> {
  return { strategy: settings.activationStrategy, codeExpiration: settings.activationCodeExpiration };
}

export function toInvitationStrategy(settings: EnvironmentSettings): Schema<'InvitationStrategySetting'> {
  return { strategy: settings.invitationStrategy, codeExpiration: settings.invitationCodeExpiration };
}

export function toUserEmailsPolicy(settings: EnvironmentSettings): Schema<'UserEmailsPolicy'> {
  return { allowEmailChange: settings.allowEmailChange };
}
