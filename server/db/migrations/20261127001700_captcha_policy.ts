import type { Knex } from 'knex';

/**
 * The environment's CAPTCHA policy: at most one row (`singleton` is always true and unique).
 * `secret_key` is kept as given, not hashed: it is sent to the provider with every token.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('captcha_policies', (t) => {
    t.uuid('id').primary();
    t.boolean('singleton').notNullable().defaultTo(true).unique();
    t.boolean('enabled').notNullable();
    t.text('site_key').notNullable();
    t.text('secret_key').notNullable();
    t.double('min_score').notNullable();
    t.jsonb('ignored_emails').notNullable().defaultTo('[]');
    t.boolean('allow_login_on_provider_outage').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw('alter table captcha_policies add constraint captcha_policies_singleton check (singleton)');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('captcha_policies');
}
