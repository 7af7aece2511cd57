import type { GroupMemberRow } from '../../repositories/groups';
import type { GroupView } from '../../services/groups';
import { toRole } from './role';
import type { Schema } from './schema';

function toGroupMember(member: GroupMemberRow): Schema<'GroupMember'> {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    profilePictureUrl: member.profile_picture_url,
    createdAt: member.created_at.toISOString(),
    activatedForTenant: member.activated_for_tenant,
  };
}

/** A group as Frontegg's `GroupResponse` shows it; `metadata` is a JSON string. */
export function toGroup({ group, roles, users }: GroupView, vendorId: string): Schema<'Group'> {
  return {
    id: group.id,
    name: group.name,
    color: group.color,
    description: group.description,
    metadata: JSON.stringify(group.metadata),
    roles: roles.map((role) => toRole(role, vendorId)),
    users: users.map(toGroupMember),
    managedBy: group.managed_by,
    createdAt: group.created_at.toISOString(),
    updatedAt: group.updated_at.toISOString(),
  };
}

/** The groups of several members of one account (Frontegg's answer of `GET /users/v3/groups`). */
export function toUsersGroups(memberships: { userId: string; groupIds: string[] }[], tenantId: string, vendorId: string): Schema<'UserGroups'>[] {
  return memberships.map(({ userId, groupIds }) => ({ vendorId, tenantId, userId, groupIds }));
}
