import type { Knex } from 'knex';

/**
 * Profile pictures uploaded through the team service: the bytes and their type, one picture a user
 * (a new upload replaces it under a new id, so a URL never shows two different pictures).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('profile_images', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().unique().references('id').inTable('users').onDelete('CASCADE');
    t.text('content_type').notNullable();
    t.binary('data').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('profile_images');
}
