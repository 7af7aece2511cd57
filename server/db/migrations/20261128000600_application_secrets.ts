import type { Knex } from 'knex';

/**
 * The secrets of applications, which the API gives back on reading (so they are sealed with the
 * operator's key when there is one, not hashed; see lib/sealed.ts):
 * - `application_credentials`: an application's client secret and shared secret, one row per
 *   application, made on first use;
 * - `application_clients`: further clients of an application (agents), each with its own id (the
 *   client id), secret, redirect URLs and metadata.
 * Both go with their application.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('application_credentials', (t) => {
    t.uuid('application_id').primary().references('id').inTable('applications').onDelete('CASCADE');
    t.text('client_secret').notNullable();
    t.text('shared_secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable('application_clients', (t) => {
    t.uuid('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('applications').onDelete('CASCADE');
    t.text('client_name').notNullable();
    t.text('client_secret').notNullable();
    t.text('client_type').notNullable();
    t.jsonb('redirect_urls').notNullable();
    t.jsonb('external_metadata');
    t.specificType('seq', 'bigserial').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['application_id', 'seq']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('application_clients');
  await db.schema.dropTable('application_credentials');
}
