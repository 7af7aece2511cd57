import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

export interface JwtTemplateRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  expiration: number;
  algorithm: 'RS256' | 'HS256';
  claims: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface TargetingCondition {
  attribute: 'userId' | 'applicationId' | 'tenantId' | 'roleIds' | 'tokenType' | 'userEmail';
  op: 'in_list' | 'contains' | 'ends_with';
  value: { list?: string[]; value?: string };
  negate: boolean;
}

export interface TargetingRule {
  conditionLogic: 'and';
  conditions: TargetingCondition[];
  treatment: string;
}

export interface TargetingRow {
  id: string;
  rules: TargetingRule[];
  created_at: Date;
  updated_at: Date;
}

const TEMPLATE_COLUMNS = ['id', 'key', 'name', 'description', 'expiration', 'algorithm', 'claims', 'created_at', 'updated_at'];

export async function insertJwtTemplate(db: Knex, row: Omit<JwtTemplateRow, 'created_at' | 'updated_at'>): Promise<JwtTemplateRow | undefined> {
  const [inserted] = await db('jwt_templates')
    .insert({ ...row, claims: JSON.stringify(row.claims) })
    .onConflict('key')
    .ignore()
    .returning(TEMPLATE_COLUMNS);
  return inserted;
}

export async function findJwtTemplate(db: Knex, id: string, options: { lock?: boolean } = {}): Promise<JwtTemplateRow | undefined> {
  const query = db('jwt_templates').where({ id });
  if (options.lock) query.forUpdate();
  return query.first(TEMPLATE_COLUMNS) as Promise<JwtTemplateRow | undefined>;
}

export async function findJwtTemplateByKey(db: Knex, key: string): Promise<JwtTemplateRow | undefined> {
  return db<JwtTemplateRow>('jwt_templates').where({ key }).first(TEMPLATE_COLUMNS);
}

export async function existingTemplateKeys(db: Knex, keys: string[]): Promise<string[]> {
  return db('jwt_templates').whereIn('key', keys).forShare().pluck('key');
}

export interface TemplateFilter {
  keys?: string[];
  ids?: string[];
}

function filtered(db: Knex, filter: TemplateFilter): Knex.QueryBuilder {
  const query = db('jwt_templates');
  if (filter.keys) query.whereIn('key', filter.keys);
  if (filter.ids) query.whereIn('id', filter.ids);
  return query;
}

export async function countJwtTemplates(db: Knex, filter: TemplateFilter): Promise<number> {
  const row = firstOf(await filtered(db, filter).count<{ count: string }[]>('* as count'), 'the row of count(*)');
  return Number(row.count);
}

export async function pageJwtTemplates(
  db: Knex,
  filter: TemplateFilter,
  slice: { limit: number; offset: number; sortBy: 'created_at' | 'key' | 'name'; order: 'asc' | 'desc' },
): Promise<JwtTemplateRow[]> {
  return filtered(db, filter)
    .orderBy([{ column: slice.sortBy, order: slice.order }, { column: 'id' }])
    .limit(slice.limit)
    .offset(slice.offset)
    .select(TEMPLATE_COLUMNS);
}

export async function updateJwtTemplate(
  db: Knex,
  id: string,
  changes: Partial<Omit<JwtTemplateRow, 'id' | 'created_at' | 'updated_at'>>,
): Promise<JwtTemplateRow | undefined> {
  const { claims, ...rest } = changes;
  const [updated] = await db('jwt_templates')
    .where({ id })
    .update({ ...rest, ...(claims ? { claims: JSON.stringify(claims) } : {}), updated_at: db.fn.now() })
    .returning(TEMPLATE_COLUMNS);
  return updated;
}

export async function deleteJwtTemplate(db: Knex, id: string): Promise<boolean> {
  return (await db('jwt_templates').where({ id }).delete().returning('id')).length > 0;
}

const TARGETING_COLUMNS = ['id', 'rules', 'created_at', 'updated_at'];

/** The targeting, share-locked with `lock` so that a template it names is not deleted meanwhile. */
export async function findTargeting(db: Knex, options: { lock?: boolean } = {}): Promise<TargetingRow | undefined> {
  const query = db('jwt_template_targeting');
  if (options.lock) query.forUpdate();
  return query.first(TARGETING_COLUMNS) as Promise<TargetingRow | undefined>;
}

export async function insertTargeting(db: Knex, id: string, rules: TargetingRule[]): Promise<TargetingRow | undefined> {
  const [row] = await db('jwt_template_targeting')
    .insert({ id, rules: JSON.stringify(rules) })
    .onConflict('singleton')
    .ignore()
    .returning(TARGETING_COLUMNS);
  return row;
}

export async function upsertTargeting(db: Knex, id: string, rules: TargetingRule[]): Promise<TargetingRow> {
  const [row] = await db('jwt_template_targeting')
    .insert({ id, rules: JSON.stringify(rules) })
    .onConflict('singleton')
    .merge({ rules: JSON.stringify(rules), updated_at: db.fn.now() })
    .returning(TARGETING_COLUMNS);
  return row;
}

export async function updateTargeting(db: Knex, id: string, rules: TargetingRule[]): Promise<TargetingRow | undefined> {
  const [row] = await db('jwt_template_targeting')
    .where({ id })
    .update({ rules: JSON.stringify(rules), updated_at: db.fn.now() })
    .returning(TARGETING_COLUMNS);
  return row;
}

export async function deleteTargeting(db: Knex, id: string): Promise<boolean> {
  return (await db('jwt_template_targeting').where({ id }).delete().returning('id')).length > 0;
}

/** The longest lifetime any template gives, in seconds (0 without templates). */
export async function maxTemplateExpiration(db: Knex): Promise<number> {
  const row = await db('jwt_templates').max<{ max: number | null }>('expiration as max').first();
  return Number(row?.max ?? 0);
}
