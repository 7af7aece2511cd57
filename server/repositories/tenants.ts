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
