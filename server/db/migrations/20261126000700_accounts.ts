import type { Knex } from 'knex';

/**
 * Accounts (tenants): an alias (unique among live accounts, whatever its case), the date and time
 * formats of the account settings, and the bulk migrations of accounts with one row per account
 * asked for, so that any server process can answer how a migration is going.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('tenants', (t) => {
    t.text('alias');
    t.text('date_format');
    t.text('time_format');
  });
  await db.raw('create unique index tenants_live_alias_unique on tenants (lower(alias)) where deleted_at is null and alias is not null');

  await db.schema.createTable('tenant_migrations', (t) => {
    t.uuid('id').primary();
    t.text('state').notNullable();
    t.integer('total').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('completed_at', { useTz: true });
  });
  await db.schema.createTable('tenant_migration_items', (t) => {
    t.uuid('migration_id').notNullable().references('id').inTable('tenant_migrations').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.text('tenant_id').notNullable();
    t.jsonb('input').notNullable();
    t.text('status').notNullable();
    t.text('error');
    t.text('error_code');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['migration_id', 'position']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('tenant_migration_items');
  await db.schema.dropTable('tenant_migrations');
  await db.raw('drop index tenants_live_alias_unique');
  await db.schema.alterTable('tenants', (t) => {
    t.dropColumn('time_format');
    t.dropColumn('date_format');
    t.dropColumn('alias');
  });
}
