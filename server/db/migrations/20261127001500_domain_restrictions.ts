import type { Knex } from 'knex';

/**
 * Email-domain restrictions: lists of domains allowed or blocked for new users (sign-up, invitation,
 * creation), per account and for the environment (`tenant_id` null: sign-ups, and accounts without a
 * configuration of their own), and per scope a configuration saying whether the restrictions are on,
 * which list counts, and whether public email domains are refused.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('domain_restrictions', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.text('domain').notNullable();
    t.text('type').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`create unique index domain_restrictions_unique on domain_restrictions (coalesce(tenant_id, ''), type, domain)`);
  await db.schema.createTable('domain_restriction_configs', (t) => {
    // The account, or '' for the environment.
    t.text('scope').primary();
    t.boolean('active').notNullable();
    t.text('list_type').notNullable();
    t.boolean('block_public_domains').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('domain_restriction_configs');
  await db.schema.dropTable('domain_restrictions');
}
