import type { Knex } from 'knex';

/**
 * Password policies and history. `password_policies` holds one row per kind ('config', 'history',
 * 'rotation') for the environment (tenant_id null) and per account; an account's own row wins.
 * `password_history` keeps earlier password hashes of a user (newest first by `created_at`), so a
 * reused password can be refused. `users.password_changed_at` says when the password was last set;
 * existing users get the time of this migration, so turning rotation on does not expire them at once.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('password_policies', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.jsonb('settings').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw("create unique index password_policies_one_per_scope on password_policies (coalesce(tenant_id, ''), kind)");
  await db.schema.createTable('password_history', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('password_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['user_id', 'id']);
  });
  await db.schema.alterTable('users', (t) => {
    t.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => t.dropColumn('password_changed_at'));
  await db.schema.dropTable('password_history');
  await db.schema.dropTable('password_policies');
}
