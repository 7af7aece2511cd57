import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

export interface TenantRow {
  id: string;
  tenant_id: string;
  name: string;
  metadata: Record<string, unknown>;
  alias: string | null;
  status: string | null;
  website: string | null;
  application_url: string | null;
  logo: string | null;
  logo_url: string | null;
  address: string | null;
  timezone: string | null;
  date_format: string | null;
  time_format: string | null;
  currency: string | null;
  creator_name: string | null;
  creator_email: string | null;
  is_reseller: boolean;
  parent_tenant_id: string | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type NewTenant = Omit<TenantRow, 'metadata' | 'alias' | 'date_format' | 'time_format' | 'deleted_at' | 'created_at' | 'updated_at'> &
  Partial<Pick<TenantRow, 'date_format' | 'time_format'>>;

/** The columns an update may change. */
export type TenantChanges = Partial<Omit<TenantRow, 'id' | 'tenant_id' | 'metadata' | 'parent_tenant_id' | 'deleted_at' | 'created_at' | 'updated_at'>>;

const UNIQUE_VIOLATION = '23505';

/** True when the error is PostgreSQL's unique violation on the named index or constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pg = error as { code?: string; constraint?: string; message?: string };
  return pg?.code === UNIQUE_VIOLATION && (pg.constraint === constraint || (pg.message ?? '').includes(constraint));
}

/** Inserts the account; false when its tenantId is taken (by a live or a deleted account). */
export async function insertTenant(db: Knex, row: NewTenant): Promise<boolean> {
  const inserted = await db('tenants').insert(row).onConflict('tenant_id').ignore().returning('id');
  return inserted.length === 1;
}

/**
 * Brings a deleted account back with the fields given: a fresh account under its old tenantId and
 * internal id, with no metadata and no alias. False when there is no deleted account of that tenantId.
 */
export async function reactivateTenant(db: Knex, row: NewTenant): Promise<boolean> {
  const { id: _id, tenant_id: tenantId, ...fields } = row;
  const updated = await db('tenants')
    .where({ tenant_id: tenantId })
    .whereNotNull('deleted_at')
    .update({
      ...fields,
      metadata: '{}',
      alias: null,
      date_format: fields.date_format ?? null,
      time_format: fields.time_format ?? null,
      deleted_at: null,
      created_at: db.fn.now(),
      updated_at: db.fn.now(),
    })
    .returning('id');
  return updated.length === 1;
}

/** Changes a live account's columns; undefined when there is no such live account. */
export async function updateTenant(db: Knex, tenantId: string, changes: TenantChanges): Promise<TenantRow | undefined> {
  const [row] = await db<TenantRow>('tenants')
    .where({ tenant_id: tenantId })
    .whereNull('deleted_at')
    .update({ ...changes, updated_at: db.fn.now() } as never)
    .returning('*');
  return row;
}

/** Merges keys into a live account's metadata; undefined when there is no such live account. */
export async function mergeTenantMetadata(db: Knex, tenantId: string, metadata: Record<string, unknown>): Promise<TenantRow | undefined> {
  const [row] = await db<TenantRow>('tenants')
    .where({ tenant_id: tenantId })
    .whereNull('deleted_at')
    .update({ metadata: db.raw('metadata || ?::jsonb', [JSON.stringify(metadata)]), updated_at: db.fn.now() } as never)
    .returning('*');
  return row;
}

/** Removes one key from a live account's metadata; undefined when there is no such live account. */
export async function removeTenantMetadataKey(db: Knex, tenantId: string, key: string): Promise<TenantRow | undefined> {
  const [row] = await db<TenantRow>('tenants')
    .where({ tenant_id: tenantId })
    .whereNull('deleted_at')
    .update({ metadata: db.raw('metadata - ?::text', [key]), updated_at: db.fn.now() } as never)
    .returning('*');
  return row;
}

export async function findTenantByAlias(db: Knex, alias: string): Promise<TenantRow | undefined> {
  return db<TenantRow>('tenants').whereRaw('lower(alias) = lower(?)', [alias]).whereNull('deleted_at').first();
}

export type TenantSortColumn = 'created_at' | 'name' | 'tenant_id';

export interface TenantsQuery {
  /** Text the name or tenantId contains, whatever its case. */
  filter?: string;
  tenantIds?: string[];
}

function liveTenants(db: Knex, query: TenantsQuery) {
  const rows = db<TenantRow>('tenants').whereNull('deleted_at');
  if (query.filter) {
    const pattern = `%${query.filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    rows.where((q) => q.whereILike('name', pattern).orWhereILike('tenant_id', pattern));
  }
  if (query.tenantIds) rows.whereIn('tenant_id', query.tenantIds);
  return rows;
}

export async function countTenants(db: Knex, query: TenantsQuery): Promise<number> {
  const { count } = firstOf(await liveTenants(db, query).count<{ count: string | number }[]>({ count: '*' }), 'the row of count(*)');
  return Number(count);
}

/** `limit` live accounts from row `offset` on, in the order asked for (ties by internal id). */
export async function pageTenants(
  db: Knex,
  query: TenantsQuery,
  page: { limit: number; offset: number; sortBy: TenantSortColumn; order: 'asc' | 'desc' },
): Promise<TenantRow[]> {
  return liveTenants(db, query)
    .orderBy([
      { column: page.sortBy, order: page.order },
      { column: 'id', order: page.order },
    ])
    .limit(page.limit)
    .offset(page.offset);
}

export async function findTenant(db: Knex, tenantId: string): Promise<TenantRow | undefined> {
  return db<TenantRow>('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').first();
}

/** Whether the live account exists; it stays so (share-locked: not deleted nor changed) until the transaction ends. */
export async function holdTenant(trx: Knex.Transaction, tenantId: string): Promise<boolean> {
  const row = await trx('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').forShare().first('tenant_id');
  return row !== undefined;
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
  await trx('tenants').where({ tenant_id: tenantId }).update({ deleted_at: trx.fn.now(), updated_at: trx.fn.now(), parent_tenant_id: null });
}
