import type { MemberRoleRow } from '../../repositories/member-roles';
import type { MembershipRow, UserRow } from '../../repositories/users';
import { hasSubAccountAccess } from '../../services/sub-tenant-users';
import type { UserProfile } from '../../services/users';
import { toPermission, toRole } from './role';
import type { Schema } from './schema';

/** Whether the user may act in the accounts beneath `tenantId`, as its access type and their own choice there say. */
function subAccountAccessIn(memberships: Pick<MembershipRow, 'tenant_id' | 'sub_account_access' | 'sub_account_access_type'>[], tenantId: string): boolean {
  const membership = memberships.find((candidate) => candidate.tenant_id === tenantId);
  return membership !== undefined && hasSubAccountAccess(membership.sub_account_access_type, membership.sub_account_access);
}

/**
 * The fields every shape of a user shares (the profile, list items): the user in `tenantId`, with
 * every account and the roles given directly in each. Never includes the password hash.
 */
export function userFields(
  user: UserRow,
  memberships: Pick<MembershipRow, 'tenant_id' | 'is_disabled' | 'sub_account_access' | 'sub_account_access_type'>[],
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
    subAccountAccessAllowed: subAccountAccessIn(memberships, tenantId),
    managedBy: 'frontegg' as const,
    rolesIn,
  };
}

/** The user as Frontegg's `UserDto` shows it, with the roles and permissions they hold in the active account. */
export function toUser({ user, memberships, activeTenantId, vendorId, roles, permissions }: UserProfile): Schema<'User'> {
  const { rolesIn, ...fields } = userFields(user, memberships, activeTenantId, roles, vendorId);
  return {
    ...fields,
    roles: rolesIn(activeTenantId),
    permissions: permissions.map(toPermission),
    // What the browser SDK's getUserById reads besides the user's own fields.
    vendorId,
    updatedAt: user.updated_at.toISOString(),
    deletedAt: null,
  };
}
