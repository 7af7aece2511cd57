import type { Knex } from 'knex';
import { rememberPasswordChange } from './password-policies';

/** Sets the user's password hash (the old one goes to the history), with the breached marker for the new password; false when the user is gone. */
export async function setPassword(db: Knex, userId: string, passwordHash: string, breached: boolean): Promise<boolean> {
  await rememberPasswordChange(db, userId);
  const updated = await db('users')
    .where({ id: userId })
    .update({ password_hash: passwordHash, password_breached_at: breached ? db.fn.now() : null, updated_at: db.fn.now() })
    .returning('id');
  return updated.length === 1;
}

/** Marks the user's current password as seen in the breached list (keeps the first time it was seen). */
export async function markPasswordBreached(db: Knex, userId: string): Promise<void> {
  await db('users').where({ id: userId }).whereNull('password_breached_at').update({ password_breached_at: db.fn.now() });
}

/** Ends every live session of the user but `keepSessionId` (every one, without it); answers how many ended. */
export async function revokeSessionsExcept(db: Knex, userId: string, keepSessionId: string | undefined, reason: string): Promise<number> {
  const query = db('sessions').where({ user_id: userId }).whereNull('revoked_at');
  if (keepSessionId !== undefined) query.whereNot({ id: keepSessionId });
  return query.update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

/** Users whose current password is marked breached: members of the live account `tenantId`, or all. */
export async function findUsersWithBreachedPasswords(db: Knex, tenantId?: string): Promise<{ id: string; email: string }[]> {
  const query = db('users as u').whereNotNull('u.password_breached_at').whereNotNull('u.password_hash').select('u.id', 'u.email').orderBy('u.id');
  if (tenantId !== undefined) {
    query.whereExists(
      db('user_tenants as ut')
        .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
        .whereRaw('ut.user_id = u.id')
        .where('ut.tenant_id', tenantId)
        .whereNull('t.deleted_at')
        .select(db.raw('1')),
    );
  }
  return query;
}

/** The primary email of the user with this (lower-cased) username. */
export async function findEmailByUsername(db: Knex, username: string): Promise<string | undefined> {
  const row = await db('usernames as un').join('users as u', 'u.id', 'un.user_id').where('un.username', username).first('u.email');
  return row?.email as string | undefined;
}
