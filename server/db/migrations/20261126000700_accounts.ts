import type { Knex } from 'knex';

/**
 * Accounts (tenants): an alias (unique among live accounts, whatever its case), and the date and
 * time formats of the account settings.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('tenants', (t) => {
    t.text('alias');
    t.text('date_format');
    t.text('time_format');
  });
  await db.raw('create unique index tenants_live_alias_unique on tenants (lower(alias)) where deleted_at is null and alias is not null');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index tenants_live_alias_unique');
  await db.schema.alterTable('tenants', (t) => {
    t.dropColumn('time_format');
    t.dropColumn('date_format');
    t.dropColumn('alias');
  });
}
