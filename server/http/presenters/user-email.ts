import type { UserEmailRow } from '../../repositories/user-emails';
import type { UsernameRow } from '../../repositories/usernames';
import type { Schema } from './schema';

/** One address of a user. */
export function toUserEmail(row: UserEmailRow): Schema<'UserEmail'> {
  return {
    id: row.id,
    userId: row.user_id,
    email: row.email,
    verified: row.verified,
    isPrimary: row.is_primary,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toUsername(row: UsernameRow): Schema<'Username'> {
  return { username: row.username, userId: row.user_id };
}
