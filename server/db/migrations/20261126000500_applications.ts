import type { Knex } from 'knex';

/**
 * Applications of the environment, the accounts they are assigned to, the members assigned to them
 * per account, each user's active account per application, and the application a session was
 * opened for. At most one application is the default. Assignments go with their application, their
 * account or the membership they name; a session goes with the application it was opened for
 * (deleting an application ends its sessions).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('applications', (t) => {
    t.uuid('id').primary();
    t.uuid('environment_id').notNullable().references('id').inTable('environments').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('app_url').notNullable();
    t.text('login_url').notNullable();
    t.text('logo_url');
    t.text('access_type').notNullable().defaultTo('FREE_ACCESS');
    t.boolean('is_default').notNullable().defaultTo(false);
    t.boolean('is_active').notNullable().defaultTo(true);
    t.text('type').notNullable().defaultTo('web');
    t.text('frontend_stack').notNullable().defaultTo('react');
    t.text('description');
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.text('app_host');
    t.boolean('allow_dcr').notNullable().defaultTo(false);
    t.timestamp('integration_finished_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw('create unique index applications_one_default on applications (environment_id) where is_default');

  await db.schema.createTable('application_tenants', (t) => {
    t.uuid('application_id').notNullable().references('id').inTable('applications').onDelete('CASCADE');
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.text('access_type');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['application_id', 'tenant_id']);
    t.index(['tenant_id']);
  });

  await db.schema.createTable('application_users', (t) => {
    t.uuid('id').notNullable().unique();
    t.uuid('application_id').notNullable().references('id').inTable('applications').onDelete('CASCADE');
    t.text('tenant_id').notNullable();
    t.uuid('user_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['application_id', 'tenant_id', 'user_id']);
    t.foreign(['user_id', 'tenant_id'], 'application_users_member_fk').references(['user_id', 'tenant_id']).inTable('user_tenants').onDelete('CASCADE');
    t.index(['user_id']);
  });

  await db.schema.createTable('application_active_tenants', (t) => {
    t.uuid('user_id').notNullable();
    t.uuid('application_id').notNullable().references('id').inTable('applications').onDelete('CASCADE');
    t.text('tenant_id').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['user_id', 'application_id']);
    t.foreign(['user_id', 'tenant_id'], 'application_active_tenants_member_fk').references(['user_id', 'tenant_id']).inTable('user_tenants').onDelete('CASCADE');
  });

  await db.schema.alterTable('sessions', (t) => {
    t.uuid('application_id').references('id').inTable('applications').onDelete('CASCADE');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('sessions', (t) => {
    t.dropColumn('application_id');
  });
  await db.schema.dropTable('application_active_tenants');
  await db.schema.dropTable('application_users');
  await db.schema.dropTable('application_tenants');
  await db.schema.dropTable('applications');
}
