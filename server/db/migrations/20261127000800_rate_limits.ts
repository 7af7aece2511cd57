import type { Knex } from 'knex';

/**
 * Rate-limit counters (password-reset emails, sign-ups, ...): one row per limit, key and fixed time
 * window, counted with an atomic upsert, so that every server process on the database shares them.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('rate_limits', (t) => {
    t.text('name').notNullable();
    t.text('key').notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.integer('count').notNullable();
    t.primary(['name', 'key', 'window_start']);
    t.index(['window_start']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('rate_limits');
}
