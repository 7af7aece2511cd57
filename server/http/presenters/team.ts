import type { MemberRoleRow } from '../../repositories/member-roles';
import type { RoleRow } from '../../repositories/roles';
import type { MembershipRow, UserRow } from '../../repositories/users';
import type { MemberCounts } from '../../repositories/team-stats';
import { toRole } from './role';
import type { Schema } from './schema';
import { userFields } from './user';

/** A member of `tenantId` as the team service shows them: the roles given there, by object and by id. Never the password hash. */
export function toTeamMember(user: UserRow, memberships: MembershipRow[], roles: MemberRoleRow[], tenantId: string, vendorId: string): Schema<'TeamMember'> {
  const fields = userFields(user, memberships, tenantId, roles, vendorId);
  const rolesHere = fields.rolesIn(tenantId);
  const isDisabled = memberships.find((membership) => membership.tenant_id === tenantId)?.is_disabled ?? false;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.phone_number,
    phoneNumber: user.phone_number,
    profileImage: user.profile_picture_url,
    profileImageUrl: user.profile_picture_url,
    profilePictureUrl: user.profile_picture_url,
    tenantId,
    vendorId,
    roleIds: rolesHere.map((role) => role.id),
    roles: rolesHere,
    tenants: fields.tenants,
    activatedForTenant: !isDisabled,
    isDisabled,
    verified: user.verified,
    mfaEnabled: fields.mfaEnrolled,
    isLocked: user.is_locked,
    provider: user.provider,
    metadata: fields.metadata,
    customData: user.metadata,
    createdAt: fields.createdAt,
    lastLogin: fields.lastLogin,
    managedBy: fields.managedBy,
  };
}

/** A page of members with the totals the store reads (`totalPages`, `totalItems`). */
export function toTeamMembersPage(items: Schema<'TeamMember'>[], total: number, limit: number): Schema<'TeamMembersPage'> {
  return { items, totalItems: total, totalPages: Math.ceil(total / limit) };
}

/** The member after a change: at the top level (the SDK's type) and under `item` (what the store reads). */
export function toTeamMemberUpdated(member: Schema<'TeamMember'>): Schema<'TeamMemberUpdated'> {
  return { ...member, item: member };
}

export function toTeamRoles(roles: RoleRow[], vendorId: string): Schema<'TeamRoles'> {
  return { items: roles.map((role) => ({ ...toRole(role, vendorId), permissionLevel: role.level })) };
}

export function toTeamStats(counts: MemberCounts): Schema<'TeamStats'> {
  return { totalItems: counts.total, addedThisWeek: counts.addedThisWeek, superAdmins: counts.strongest };
}
