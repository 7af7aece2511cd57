import type { Knex } from 'knex';

/**
 * The account hierarchy: `tenants.parent_tenant_id` names each account's parent. Walking down from
 * an account needs an index on it; each account's hierarchy settings get a row of their own, made
 * when they are first set (no row means the defaults).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('tenants', (t) => {
    t.index(['parent_tenant_id'], 'tenants_parent_tenant_id_index');
  });
  await db.schema.createTable('tenant_hierarchy_settings', (t) => {
    t.text('tenant_id').primary().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.text('sub_account_access_type').notNullable().defaultTo('defaultOff');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(
    `alter table tenant_hierarchy_settings add constraint tenant_hierarchy_settings_access_type_check
     check (sub_account_access_type in ('defaultOff', 'defaultOn', 'alwaysOn'))`,
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('tenant_hierarchy_settings');
  await db.schema.alterTable('tenants', (t) => {
    t.dropIndex(['parent_tenant_id'], 'tenants_parent_tenant_id_index');
  });
}
