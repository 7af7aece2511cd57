import type { Knex } from 'knex';

/**
 * The breached-password marker: `users.password_breached_at` is when the user's current password was
 * last seen (in plain text, at login, reset or change) in the list of breached and common passwords.
 * A new password hash clears it, whichever route sets the password, unless the same statement sets
 * the marker again; a rehash of the same password at login is followed by the login's own check.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.timestamp('password_breached_at', { useTz: true }).nullable();
  });
  await db.raw('create index users_password_breached on users (password_breached_at) where password_breached_at is not null');
  await db.raw(`
    create function users_clear_password_breached() returns trigger language plpgsql as $$
    begin
      if new.password_hash is distinct from old.password_hash
         and new.password_breached_at is not distinct from old.password_breached_at then
        new.password_breached_at := null;
      end if;
      return new;
    end
    $$`);
  await db.raw(`
    create trigger users_clear_password_breached before update of password_hash on users
    for each row execute function users_clear_password_breached()`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop trigger users_clear_password_breached on users');
  await db.raw('drop function users_clear_password_breached()');
  await db.raw('drop index users_password_breached');
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('password_breached_at');
  });
}
