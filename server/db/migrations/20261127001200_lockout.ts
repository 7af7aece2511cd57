import type { Knex } from 'knex';

/**
 * The lockout policy and the count it acts on. `lockout_policies` holds the environment's default
 * (the one row with no `tenant_id`) and the accounts' own policies (one per account). Each user
 * carries `failed_login_attempts`, the wrong passwords since their last successful login or unlock,
 * raised by one atomic UPDATE so that concurrent logins in any number of processes count exactly.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('lockout_policies', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.boolean('enabled').notNullable();
    t.integer('max_attempts').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw('create unique index lockout_policies_one_per_tenant on lockout_policies (tenant_id) where tenant_id is not null');
  await db.raw('create unique index lockout_policies_one_default on lockout_policies ((tenant_id is null)) where tenant_id is null');
  await db.schema.alterTable('users', (t) => {
    t.integer('failed_login_attempts').notNullable().defaultTo(0);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('failed_login_attempts');
  });
  await db.schema.dropTable('lockout_policies');
}
