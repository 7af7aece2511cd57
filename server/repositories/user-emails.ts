import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

/**
 * Users' email addresses. Every address of a user is a row here, the primary one included; the
 * primary row follows `users.email` through a trigger (migration 20261127000500), so code changes the
 * primary address only by writing `users`.
 */
export interface UserEmailRow {
  id: string;
  user_id: string;
  email: string;
  email_normalized: string;
  verified: boolean;
  is_primary: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ['id', 'user_id', 'email', 'email_normalized', 'verified', 'is_primary', 'created_at', 'updated_at'] as const;
const columns = (alias: string) => COLUMNS.map((column) => `${alias}.${column}`);

export interface UserEmailsFilter {
  /** Only users who are members of this live account. */
  tenantId?: string;
  userIds?: string[];
  /** Only addresses starting with this (already lower-cased) text. */
  emailPrefix?: string;
}

export type UserEmailsSort = 'user_id' | 'email_normalized';

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Knex, filter: UserEmailsFilter): Knex.QueryBuilder {
  const query = db('user_emails as ue');
  if (filter.tenantId !== undefined) {
    query.whereExists(
      db('user_tenants as ut')
        .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
        .whereRaw('ut.user_id = ue.user_id')
        .where('ut.tenant_id', filter.tenantId)
        .whereNull('t.deleted_at')
        .select(db.raw('1')),
    );
  }
  if (filter.userIds) query.whereIn('ue.user_id', filter.userIds);
  if (filter.emailPrefix !== undefined) query.whereRaw(`ue.email_normalized like ? escape '\\'`, [likePrefix(filter.emailPrefix)]);
  return query;
}

export async function countUserEmails(db: Knex, filter: UserEmailsFilter): Promise<number> {
  const row = firstOf(await filtered(db, filter).count<{ count: string | number }[]>({ count: '*' }), 'the row of count(*)');
  return Number(row.count);
}

export async function listUserEmails(
  db: Knex,
  filter: UserEmailsFilter,
  order: { by: UserEmailsSort; direction: 'asc' | 'desc' },
  slice: { limit: number; offset: number },
): Promise<UserEmailRow[]> {
  return filtered(db, filter)
    .select(columns('ue'))
    .orderBy([
      { column: `ue.${order.by}`, order: order.direction },
      { column: 'ue.id', order: order.direction },
    ])
    .limit(slice.limit)
    .offset(slice.offset);
}

/** Every address of the user, the primary one first, then oldest first. */
export async function findEmailsOfUser(db: Knex, userId: string): Promise<UserEmailRow[]> {
  return db('user_emails')
    .where({ user_id: userId })
    .select(COLUMNS)
    .orderBy([
      { column: 'is_primary', order: 'desc' },
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
}

/** The row holding this address, whoever's it is; with `lock`, locked until the transaction ends. */
export async function findEmailByAddress(db: Knex, emailNormalized: string, options: { lock?: boolean } = {}): Promise<UserEmailRow | undefined> {
  const query = db('user_emails').where({ email_normalized: emailNormalized }).first(COLUMNS);
  return options.lock ? query.forUpdate() : query;
}

export async function findEmailOfUser(db: Knex, userId: string, id: string): Promise<UserEmailRow | undefined> {
  return db('user_emails').where({ user_id: userId, id }).first(COLUMNS);
}

/** Stores a secondary address; undefined when the address is taken (by anyone, the user included). */
export async function insertUserEmail(
  db: Knex,
  row: { id: string; user_id: string; email: string; email_normalized: string; verified: boolean },
): Promise<UserEmailRow | undefined> {
  const [inserted] = await db('user_emails')
    .insert({ ...row, is_primary: false })
    .onConflict('email_normalized')
    .ignore()
    .returning(COLUMNS);
  return inserted as UserEmailRow | undefined;
}

export async function markEmailVerified(db: Knex, id: string): Promise<UserEmailRow> {
  const [row] = await db('user_emails').where({ id }).update({ verified: true, updated_at: db.fn.now() }).returning(COLUMNS);
  return row as UserEmailRow;
}

/** Deletes a secondary address of the user; 'primary' leaves the primary one alone. */
export async function deleteSecondaryEmail(db: Knex, userId: string, id: string): Promise<'deleted' | 'primary' | 'missing'> {
  const row = await db('user_emails').where({ user_id: userId, id }).forUpdate().first('is_primary');
  if (!row) return 'missing';
  if (row.is_primary) return 'primary';
  await db('user_emails').where({ user_id: userId, id }).delete();
  return 'deleted';
}

/**
 * Makes the user's address primary by writing it to `users`: the trigger turns the address's row
 * into the primary one and keeps the old primary address as a secondary one.
 */
export async function makeEmailPrimary(db: Knex, row: UserEmailRow): Promise<void> {
  await db('users').where({ id: row.user_id }).update({ email: row.email, email_normalized: row.email_normalized, updated_at: db.fn.now() });
}
