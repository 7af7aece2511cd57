import type { Knex } from 'knex';

/**
 * Session policies: idle timeout, absolute timeout and the most sessions a user may hold at once.
 * One row per account (`tenant_id`) and at most one environment default (`tenant_id` null). An
 * account's own row wins over the default; with neither, no limit applies beyond the refresh token
 * lifetime. Timeouts are in seconds; each part applies only while its `*_active` flag is on.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('session_policies', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.boolean('idle_active').notNullable().defaultTo(false);
    t.integer('idle_timeout').notNullable();
    t.boolean('absolute_active').notNullable().defaultTo(false);
    t.integer('absolute_timeout').notNullable();
    t.boolean('concurrent_active').notNullable().defaultTo(false);
    t.integer('max_sessions').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['tenant_id']);
  });
  await db.raw("create unique index session_policies_scope on session_policies ((coalesce(tenant_id, '')))");
  await db.raw('create index sessions_user_live on sessions (user_id, created_at) where revoked_at is null');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists sessions_user_live');
  await db.schema.dropTable('session_policies');
}
