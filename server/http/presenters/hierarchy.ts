import type { HierarchyRow, HierarchySettingsRow, SubAccountRow } from '../../repositories/hierarchy';
import type { HierarchyNode } from '../../services/hierarchy';
import type { Schema } from './schema';

export function toHierarchyAccount(row: HierarchyRow): Schema<'HierarchyAccount'> {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    tenantName: row.name,
    parentTenantId: row.parent_tenant_id,
    isReseller: row.is_reseller,
    level: row.depth,
    status: row.status ?? 'active',
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function toSubTenantSearchEntry(row: SubAccountRow): Schema<'SubTenantSearchEntry'> {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    metadata: { isParent: row.is_parent },
    isReseller: row.is_reseller,
    subAccountAccessType: row.sub_account_access_type,
  };
}

export function toHierarchyMetadata(row: { tenant_id: string; total: number; is_parent: boolean }): Schema<'HierarchyMetadata'> {
  return { tenantId: row.tenant_id, totalSubTenants: row.total, isParent: row.is_parent };
}

export function toHierarchyTree(node: HierarchyNode): Schema<'HierarchyTree'> {
  return {
    tenantId: node.account.tenant_id,
    name: node.account.name,
    isReseller: node.account.is_reseller,
    children: node.children.map(toHierarchyTree),
  };
}

export function toHierarchySettings(row: HierarchySettingsRow): Schema<'SubTenantHierarchySettings'> {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    subAccountAccessType: row.sub_account_access_type,
    isReseller: row.is_reseller,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
