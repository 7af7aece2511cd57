import type { ListedUser } from '../../services/members';
import type { UserProfile } from '../../services/users';
import { toPermission } from './role';
import { userFields } from './user';
import type { Schema } from './schema';

/** A user as lists show them: every account with the roles given in it, the roles and permissions held in the listed one; no password hash. */
export function toUserListItem({ user, memberships, roles, permissions, tenantId }: ListedUser, vendorId: string): Schema<'UserListItem'> {
  const membership = memberships.find((candidate) => candidate.tenant_id === tenantId);
  const { rolesIn, ...fields } = userFields(user, memberships, tenantId, roles, vendorId);
  return { ...fields, roles: rolesIn(tenantId), permissions: permissions.map(toPermission), activatedForTenant: membership ? !membership.is_disabled : false };
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
