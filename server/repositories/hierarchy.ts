import type { Knex } from 'knex';

/** One account as the hierarchy sees it, with how far it is from where the walk started. */
export interface HierarchyRow {
  tenant_id: string;
  name: string;
  parent_tenant_id: string | null;
  is_reseller: boolean;
  status: string | null;
  created_at: Date;
  /** 0 for the account the walk started from, 1 for its parent (up) or children (down), and so on. */
  depth: number;
  /** True when this account was already on the way: the stored hierarchy holds a loop here. */
  loop: boolean;
}

export type SubAccountAccessType = 'defaultOff' | 'defaultOn' | 'alwaysOn';

export interface HierarchySettingsRow {
  tenant_id: string;
  name: string;
  updated_at: Date;
  sub_account_access_type: SubAccountAccessType;
  is_reseller: boolean;
}

const COLUMNS = 't.tenant_id, t.name, t.parent_tenant_id, t.is_reseller, t.status, t.created_at';

/**
 * The live account and every live account beneath it, at any depth, in one statement: the account
 * first (depth 0), then by depth and name. A walk stops where it comes back to an account already on
 * its way, and that row is marked `loop`. Empty when there is no such live account.
 */
export async function findSubtree(db: Knex, tenantId: string): Promise<HierarchyRow[]> {
  const { rows } = await db.raw<{ rows: HierarchyRow[] }>(
    `with recursive subtree as (
       select ${COLUMNS}, 0 as depth, array[t.tenant_id] as path, false as loop
       from tenants t
       where t.tenant_id = ? and t.deleted_at is null
       union all
       select ${COLUMNS}, s.depth + 1, s.path || t.tenant_id, t.tenant_id = any(s.path)
       from subtree s
       join tenants t on t.parent_tenant_id = s.tenant_id and t.deleted_at is null
       where not s.loop
     )
     select tenant_id, name, parent_tenant_id, is_reseller, status, created_at, depth, loop
     from subtree
     order by depth, name, tenant_id`,
    [tenantId],
  );
  return rows;
}

/**
 * The live account and the live accounts above it, in one statement: the account first (depth 0),
 * then its parent, up to the top. A walk that comes back to an account already on its way stops
 * there, and that row is marked `loop`. Empty when there is no such live account.
 */
export async function findAncestry(db: Knex, tenantId: string): Promise<HierarchyRow[]> {
  const { rows } = await db.raw<{ rows: HierarchyRow[] }>(
    `with recursive ancestry as (
       select ${COLUMNS}, 0 as depth, array[t.tenant_id] as path, false as loop
       from tenants t
       where t.tenant_id = ? and t.deleted_at is null
       union all
       select ${COLUMNS}, a.depth + 1, a.path || t.tenant_id, t.tenant_id = any(a.path)
       from ancestry a
       join tenants t on t.tenant_id = a.parent_tenant_id and t.deleted_at is null
       where not a.loop
     )
     select tenant_id, name, parent_tenant_id, is_reseller, status, created_at, depth, loop
     from ancestry
     order by depth`,
    [tenantId],
  );
  return rows;
}

/**
 * Serializes every change to the shape of the hierarchy until the transaction ends, so that a check
 * that a new link makes no loop still holds when the link is written.
 */
export async function lockHierarchy(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtext('nestegg.tenant_hierarchy'))`);
}

/** Sets the parent of a live account (null: the account goes to the top). */
export async function setParent(trx: Knex.Transaction, tenantId: string, parentTenantId: string | null): Promise<void> {
  await trx('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').update({ parent_tenant_id: parentTenantId, updated_at: trx.fn.now() });
}

/** Sets whether a live account may manage its own sub-accounts. */
export async function setReseller(db: Knex, tenantId: string, isReseller: boolean): Promise<void> {
  await db('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').update({ is_reseller: isReseller, updated_at: db.fn.now() });
}

/** Stores an account's sub-account access type. */
export async function saveAccessType(db: Knex, tenantId: string, accessType: SubAccountAccessType): Promise<void> {
  await db('tenant_hierarchy_settings')
    .insert({ tenant_id: tenantId, sub_account_access_type: accessType })
    .onConflict('tenant_id')
    .merge({ sub_account_access_type: accessType, updated_at: db.fn.now() });
}

/** A live account's hierarchy settings, with the defaults where none were stored. */
export async function findHierarchySettings(db: Knex, tenantId: string): Promise<HierarchySettingsRow | undefined> {
  return db('tenants as t')
    .leftJoin('tenant_hierarchy_settings as s', 's.tenant_id', 't.tenant_id')
    .where('t.tenant_id', tenantId)
    .whereNull('t.deleted_at')
    .first<HierarchySettingsRow | undefined>(
      't.tenant_id',
      't.name',
      't.updated_at',
      't.is_reseller',
      db.raw(`coalesce(s.sub_account_access_type, 'defaultOff') as sub_account_access_type`),
    );
}

/** One account of a search beneath another, with what the admin portal shows of it. */
export interface SubAccountRow {
  tenant_id: string;
  name: string;
  created_at: Date;
  is_reseller: boolean;
  sub_account_access_type: SubAccountAccessType;
  /** Whether a live account is directly beneath it. */
  is_parent: boolean;
}

export interface SubAccountSearch {
  /** Every depth beneath the account (true), or only the accounts directly beneath it. */
  anyDepth: boolean;
  /** Part of the name or tenantId, any case; empty for every account. */
  filter: string;
  sortBy: 'createdAt' | 'name' | 'tenantId';
  order: 'ASC' | 'DESC';
  limit: number;
  /** The page, counted from 0. */
  page: number;
}

const SORT_COLUMNS: Record<SubAccountSearch['sortBy'], string> = { createdAt: 't.created_at', name: 't.name', tenantId: 't.tenant_id' };

/**
 * One page of the live accounts beneath the live account `tenantId` (directly beneath it, or at any
 * depth), and how many match in all, in one statement. The walk goes no deeper than it must and
 * stops where the stored hierarchy loops.
 */
export async function searchSubAccounts(db: Knex, tenantId: string, search: SubAccountSearch): Promise<{ rows: SubAccountRow[]; total: number }> {
  const direction = search.order === 'DESC' ? 'desc' : 'asc';
  const orderBy = `${SORT_COLUMNS[search.sortBy]} ${direction}, t.tenant_id ${direction}`;
  const pattern = `%${search.filter.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const { rows } = await db.raw<{ rows: (SubAccountRow & { total: number })[] }>(
    `with recursive subtree as (
       select t.tenant_id, 0 as depth, array[t.tenant_id] as path, false as loop
       from tenants t
       where t.tenant_id = :tenantId and t.deleted_at is null
       union all
       select t.tenant_id, s.depth + 1, s.path || t.tenant_id, t.tenant_id = any(s.path)
       from subtree s
       join tenants t on t.parent_tenant_id = s.tenant_id and t.deleted_at is null
       where not s.loop and (:anyDepth or s.depth = 0)
     ),
     matches as (
       select t.tenant_id, t.name, t.created_at, t.is_reseller,
              coalesce(h.sub_account_access_type, 'defaultOff') as sub_account_access_type,
              exists (select 1 from tenants c where c.parent_tenant_id = t.tenant_id and c.deleted_at is null) as is_parent
       from subtree s
       join tenants t on t.tenant_id = s.tenant_id
       left join tenant_hierarchy_settings h on h.tenant_id = t.tenant_id
       where s.depth > 0 and not s.loop
         and (:filter = '' or t.name ilike :pattern or t.tenant_id ilike :pattern)
     )
     select page.*, counted.total
     from (select cast(count(*) as int) as total from matches) counted
     left join lateral (
       select * from matches t order by ${orderBy} limit :limit offset :offset
     ) page on true`,
    { tenantId, anyDepth: search.anyDepth, filter: search.filter, pattern, limit: search.limit, offset: search.page * search.limit },
  );
  return { rows: rows.filter((row) => row.tenant_id !== null), total: rows[0]?.total ?? 0 };
}

/** Per live account of `tenantIds`: how many live accounts are beneath it (any depth) and whether any is directly beneath it. */
export async function countSubAccounts(db: Knex, tenantIds: string[]): Promise<{ tenant_id: string; total: number; is_parent: boolean }[]> {
  const { rows } = await db.raw<{ rows: { tenant_id: string; total: number; is_parent: boolean }[] }>(
    `with recursive subtree as (
       select t.tenant_id as root, t.tenant_id, 0 as depth, array[t.tenant_id] as path, false as loop
       from tenants t
       where t.tenant_id = any(?) and t.deleted_at is null
       union all
       select s.root, t.tenant_id, s.depth + 1, s.path || t.tenant_id, t.tenant_id = any(s.path)
       from subtree s
       join tenants t on t.parent_tenant_id = s.tenant_id and t.deleted_at is null
       where not s.loop
     )
     select root as tenant_id,
            (count(*) filter (where depth > 0 and not loop))::int as total,
            coalesce(bool_or(depth = 1), false) as is_parent
     from subtree
     group by root`,
    [tenantIds],
  );
  return rows;
}

/** Renames a live account. */
export async function renameAccount(db: Knex, tenantId: string, name: string): Promise<void> {
  await db('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').update({ name, updated_at: db.fn.now() });
}
