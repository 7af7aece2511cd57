import type { Knex } from 'knex';

export type DomainListType = 'ALLOW' | 'BLOCK';

export interface DomainRestrictionRow {
  id: string;
  tenant_id: string | null;
  domain: string;
  type: DomainListType;
  created_at: Date;
}

export interface DomainRestrictionConfigRow {
  scope: string;
  active: boolean;
  list_type: DomainListType;
  block_public_domains: boolean;
}

/** The environment's scope in `domain_restriction_configs`; an account's is its tenantId. */
export const ENVIRONMENT_SCOPE = '';

const inScope = (tenantId: string | null) => (query: Knex.QueryBuilder) => {
  if (tenantId === null) query.whereNull('tenant_id');
  else query.where({ tenant_id: tenantId });
};

export async function listDomainRestrictions(db: Knex, tenantId: string | null): Promise<DomainRestrictionRow[]> {
  return db<DomainRestrictionRow>('domain_restrictions')
    .modify(inScope(tenantId))
    .orderBy([{ column: 'type' }, { column: 'domain' }]);
}

/** Stores the restriction; an equal one (same scope, type and domain) is answered instead of a second. */
export async function insertDomainRestriction(db: Knex, row: Omit<DomainRestrictionRow, 'created_at'>): Promise<DomainRestrictionRow> {
  await db.raw(
    `insert into domain_restrictions (id, tenant_id, domain, type) values (?, ?, ?, ?)
     on conflict (coalesce(tenant_id, ''), type, domain) do nothing`,
    [row.id, row.tenant_id, row.domain, row.type],
  );
  return (await db<DomainRestrictionRow>('domain_restrictions').modify(inScope(row.tenant_id)).where({ type: row.type, domain: row.domain }).first())!;
}

export async function deleteDomainRestriction(db: Knex, tenantId: string | null, id: string): Promise<boolean> {
  const removed = await db('domain_restrictions').modify(inScope(tenantId)).where({ id }).delete().returning('id');
  return removed.length > 0;
}

/** Removes the scope's restrictions of one type (a bulk replace, in the caller's transaction). */
export async function deleteDomainRestrictionsOfType(db: Knex, tenantId: string | null, type: DomainListType): Promise<void> {
  await db('domain_restrictions').modify(inScope(tenantId)).where({ type }).delete();
}

export async function findDomainRestrictionConfig(db: Knex, scope: string): Promise<DomainRestrictionConfigRow | undefined> {
  return db<DomainRestrictionConfigRow>('domain_restriction_configs').where({ scope }).first();
}

export async function saveDomainRestrictionConfig(db: Knex, row: DomainRestrictionConfigRow): Promise<DomainRestrictionConfigRow> {
  const [saved] = await db('domain_restriction_configs')
    .insert({ ...row, updated_at: db.fn.now() })
    .onConflict('scope')
    .merge()
    .returning(['scope', 'active', 'list_type', 'block_public_domains']);
  return saved as DomainRestrictionConfigRow;
}

/** Whether the scope has a restriction of this type for the domain or a domain it is beneath. */
export async function matchesDomain(db: Knex, tenantId: string | null, type: DomainListType, domains: string[]): Promise<boolean> {
  return (await db('domain_restrictions').modify(inScope(tenantId)).where({ type }).whereIn('domain', domains).first('id')) !== undefined;
}
