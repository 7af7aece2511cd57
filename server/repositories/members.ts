import type { Knex } from 'knex';
import type { MemberRoleRow } from './member-roles';
import { ROLE_ORDER, roleColumns } from './roles';
import { MEMBERSHIPS_JSON, USER_SELECT, splitMemberships, type UserRowWithMemberships, type UserWithMemberships } from './users';

/** What a users list is narrowed to. Every text filter is already lower-cased where it compares without case. */
export interface UsersFilter {
  /** Only members of this account; every user of the environment when left out. */
  tenantId?: string;
  /** With `tenantId`: members of any of these accounts instead (an account and those beneath it). */
  tenantIds?: string[];
  /** UUIDs only. */
  ids?: string[];
  externalIds?: string[];
  emailPrefix?: string;
  namePrefix?: string;
  phonePrefix?: string;
  /** Phrase search over email and name (lower-cased): all of `contains`, none of `excludes`, at least one of `optional`. */
  contains?: string[];
  excludes?: string[];
  optional?: string[];
  /**
   * `contains` and `optional` also match words like the phrase (pg_trgm's word similarity: a
   * misspelled or partial word), where the database has pg_trgm; else phrases match exactly.
   */
  approximate?: boolean;
  /** Leaves out users in invisible mode. */
  hideInvisible?: boolean;
  /** Matches no one (an identifier type that is not kept). */
  none?: boolean;
}

export type UsersSortColumn = 'created_at' | 'name' | 'email_normalized' | 'id' | 'verified' | 'is_locked' | 'provider' | 'last_active_tenant_id';

/** `like` escapes, so that a prefix holding `%` or `_` matches them literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const MENTIONS = `(u.email_normalized like ? escape '\\' or lower(u.name) like ? escape '\\')`;
/** As MENTIONS, or a word of the email or name like the phrase (pg_trgm's `<%`, which the trigram indexes serve). */
const RESEMBLES = `(u.email_normalized like ? escape '\\' or lower(u.name) like ? escape '\\' or ? <% u.email_normalized or ? <% lower(u.name))`;

const trigramsInstalled = new WeakMap<Knex, Promise<boolean>>();

/** Whether the database has pg_trgm installed (the migrations install it where it is available). Asked once per database. */
export function hasTrigrams(db: Knex): Promise<boolean> {
  let known = trigramsInstalled.get(db);
  if (!known) {
    known = db.raw<{ rows: unknown[] }>(`select 1 from pg_extension where extname = 'pg_trgm'`).then((result) => result.rows.length > 0);
    trigramsInstalled.set(db, known);
  }
  return known;
}

function filtered(db: Knex, filter: UsersFilter): Knex.QueryBuilder {
  const mentions = (phrase: string): [string, string[]] =>
    filter.approximate ? [RESEMBLES, [likeAnywhere(phrase), likeAnywhere(phrase), phrase, phrase]] : [MENTIONS, [likeAnywhere(phrase), likeAnywhere(phrase)]];
  const query = db('users as u');
  if (filter.none) query.whereRaw('false');
  if (filter.hideInvisible) query.where('u.invisible', false);
  if (filter.tenantId !== undefined) {
    query.whereExists(
      db('user_tenants as ut')
        .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
        .whereRaw('ut.user_id = u.id')
        .modify((members) => {
          if (filter.tenantIds) members.whereIn('ut.tenant_id', filter.tenantIds);
          else members.where('ut.tenant_id', filter.tenantId);
        })
        .whereNull('t.deleted_at')
        .select(db.raw('1')),
    );
  }
  if (filter.ids) query.whereIn('u.id', filter.ids);
  if (filter.externalIds) query.whereIn('u.external_id', filter.externalIds);
  if (filter.emailPrefix !== undefined) query.whereRaw(`u.email_normalized like ? escape '\\'`, [likePrefix(filter.emailPrefix)]);
  if (filter.namePrefix !== undefined) query.whereRaw(`lower(u.name) like ? escape '\\'`, [likePrefix(filter.namePrefix)]);
  if (filter.phonePrefix !== undefined) query.whereRaw(`u.phone_number like ? escape '\\'`, [likePrefix(filter.phonePrefix)]);
  for (const phrase of filter.contains ?? []) query.whereRaw(...mentions(phrase));
  for (const phrase of filter.excludes ?? []) query.whereRaw(`not ${MENTIONS}`, [likeAnywhere(phrase), likeAnywhere(phrase)]);
  if (filter.optional && filter.optional.length > 0) {
    const optional = filter.optional;
    query.where((any) => {
      for (const phrase of optional) any.orWhereRaw(...mentions(phrase));
    });
  }
  return query;
}

export async function countUsers(db: Knex, filter: UsersFilter): Promise<number> {
  const row = await filtered(db, filter).count<{ count: string | number }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/**
 * `limit` users from row `offset` on, in the order asked for (ties by id), each with their memberships.
 * The page's ids come first, from the filtered and ordered users alone; memberships are read for
 * those ids only (a deep page would otherwise build them for every row it skips).
 */
export async function pageUsers(
  db: Knex,
  filter: UsersFilter,
  page: { limit: number; offset: number; sortBy: UsersSortColumn; order: 'asc' | 'desc' },
): Promise<UserWithMemberships[]> {
  const ids: string[] = (
    await filtered(db, filter)
      .select('u.id')
      .orderBy([{ column: `u.${page.sortBy}`, order: page.order, nulls: 'last' }, ...(page.sortBy === 'id' ? [] : [{ column: 'u.id', order: page.order }])])
      .limit(page.limit)
      .offset(page.offset)
  ).map((row: { id: string }) => row.id);
  if (ids.length === 0) return [];
  const rows: UserRowWithMemberships[] = await db('users as u')
    .select(db.raw(`${USER_SELECT}, ${MEMBERSHIPS_JSON}`))
    .whereIn('u.id', ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [splitMemberships(row)!] : [];
  });
}

/** The roles given directly to each of the users, in each of their accounts, strongest first, in one query. */
export async function findRolesOfUsers(db: Knex, userIds: string[]): Promise<(MemberRoleRow & { user_id: string })[]> {
  if (userIds.length === 0) return [];
  return db('user_tenant_roles as utr')
    .join('roles', 'roles.id', 'utr.role_id')
    .select('utr.user_id', 'utr.tenant_id as member_tenant_id', ...roleColumns(db))
    .whereIn('utr.user_id', userIds)
    .orderBy(ROLE_ORDER);
}

/** Deletes the user from the environment (memberships, roles, groups and sessions go with them). */
export async function deleteUser(db: Knex, userId: string): Promise<boolean> {
  // Counted from the rows returned: PGlite's driver does not answer a count for a delete.
  return (await db('users').where({ id: userId }).delete().returning('id')).length > 0;
}

/** Removes the membership (its roles, groups and application assignments go with it); false when there was none. */
export async function deleteMembership(db: Knex, userId: string, tenantId: string): Promise<boolean> {
  return (await db('user_tenants').where({ user_id: userId, tenant_id: tenantId }).delete().returning('user_id')).length > 0;
}

/** Revokes the user's live sessions, in one account or in all of them. */
export async function revokeUserSessions(db: Knex, userId: string, reason: string, tenantId?: string): Promise<number> {
  const query = db('sessions').where({ user_id: userId }).whereNull('revoked_at');
  if (tenantId !== undefined) query.where({ tenant_id: tenantId });
  return query.update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

/** Changes the user's profile fields given; answers whether the user exists. */
export async function updateProfile(
  db: Knex,
  userId: string,
  changes: Partial<{ name: string; phone_number: string | null; profile_picture_url: string | null; metadata: Record<string, unknown> }>,
): Promise<boolean> {
  const row = { ...changes, ...(changes.metadata ? { metadata: JSON.stringify(changes.metadata) } : {}), updated_at: db.fn.now() };
  return (await db('users').where({ id: userId }).update(row)) > 0;
}
