import type { Knex } from 'knex';

/**
 * Users' email addresses and usernames.
 *
 * `user_emails` holds every address of every user, the primary one included (`is_primary`), so that
 * one unique index keeps an address to one user across primary and secondary addresses, races
 * included. `users.email` stays the primary address that login reads; the trigger below is the one
 * place that keeps the primary row in step with it, whichever code writes `users`:
 * - a new user gets their primary row;
 * - when `users.email` changes to an address the user already holds as a secondary one, that row
 *   becomes primary and the old primary row stays as a secondary address (making an email primary);
 * - otherwise the primary row takes the new address (an email change replaces the old address).
 * The primary row's `verified` follows `users.verified` (a verified address made primary stays verified).
 *
 * `usernames` holds at most one username per user, lower-cased, unique in the environment.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('user_emails', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('email_normalized').notNullable().unique();
    t.boolean('verified').notNullable().defaultTo(false);
    t.boolean('is_primary').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['user_id']);
  });
  await db.raw('create unique index user_emails_one_primary on user_emails (user_id) where is_primary');

  await db.raw(`
    insert into user_emails (id, user_id, email, email_normalized, verified, is_primary, created_at, updated_at)
    select gen_random_uuid(), id, email, email_normalized, verified, true, created_at, updated_at from users`);

  await db.raw(`
    create function user_emails_follow_primary() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into user_emails (id, user_id, email, email_normalized, verified, is_primary)
        values (gen_random_uuid(), new.id, new.email, new.email_normalized, new.verified, true);
      elsif new.email_normalized is distinct from old.email_normalized
            and exists (select 1 from user_emails where user_id = new.id and email_normalized = new.email_normalized) then
        update user_emails set is_primary = false, updated_at = now() where user_id = new.id and is_primary;
        update user_emails set is_primary = true, email = new.email, verified = verified or new.verified, updated_at = now()
         where user_id = new.id and email_normalized = new.email_normalized;
      elsif new.email is distinct from old.email or new.email_normalized is distinct from old.email_normalized
            or new.verified is distinct from old.verified then
        update user_emails set email = new.email, email_normalized = new.email_normalized, verified = new.verified, updated_at = now()
         where user_id = new.id and is_primary;
      end if;
      return null;
    end
    $$`);
  await db.raw(`
    create trigger user_emails_follow_primary after insert or update of email, email_normalized, verified on users
    for each row execute function user_emails_follow_primary()`);

  await db.schema.createTable('usernames', (t) => {
    t.uuid('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.text('username').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('usernames');
  await db.raw('drop trigger user_emails_follow_primary on users');
  await db.raw('drop function user_emails_follow_primary()');
  await db.schema.dropTable('user_emails');
}
