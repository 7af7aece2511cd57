import type { Knex } from 'knex';

/** The foundation: the environment, signing keys, accounts, users, memberships, sessions, refresh tokens. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('environments', (t) => {
    t.uuid('id').primary();
    t.text('client_id').notNullable().unique();
    t.text('api_key_hash').notNullable();
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('signing_keys', (t) => {
    t.text('kid').primary();
    t.uuid('environment_id').notNullable().references('id').inTable('environments').onDelete('CASCADE');
    t.text('algorithm').notNullable();
    t.text('public_key_pem').notNullable();
    t.text('private_key_pem').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('tenants', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().unique();
    t.text('name').notNullable().defaultTo('');
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.text('status');
    t.text('website');
    t.text('application_url');
    t.text('logo');
    t.text('logo_url');
    t.text('address');
    t.text('timezone');
    t.text('currency');
    t.text('creator_name');
    t.text('creator_email');
    t.boolean('is_reseller').notNullable().defaultTo(false);
    t.text('parent_tenant_id');
    t.timestamp('deleted_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('users', (t) => {
    t.uuid('id').primary();
    t.text('email').notNullable();
    t.text('email_normalized').notNullable().unique();
    t.text('name').notNullable().defaultTo('');
    t.text('password_hash');
    t.text('profile_picture_url');
    t.text('phone_number');
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.jsonb('vendor_metadata').notNullable().defaultTo('{}');
    t.text('external_id');
    t.text('provider').notNullable().defaultTo('local');
    t.boolean('verified').notNullable().defaultTo(false);
    t.boolean('mfa_bypass').notNullable().defaultTo(false);
    t.boolean('is_locked').notNullable().defaultTo(false);
    t.text('last_active_tenant_id');
    t.timestamp('last_login', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('user_tenants', (t) => {
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.boolean('is_disabled').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['user_id', 'tenant_id']);
    t.index(['tenant_id', 'user_id']);
  });

  await db.schema.createTable('sessions', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.text('ip_address');
    t.text('user_agent');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('last_active_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_reason');
    t.index(['user_id']);
    t.index(['tenant_id', 'user_id']);
  });

  await db.schema.createTable('refresh_tokens', (t) => {
    t.uuid('id').primary();
    t.uuid('session_id').notNullable().references('id').inTable('sessions').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.index(['session_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['refresh_tokens', 'sessions', 'user_tenants', 'users', 'tenants', 'signing_keys', 'environments']) {
    await db.schema.dropTable(table);
  }
}
