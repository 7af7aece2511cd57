import type { MemberRoleRow } from '../../repositories/member-roles';
import type { MembershipRow, UserRow } from '../../repositories/users';
import type { UserProfile } from '../../services/users';
import { toPermission, toRole } from './role';
import type { Schema } from './schema';

/**
 * The fields every shape of a user shares (the profile, list items): the user in `tenantId`, with
 * every account and the roles given directly in each. Never includes the password hash.
 */
export function userFields(
  user: UserRow,
  memberships: Pick<MembershipRow, 'tenant_id' | 'is_disabled'>[],
  tenantId: string,
  roles: MemberRoleRow[],
  vendorId: string,
) {
  const rolesIn = (accountId: string) => roles.filter((role) => role.member_tenant_id === accountId).map((role) => toRole(role, vendorId));
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
    tenantIds: memberships.map((membership) => membership.tenant_id),
    tenants: memberships.map((membership) => ({
      tenantId: membership.tenant_id,
      roles: rolesIn(membership.tenant_id),
      isDisabled: membership.is_disabled,
    })),
    isLocked: user.is_locked,
    metadata: JSON.stringify(user.metadata),
    vendorMetadata: JSON.stringify(user.vendor_metadata),
    externalId: user.external_id,
    createdAt: user.created_at.toISOString(),
    lastLogin: user.last_login?.toISOString() ?? null,
    subAccountAccessAllowed: false,
    managedBy: 'frontegg' as const,
    rolesIn,
  };
}

/** The user as Frontegg's `UserDto` shows it, with the roles and permissions they hold in the active account. */
export function toUser({ user, memberships, activeTenantId, vendorId, roles, permissions }: UserProfile): Schema<'User'> {
  const { rolesIn, ...fields } = userFields(user, memberships, activeTenantId, roles, vendorId);
  return { ...fields, roles: rolesIn(activeTenantId), permissions: permissions.map(toPermission) };
}
