import type { Knex } from 'knex';

export interface TenantRow {
  id: string;
  tenant_id: string;
  name: string;
  metadata: Record<string, unknown>;
  status: string | null;
  website: string | null;
  application_url: string | null;
  logo: string | null;
  logo_url: string | null;
  address: string | null;
  timezone: string | null;
  currency: string | null;
  creator_name: string | null;
  creator_email: string | null;
  is_reseller: boolean;
  parent_tenant_id: string | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type NewTenant = Omit<TenantRow, 'metadata' | 'deleted_at' | 'created_at' | 'updated_at'>;

/** Inserts the account; false when its tenantId is taken. */
export async function insertTenant(db: Knex, row: NewTenant): Promise<boolean> {
  const inserted = await db('tenants').insert(row).onConflict('tenant_id').ignore().returning('id');
  return inserted.length === 1;
}

export async function findTenant(db: Knex, tenantId: string): Promise<TenantRow | undefined> {
  return db<TenantRow>('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').first();
}

/** The account, locked until the transaction ends; undefined when there is no such live account. */
export async function lockTenant(trx: Knex.Transaction, tenantId: string): Promise<TenantRow | undefined> {
  return trx<TenantRow>('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').forUpdate().first();
}

/**
 * Removes a live account in the caller's transaction: its sub-accounts move up to its parent (or
 * become top-level), its members leave it (their roles and group memberships go with the
 * membership), users who belonged to no other account are deleted, its own roles, groups and
 * hierarchy settings are deleted, and the account row is kept, marked deleted, so that its tenantId can be brought back.
 */
export async function removeTenant(trx: Knex.Transaction, tenant: Pick<TenantRow, 'tenant_id' | 'parent_tenant_id'>): Promise<void> {
  const tenantId = tenant.tenant_id;
  await trx('tenants')
    .where({ parent_tenant_id: tenantId })
    .whereNull('deleted_at')
    .update({ parent_tenant_id: tenant.parent_tenant_id, updated_at: trx.fn.now() });
  const members = trx('user_tenants').where({ tenant_id: tenantId }).select('user_id');
  await trx('users')
    .whereIn('id', members)
    .whereNotExists(trx('user_tenants as other').whereRaw('other.user_id = users.id').whereNot('other.tenant_id', tenantId))
    .del();
  await trx('sessions').where({ tenant_id: tenantId }).del();
  await trx('user_tenants').where({ tenant_id: tenantId }).del();
  await trx('users').where({ last_active_tenant_id: tenantId }).update({ last_active_tenant_id: null });
  await trx('tenant_hierarchy_settings').where({ tenant_id: tenantId }).del();
  await trx('groups').where({ tenant_id: tenantId }).del();
  await trx('roles').where({ tenant_id: tenantId }).del();
  await trx('tenants')
    .where({ tenant_id: tenantId })
    .update({ deleted_at: trx.fn.now(), updated_at: trx.fn.now(), parent_tenant_id: null });
}
