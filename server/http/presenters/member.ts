import type { ListedUser } from '../../services/members';
import type { UserProfile } from '../../services/users';
import { toRole } from './role';
import type { Schema } from './schema';

/** A user as lists show them: every account with the roles given in it; no permissions, no password hash. */
export function toUserListItem({ user, memberships, roles, tenantId }: ListedUser, vendorId: string): Schema<'UserListItem'> {
  const membership = memberships.find((candidate) => candidate.tenant_id === tenantId);
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
    tenantId,
    tenantIds: memberships.map((candidate) => candidate.tenant_id),
    tenants: memberships.map((candidate) => ({
      tenantId: candidate.tenant_id,
      roles: roles.filter((role) => role.member_tenant_id === candidate.tenant_id).map((role) => toRole(role, vendorId)),
      isDisabled: candidate.is_disabled,
    })),
    activatedForTenant: membership ? !membership.is_disabled : false,
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

/** The member just added: the keys of their roles and permissions in the account. */
export function toUserCreated({ user, roles, permissions, activeTenantId }: UserProfile): Schema<'UserCreated'> {
  return {
    id: user.id,
    email: user.email,
    verified: user.verified,
    name: user.name,
    profilePictureUrl: user.profile_picture_url,
    roles: roles.filter((role) => role.member_tenant_id === activeTenantId).map((role) => role.key),
    permissions: permissions.map((permission) => permission.key),
    metadata: JSON.stringify(user.metadata),
    createdAt: user.created_at.toISOString(),
    lastLogin: user.last_login?.toISOString() ?? null,
    activatedForTenant: true,
  };
}
