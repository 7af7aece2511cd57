import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

/** Usernames: at most one per user, lower-cased, unique in the environment. */
export interface UsernameRow {
  user_id: string;
  username: string;
  created_at: Date;
}

const UNIQUE_VIOLATION = '23505';

export interface UsernamesFilter {
  /** Only users who are members of this live account. */
  tenantId?: string;
  userIds?: string[];
  /** Lower-cased. */
  usernames?: string[];
  /** Lower-cased. */
  prefix?: string;
}

export type UsernamesSort = 'user_id' | 'username';

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Knex, filter: UsernamesFilter): Knex.QueryBuilder {
  const query = db('usernames as un');
  if (filter.tenantId !== undefined) {
    query.whereExists(
      db('user_tenants as ut')
        .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
        .whereRaw('ut.user_id = un.user_id')
        .where('ut.tenant_id', filter.tenantId)
        .whereNull('t.deleted_at')
        .select(db.raw('1')),
    );
  }
  if (filter.userIds) query.whereIn('un.user_id', filter.userIds);
  if (filter.usernames) query.whereIn('un.username', filter.usernames);
  if (filter.prefix !== undefined) query.whereRaw(`un.username like ? escape '\\'`, [likePrefix(filter.prefix)]);
  return query;
}

export async function countUsernames(db: Knex, filter: UsernamesFilter): Promise<number> {
  const row = firstOf(await filtered(db, filter).count<{ count: string | number }[]>({ count: '*' }), 'the row of count(*)');
  return Number(row.count);
}

export async function listUsernames(
  db: Knex,
  filter: UsernamesFilter,
  order: { by: UsernamesSort; direction: 'asc' | 'desc' },
  slice: { limit: number; offset: number },
): Promise<UsernameRow[]> {
  return filtered(db, filter)
    .select('un.user_id', 'un.username', 'un.created_at')
    .orderBy([
      { column: `un.${order.by}`, order: order.direction },
      { column: 'un.username', order: order.direction },
    ])
    .limit(slice.limit)
    .offset(slice.offset);
}

export async function findUsernameOfUser(db: Knex, userId: string): Promise<UsernameRow | undefined> {
  return db('usernames').where({ user_id: userId }).first('user_id', 'username', 'created_at');
}

/** Gives the user this username in place of any earlier one; 'taken' when another user has it. */
export async function setUsername(db: Knex, userId: string, username: string): Promise<'stored' | 'taken'> {
  try {
    await db('usernames').insert({ user_id: userId, username }).onConflict('user_id').merge({ username, created_at: db.fn.now() });
    return 'stored';
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'taken';
    throw error;
  }
}

/** Deletes the username (only when it is `userId`'s, when given); false when there was none. */
/**
 * Deletes the username (with `userId`, only when it is that user's): `deleted`, `missing`, or `only`
 * when it is all a user without an email logs in by (kept; checked in the same statement).
 */
export async function deleteUsername(db: Knex, username: string, userId?: string): Promise<'deleted' | 'missing' | 'only'> {
  const owner = db('users').select('id').whereRaw('users.id = usernames.user_id').whereNotNull('email');
  const query = db('usernames').where({ username }).whereExists(owner);
  if (userId !== undefined) query.where({ user_id: userId });
  if ((await query.delete().returning('user_id')).length > 0) return 'deleted';
  const kept = db('usernames').where({ username });
  if (userId !== undefined) kept.where({ user_id: userId });
  return (await kept.first('user_id')) ? 'only' : 'missing';
}
