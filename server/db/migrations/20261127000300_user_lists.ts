import type { Knex } from 'knex';

/**
 * Indexes for the users lists: prefix filters on email and name (compared without case), sorting by
 * creation and name, external ids, and the members of an account in creation order.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('create index users_email_prefix on users (email_normalized text_pattern_ops)');
  await db.raw('create index users_name_prefix on users (lower(name) text_pattern_ops)');
  await db.raw('create index users_created_at_id on users (created_at, id)');
  await db.raw('create index users_name_id on users (name, id)');
  await db.raw('create index users_external_id on users (external_id) where external_id is not null');
  await db.raw('create index users_phone_number_prefix on users (phone_number text_pattern_ops) where phone_number is not null');
}

export async function down(db: Knex): Promise<void> {
  for (const index of ['users_email_prefix', 'users_name_prefix', 'users_created_at_id', 'users_name_id', 'users_external_id', 'users_phone_number_prefix']) {
    await db.raw(`drop index if exists ${index}`);
  }
}
