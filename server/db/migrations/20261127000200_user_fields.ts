import type { Knex } from 'knex';

/**
 * Users as the environment manages them: invisible and super-user modes, an expiry for temporary
 * users, and the phone numbers stored for a user.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.boolean('invisible').notNullable().defaultTo(false);
    t.boolean('super_user').notNullable().defaultTo(false);
    t.timestamp('temporary_expires_at', { useTz: true });
  });
  await db.schema.createTable('user_phone_numbers', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('phone_number').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['user_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('user_phone_numbers');
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('temporary_expires_at');
    t.dropColumn('super_user');
    t.dropColumn('invisible');
  });
}
