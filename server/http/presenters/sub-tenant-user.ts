import type { HierarchyEntry, SubTenantUser } from '../../services/sub-tenant-users';
import { toRole } from './role';
import type { Schema } from './schema';

/** A user of a part of the hierarchy, with their accounts there and the roles given in each. */
export function toSubTenantUser({ user, tenants }: SubTenantUser, vendorId: string): Schema<'SubTenantUser'> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    profilePictureUrl: user.profile_picture_url,
    verified: user.verified,
    createdAt: user.created_at.toISOString(),
    tenants: tenants.map((tenant) => ({ tenantId: tenant.tenantId, name: tenant.name, roles: tenant.roles.map((role) => toRole(role, vendorId)) })),
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
