import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export type PolicyKind = 'config' | 'history' | 'rotation';

export interface PasswordPolicyRow {
  id: string;
  tenant_id: string | null;
  kind: PolicyKind;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** Most earlier hashes kept per user: the largest history size a policy may ask for. */
const HISTORY_KEPT = 10;

/** The policy of the kind stored for the account (null: for the environment). */
export async function findPolicy(db: Knex, kind: PolicyKind, tenantId: string | null): Promise<PasswordPolicyRow | undefined> {
  const query = db<PasswordPolicyRow>('password_policies').where({ kind });
  return tenantId === null ? query.whereNull('tenant_id').first() : query.where({ tenant_id: tenantId }).first();
}

/** The account's own policy of the kind, else the environment's. */
export async function findApplyingPolicy(db: Knex, kind: PolicyKind, tenantId: string | null): Promise<PasswordPolicyRow | undefined> {
  const rows = await db<PasswordPolicyRow>('password_policies')
    .where({ kind })
    .andWhere((q) => (tenantId === null ? q.whereNull('tenant_id') : q.whereNull('tenant_id').orWhere({ tenant_id: tenantId })))
    .select('*');
  return rows.find((row) => row.tenant_id !== null) ?? rows[0];
}

/**
 * The stored policies of the kind at a level, in one query: its own (the account's, or the
 * environment's when `tenantId` is null) and the one it inherits (the environment's, for an account).
 */
export async function findPolicyLevels(
  db: Knex,
  kind: PolicyKind,
  tenantId: string | null,
): Promise<{ own: PasswordPolicyRow | undefined; inherited: PasswordPolicyRow | undefined }> {
  const rows = await db<PasswordPolicyRow>('password_policies')
    .where({ kind })
    .andWhere((q) => (tenantId === null ? q.whereNull('tenant_id') : q.whereNull('tenant_id').orWhere({ tenant_id: tenantId })))
    .select('*');
  const environment = rows.find((row) => row.tenant_id === null);
  return tenantId === null ? { own: environment, inherited: undefined } : { own: rows.find((row) => row.tenant_id === tenantId), inherited: environment };
}

/**
 * Inserts or (`replace`) replaces the policy of the kind for the scope in one statement, so two
 * concurrent writers cannot both insert; answers the stored row, or undefined when one existed and
 * `replace` is false.
 */
export async function upsertPolicy(
  db: Knex,
  kind: PolicyKind,
  tenantId: string | null,
  settings: Record<string, unknown>,
  replace = true,
): Promise<PasswordPolicyRow | undefined> {
  const onConflict = replace ? 'do update set settings = excluded.settings, updated_at = now()' : 'do nothing';
  const result = await db.raw(
    `insert into password_policies (id, tenant_id, kind, settings) values (?, ?, ?, ?::jsonb)
     on conflict ((coalesce(tenant_id, '')), kind) ${onConflict} returning *`,
    [randomUUID(), tenantId, kind, JSON.stringify(settings)],
  );
  return result.rows[0] as PasswordPolicyRow | undefined;
}

/** The user's current hash and up to `count` earlier ones, newest first. */
export async function recentPasswordHashes(db: Knex, userId: string, count: number): Promise<string[]> {
  const user = await db('users').where({ id: userId }).first('password_hash');
  const earlier = count > 0 ? await db('password_history').where({ user_id: userId }).orderBy('id', 'desc').limit(count).pluck('password_hash') : [];
  return [...(user?.password_hash ? [user.password_hash as string] : []), ...earlier];
}

/**
 * Keeps the user's current hash (if any) in the history before it is replaced, trims the history to
 * HISTORY_KEPT and marks the password as changed now. Call in the transaction that sets the new hash,
 * before setting it.
 */
export async function rememberPasswordChange(db: Knex, userId: string): Promise<void> {
  await db.raw('insert into password_history (user_id, password_hash) select id, password_hash from users where id = ? and password_hash is not null', [
    userId,
  ]);
  await db('password_history')
    .where({ user_id: userId })
    .whereNotIn('id', db('password_history').where({ user_id: userId }).orderBy('id', 'desc').limit(HISTORY_KEPT).select('id'))
    .delete();
  await db('users').where({ id: userId }).update({ password_changed_at: db.fn.now() });
}

/** Minutes (floored, on the database clock) until the user's password is `rotationMinutes` old; undefined without a user. */
export async function minutesUntilPasswordAge(db: Knex, userId: string, rotationMinutes: number): Promise<number | undefined> {
  const row = await db('users')
    .where({ id: userId })
    .first(db.raw("floor(extract(epoch from (password_changed_at + (? * interval '1 minute') - now())) / 60) as minutes", [rotationMinutes]));
  return row ? Number(row.minutes) : undefined;
}
