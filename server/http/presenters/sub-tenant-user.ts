import type { HierarchyEntry, SubTenantUser } from '../../services/sub-tenant-users';
import { toPermission, toRole } from './role';
import type { Schema } from './schema';
import { userFields } from './user';

/**
 * A user of a part of the hierarchy, with those of their accounts that lie there, and the roles given
 * and permissions held in each. The active account is the one they last acted in, when it lies there.
 */
export function toSubTenantUser({ user, memberships, tenants }: SubTenantUser, vendorId: string): Schema<'SubTenantUser'> {
  const lastActive = memberships.find((membership) => membership.tenant_id === user.last_active_tenant_id);
  const activeTenantId = (lastActive ?? memberships[0])?.tenant_id ?? '';
  const { rolesIn: _rolesIn, tenants: _memberships, ...fields } = userFields(user, memberships, activeTenantId, [], vendorId);
  return {
    ...fields,
    tenants: tenants.map((tenant) => ({
      tenantId: tenant.tenantId,
      name: tenant.name,
      roles: tenant.roles.map((role) => toRole(role, vendorId)),
      permissions: tenant.permissions.map(toPermission),
      activated: user.verified,
      lastLogin: fields.lastLogin,
      isDisabled: memberships.find((membership) => membership.tenant_id === tenant.tenantId)?.is_disabled ?? false,
    })),
  };
}

export function toUserTenantsHierarchy(entries: HierarchyEntry[]): Schema<'UserTenantsHierarchy'> {
  return {
    tenants: entries.map(({ account, depth, isMember, subAccountAccessAllowed }) => ({
      tenantId: account.tenant_id,
      name: account.name,
      parentTenantId: account.parent_tenant_id,
      isReseller: account.is_reseller,
      depth,
      isMember,
      subAccountAccessAllowed,
    })),
  };
}
