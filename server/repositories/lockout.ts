import type { Knex } from 'knex';

export interface LockoutPolicyRow {
  id: string;
  /** The account the policy belongs to; null for the environment's default. */
  tenant_id: string | null;
  enabled: boolean;
  max_attempts: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS: (keyof LockoutPolicyRow)[] = ['id', 'tenant_id', 'enabled', 'max_attempts', 'created_at', 'updated_at'];

/**
 * The stored policies of a level, in one query: its own (the account's, or the environment's default
 * when `tenantId` is null) and the one it inherits (the environment's default, for an account).
 */
export async function findLockoutPolicyLevels(
  db: Knex,
  tenantId: string | null,
): Promise<{ own: LockoutPolicyRow | undefined; inherited: LockoutPolicyRow | undefined }> {
  const query = db<LockoutPolicyRow>('lockout_policies').select(COLUMNS).whereNull('tenant_id');
  if (tenantId !== null) query.orWhere({ tenant_id: tenantId });
  const rows: LockoutPolicyRow[] = await query;
  const environment = rows.find((row) => row.tenant_id === null);
  return tenantId === null ? { own: environment, inherited: undefined } : { own: rows.find((row) => row.tenant_id === tenantId), inherited: environment };
}

/** The policy that applies in the account: its own, else the environment's default. */
export async function findEffectiveLockoutPolicy(db: Knex, tenantId: string | null): Promise<LockoutPolicyRow | undefined> {
  const query = db<LockoutPolicyRow>('lockout_policies').select(COLUMNS).whereNull('tenant_id');
  if (tenantId !== null) query.orWhere({ tenant_id: tenantId });
  return query.orderByRaw('tenant_id is null').first();
}

/** Stores a new policy: 'exists' when that level already has one, 'no_tenant' when the account does not exist. */
export async function insertLockoutPolicy(
  db: Knex,
  row: Pick<LockoutPolicyRow, 'id' | 'tenant_id' | 'enabled' | 'max_attempts'>,
): Promise<LockoutPolicyRow | 'exists' | 'no_tenant'> {
  if (row.tenant_id !== null && !(await db('tenants').where({ tenant_id: row.tenant_id }).first('tenant_id'))) return 'no_tenant';
  const conflict = row.tenant_id === null ? db.raw('((tenant_id is null)) where tenant_id is null') : db.raw('(tenant_id) where tenant_id is not null');
  const inserted = await db('lockout_policies').insert(row).onConflict(conflict).ignore().returning(COLUMNS);
  return (inserted[0] as LockoutPolicyRow | undefined) ?? 'exists';
}

/** Changes the policy of a level; undefined when that level has none. */
export async function updateLockoutPolicy(
  db: Knex,
  tenantId: string | null,
  changes: Pick<LockoutPolicyRow, 'enabled' | 'max_attempts'>,
): Promise<LockoutPolicyRow | undefined> {
  const query = db('lockout_policies').update({ ...changes, updated_at: db.fn.now() });
  if (tenantId === null) query.whereNull('tenant_id');
  else query.where({ tenant_id: tenantId });
  const updated = await query.returning(COLUMNS);
  return updated[0] as LockoutPolicyRow | undefined;
}

/**
 * Counts one wrong password, in one atomic UPDATE: concurrent calls from any process each add
 * exactly one. Returns the count after it, or undefined when the user is gone.
 */
export async function countFailedLogin(db: Knex, userId: string): Promise<number | undefined> {
  const rows: { failed_login_attempts: number }[] = await db('users')
    .where({ id: userId })
    .increment('failed_login_attempts', 1)
    .returning('failed_login_attempts');
  return rows[0]?.failed_login_attempts;
}

/**
 * Locks the user once the count has reached `maxAttempts`. Only the call that turns the lock on
 * gets true: the row lock makes concurrent calls wait and then see the user already locked.
 */
export async function lockAfterFailedLogins(db: Knex, userId: string, maxAttempts: number): Promise<boolean> {
  const locked = await db('users')
    .where({ id: userId, is_locked: false })
    .andWhere('failed_login_attempts', '>=', maxAttempts)
    .update({ is_locked: true, updated_at: db.fn.now() })
    .returning('id');
  return locked.length === 1;
}

/** Sets the user's count of wrong passwords back to zero (after a successful login). */
export async function resetFailedLogins(db: Knex, userId: string): Promise<void> {
  await db('users').where({ id: userId }).andWhere('failed_login_attempts', '>', 0).update({ failed_login_attempts: 0 });
}
