import type { UserProfile } from '../../services/users';
import { toPermission, toRole } from './role';
import type { Schema } from './schema';

/**
 * The user as Frontegg's `UserDto` shows it, with the roles given to them directly in each account.
 * Never includes the password hash.
 */
export function toUser({ user, memberships, activeTenantId, vendorId, roles, permissions }: UserProfile): Schema<'User'> {
  const rolesIn = (tenantId: string) =>
    roles.filter((role) => role.member_tenant_id === tenantId).map((role) => toRole(role, vendorId));
  return {
    id: user.id,
    sub: user.id,
    email: user.email,
    name: user.name,
    profilePictureUrl: user.profile_picture_url,
    phoneNumber: user.phone_number,
    verified: user.verified,
    mfaEnrolled: false,
    mfaBypass: user.mfa_bypass,
    provider: user.provider,
    tenantId: activeTenantId,
    tenantIds: memberships.map((membership) => membership.tenant_id),
    tenants: memberships.map((membership) => ({
      tenantId: membership.tenant_id,
      roles: rolesIn(membership.tenant_id),
      isDisabled: membership.is_disabled,
    })),
    roles: rolesIn(activeTenantId),
    permissions: permissions.map(toPermission),
    isLocked: user.is_locked,
    metadata: JSON.stringify(user.metadata),
    vendorMetadata: JSON.stringify(user.vendor_metadata),
    externalId: user.external_id,
    createdAt: user.created_at.toISOString(),
    lastLogin: user.last_login?.toISOString() ?? null,
    subAccountAccessAllowed: false,
    managedBy: 'frontegg',
  };
}
