import type { PermissionCategoryRow } from '../../repositories/permission-categories';
import type { PermissionRow } from '../../repositories/permissions';
import type { RoleRow } from '../../repositories/roles';
import type { MemberRoles } from '../../services/member-roles';
import type { Schema } from './schema';

/** A role as Frontegg's `RoleResponse` shows it; `permissions` are permission ids. */
export function toRole(role: RoleRow, vendorId: string): Schema<'Role'> {
  return {
    id: role.id,
    vendorId,
    tenantId: role.tenant_id,
    key: role.key,
    name: role.name,
    description: role.description,
    isDefault: role.is_default,
    firstUserRole: role.first_user_role,
    level: role.level,
    createdAt: role.created_at.toISOString(),
    updatedAt: role.updated_at.toISOString(),
    permissions: role.permission_ids,
  };
}

/** A permission as Frontegg's `PermissionResponse` shows it, with its assignment type. */
export function toPermission(permission: PermissionRow): Schema<'Permission'> {
  return {
    id: permission.id,
    key: permission.key,
    name: permission.name,
    description: permission.description,
    createdAt: permission.created_at.toISOString(),
    updatedAt: permission.updated_at.toISOString(),
    roleIds: permission.role_ids,
    categoryId: permission.category_id,
    fePermission: permission.fe_permission,
    assignmentType: permission.assignment_type,
  };
}

export function toPermissionCategory(category: PermissionCategoryRow): Schema<'PermissionCategory'> {
  return {
    id: category.id,
    name: category.name,
    description: category.description,
    createdAt: category.created_at.toISOString(),
    updatedAt: category.updated_at.toISOString(),
    feCategory: category.fe_category,
    permissionIds: category.permission_ids,
  };
}

export function toMemberRoles(member: MemberRoles, vendorId: string): Schema<'MemberRoles'> {
  return { tenantId: member.tenantId, userId: member.userId, roles: member.roles.map((role) => toRole(role, vendorId)) };
}

export function toAuthorization(held: { roles: RoleRow[]; permissions: PermissionRow[] }, vendorId: string): Schema<'Authorization'> {
  return { roles: held.roles.map((role) => toRole(role, vendorId)), permissions: held.permissions.map(toPermission) };
}

export function toUserRoleIds(member: { userId: string; roleIds: string[] }, tenantId: string, vendorId: string): Schema<'UserRoleIds'> {
  return { vendorId, tenantId, userId: member.userId, roleIds: member.roleIds };
}
