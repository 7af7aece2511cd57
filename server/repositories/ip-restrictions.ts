import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

export type IpStrategy = 'ALLOW' | 'BLOCK';

export interface IpRestrictionRow {
  id: string;
  tenant_id: string;
  /** The address (a single host) or the range's network in CIDR form, canonical. */
  ip: string;
  strategy: IpStrategy;
  is_active: boolean;
  description: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface IpRestrictionConfigRow {
  tenant_id: string;
  is_active: boolean;
  strategy: IpStrategy;
}

/** SQL: the rule's `network` as callers write it: a host without its /32 or /128, a range as network/prefix. */
const IP_TEXT = `case when masklen(network) = (case family(network) when 4 then 32 else 128 end) then host(network) else network::text end`;
const COLUMNS = `id, tenant_id, ${IP_TEXT} as ip, strategy, is_active, description, created_at, updated_at`;

/** What a list keeps: rules whose address or description contains `text`, of `strategy`. */
export interface IpRestrictionFilter {
  text?: string;
  strategy?: IpStrategy;
}

const filtered =
  (tenantId: string, { text: filter, strategy }: IpRestrictionFilter = {}) =>
  (query: Knex.QueryBuilder) => {
    query.where({ tenant_id: tenantId });
    if (strategy) query.where({ strategy });
    if (filter) {
      const pattern = `%${filter.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      query.where((inner) => inner.whereRaw(`${IP_TEXT} ilike ?`, [pattern]).orWhereRaw('description ilike ?', [pattern]));
    }
  };

export async function countIpRestrictions(db: Knex, tenantId: string, filter?: IpRestrictionFilter): Promise<number> {
  const row = await db('ip_restrictions').modify(filtered(tenantId, filter)).count<{ count: string | number }[]>('id as count').first();
  return Number(row?.count ?? 0);
}

/** One page of the account's rules, in the order they were added. */
export async function listIpRestrictions(
  db: Knex,
  tenantId: string,
  slice: { filter?: IpRestrictionFilter; limit: number; offset: number },
): Promise<IpRestrictionRow[]> {
  return db('ip_restrictions').modify(filtered(tenantId, slice.filter)).select(db.raw(COLUMNS)).orderBy('seq').limit(slice.limit).offset(slice.offset);
}

/**
 * Stores a rule for `inet` (an address or `address/prefix`, checked) as its network; the account's rule
 * for the same network, if there is one, is changed instead. A description left out stays as it was.
 * Times are the statement's (clock_timestamp); the order of rules is their `seq`.
 */
export async function upsertIpRestriction(
  db: Knex,
  row: { id: string; tenant_id: string; inet: string; strategy: IpStrategy; is_active: boolean; description?: string },
): Promise<IpRestrictionRow> {
  const result = await db.raw<{ rows: IpRestrictionRow[] }>(
    `insert into ip_restrictions (id, tenant_id, network, strategy, is_active, description, created_at, updated_at)
     values (?, ?, network(cast(? as inet)), ?, ?, ?, clock_timestamp(), clock_timestamp())
     on conflict (tenant_id, network) do update set
       strategy = excluded.strategy, is_active = excluded.is_active,
       description = coalesce(excluded.description, ip_restrictions.description), updated_at = clock_timestamp()
     returning ${COLUMNS}`,
    [row.id, row.tenant_id, row.inet, row.strategy, row.is_active, row.description ?? null],
  );
  return firstOf(result.rows, 'the upserted IP restriction');
}

export async function deleteIpRestriction(db: Knex, tenantId: string, id: string): Promise<boolean> {
  const removed = await db('ip_restrictions').where({ tenant_id: tenantId, id }).delete().returning('id');
  return removed.length > 0;
}

export async function findIpRestrictionConfig(db: Knex, tenantId: string): Promise<IpRestrictionConfigRow | undefined> {
  return db<IpRestrictionConfigRow>('ip_restriction_configs').where({ tenant_id: tenantId }).first('tenant_id', 'is_active', 'strategy');
}

export async function saveIpRestrictionConfig(db: Knex, row: IpRestrictionConfigRow): Promise<IpRestrictionConfigRow> {
  const [saved] = await db('ip_restriction_configs')
    .insert({ ...row, updated_at: db.fn.now() })
    .onConflict('tenant_id')
    .merge()
    .returning(['tenant_id', 'is_active', 'strategy']);
  return saved as IpRestrictionConfigRow;
}

/**
 * The account's enforced configuration and whether `address` matches an active rule of the list it
 * enforces, in one indexed query; undefined when the account enforces nothing. A null address
 * matches no rule.
 */
export async function enforcedMatch(db: Knex, tenantId: string, address: string | null): Promise<{ strategy: IpStrategy; listed: boolean } | undefined> {
  const result = await db.raw<{ rows: { strategy: IpStrategy; listed: boolean }[] }>(
    `select c.strategy, exists (
       select 1 from ip_restrictions r
       where r.tenant_id = c.tenant_id and r.strategy = c.strategy and r.is_active and r.network >>= cast(? as inet)
     ) as listed
     from ip_restriction_configs c where c.tenant_id = ? and c.is_active`,
    [address, tenantId],
  );
  return result.rows[0];
}

/** Whether `address` matches an active rule of the account's list of this strategy. */
export async function matchesList(db: Knex, tenantId: string, strategy: IpStrategy, address: string | null): Promise<boolean> {
  if (address === null) return false;
  const row = await db('ip_restrictions')
    .where({ tenant_id: tenantId, strategy, is_active: true })
    .whereRaw('network >>= cast(? as inet)', [address])
    .first('id');
  return row !== undefined;
}
