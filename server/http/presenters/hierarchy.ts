import type { HierarchyRow, HierarchySettingsRow } from '../../repositories/hierarchy';
import type { HierarchyNode } from '../../services/hierarchy';
import type { Schema } from './schema';

export function toHierarchyAccount(row: HierarchyRow): Schema<'HierarchyAccount'> {
  return { tenantId: row.tenant_id, name: row.name, parentTenantId: row.parent_tenant_id, isReseller: row.is_reseller };
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
  return { tenantId: row.tenant_id, name: row.name, subAccountAccessType: row.sub_account_access_type, isReseller: row.is_reseller };
}
