import type { Knex } from 'knex';

/**
 * Users known by a username alone: `users.email` may be null (a sign-up by username without an
 * email). Nulls never collide in the unique index, so every other user keeps one address to one user.
 *
 * The trigger that keeps `user_emails` in step with `users.email` learns two cases: a user without
 * an address has no primary row, and a user who gets their first address gets one (or has the
 * secondary row of that address made primary).
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table users alter column email drop not null, alter column email_normalized drop not null');
  await db.raw(`
    create or replace function user_emails_follow_primary() returns trigger language plpgsql as $$
    begin
      if new.email_normalized is null then
        return null;
      elsif tg_op = 'INSERT' or old.email_normalized is null
            or (new.email_normalized is distinct from old.email_normalized
                and exists (select 1 from user_emails where user_id = new.id and email_normalized = new.email_normalized)) then
        if exists (select 1 from user_emails where user_id = new.id and email_normalized = new.email_normalized) then
          update user_emails set is_primary = false, updated_at = now() where user_id = new.id and is_primary;
          update user_emails set is_primary = true, email = new.email, verified = verified or new.verified, updated_at = now()
           where user_id = new.id and email_normalized = new.email_normalized;
        else
          insert into user_emails (id, user_id, email, email_normalized, verified, is_primary)
          values (gen_random_uuid(), new.id, new.email, new.email_normalized, new.verified, true);
        end if;
      elsif new.email is distinct from old.email or new.email_normalized is distinct from old.email_normalized
            or new.verified is distinct from old.verified then
        update user_emails set email = new.email, email_normalized = new.email_normalized, verified = new.verified, updated_at = now()
         where user_id = new.id and is_primary;
      end if;
      return null;
    end
    $$`);
}

/** Refuses to run while a user has no email: the column cannot be required again without losing them. */
export async function down(db: Knex): Promise<void> {
  const { rows } = await db.raw<{ rows: { count: string }[] }>('select count(*) from users where email is null');
  if (Number(rows[0]?.count ?? 0) > 0) {
    throw new Error(`${rows[0]?.count} users have no email; give them one before rolling back 20261207000200_users_without_email`);
  }
  await db.raw(`
    create or replace function user_emails_follow_primary() returns trigger language plpgsql as $$
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
  await db.raw('alter table users alter column email set not null, alter column email_normalized set not null');
}
