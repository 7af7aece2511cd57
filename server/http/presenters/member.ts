import type { ListedUser } from '../../services/members';
import type { UserProfile } from '../../services/users';
import { toPermission, toRole } from './role';
import { userFields } from './user';
import type { Schema } from './schema';

/** A user as lists show them: every account with the roles given in it, the roles and permissions held in the listed one; no password hash. */
export function toUserListItem({ user, memberships, roles, permissions, tenantId }: ListedUser, vendorId: string): Schema<'UserListItem'> {
  const membership = memberships.find((candidate) => candidate.tenant_id === tenantId);
  const { rolesIn, ...fields } = userFields(user, memberships, tenantId, roles, vendorId);
  return { ...fields, roles: rolesIn(tenantId), permissions: permissions.map(toPermission), activatedForTenant: membership ? !membership.is_disabled : false };
}

/**
 * The member just added, with the roles given in the account and the keys of their permissions there.
 * Frontegg's reference lists the roles as keys; the browser SDK's store reads them as roles (`role.id`,
 * its users table shows them), so the roles are answered whole, with their ids also in `roleIds`.
 */
export function toUserCreated({ user, roles, permissions, activeTenantId }: UserProfile, vendorId: string): Schema<'UserCreated'> {
  const given = roles.filter((role) => role.member_tenant_id === activeTenantId);
  return {
    id: user.id,
    email: user.email,
    verified: user.verified,
    name: user.name,
    profilePictureUrl: user.profile_picture_url,
    tenantId: activeTenantId,
    vendorId,
    roleIds: given.map((role) => role.id),
    roles: given.map((role) => toRole(role, vendorId)),
    permissions: permissions.map((permission) => permission.key),
    metadata: JSON.stringify(user.metadata),
    createdAt: user.created_at.toISOString(),
    lastLogin: user.last_login?.toISOString() ?? null,
    activatedForTenant: true,
  };
}
