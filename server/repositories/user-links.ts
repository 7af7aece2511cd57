import type { Knex } from 'knex';
import { rememberPasswordChange } from './password-policies';

/** Marks the user verified and, when a hash is given, sets their password. */
export async function activateUser(db: Knex, userId: string, password: { hash: string; breached: boolean } | null): Promise<void> {
  if (password) await rememberPasswordChange(db, userId);
  await db('users')
    .where({ id: userId })
    .update({
      verified: true,
      ...(password ? { password_hash: password.hash, password_breached_at: password.breached ? db.fn.now() : null } : {}),
      updated_at: db.fn.now(),
    });
}

/**
 * Gives the user a new email. 'taken' when another user has it (checked first, and again by the
 * unique index should two changes race); 'missing' when there is no such user.
 */
export async function changeUserEmail(
  db: Knex,
  userId: string,
  email: { email: string; normalized: string; verified?: boolean },
): Promise<'changed' | 'taken' | 'missing'> {
  const other = await db('users').where({ email_normalized: email.normalized }).whereNot({ id: userId }).first('id');
  if (other) return 'taken';
  try {
    const updated = await db('users')
      .where({ id: userId })
      .update({
        email: email.email,
        email_normalized: email.normalized,
        ...(email.verified ? { verified: true } : {}),
        updated_at: db.fn.now(),
      })
      .returning('id');
    return updated.length === 1 ? 'changed' : 'missing';
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return 'taken';
    throw error;
  }
}

/** Marks the user unlocked, their count of wrong passwords back at zero; false when there is no such user. */
export async function unlockUser(db: Knex, userId: string): Promise<boolean> {
  return (await db('users').where({ id: userId }).update({ is_locked: false, failed_login_attempts: 0, updated_at: db.fn.now() })) > 0;
}
