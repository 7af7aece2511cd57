import type { Knex } from 'knex';

/**
 * Background jobs (bulk account migration, and later bulk invites and bulk role changes): a job and
 * one row per item asked for, each with its outcome. Any server process can answer how a job is
 * going, take an item up (claimed with a row lock), and resume a job a stopped process left.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('jobs', (t) => {
    t.uuid('id').primary();
    t.text('kind').notNullable();
    t.text('state').notNullable();
    t.integer('total').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('completed_at', { useTz: true });
  });
  await db.raw(`create index jobs_unfinished on jobs (created_at) where state <> 'COMPLETED'`);
  await db.schema.createTable('job_items', (t) => {
    t.uuid('job_id').notNullable().references('id').inTable('jobs').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.text('key').notNullable();
    t.jsonb('input').notNullable();
    t.text('status').notNullable();
    t.text('error');
    t.text('error_code');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['job_id', 'position']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('job_items');
  await db.schema.dropTable('jobs');
}
