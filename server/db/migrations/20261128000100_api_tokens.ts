import type { Knex } from 'knex';

/**
 * API tokens (client credentials): an account's tokens and a user's personal tokens. The id is the
 * client id; the secret is kept only as its SHA-256 (it is 32 random bytes). A personal token
 * belongs to a membership and goes with it (removed from the account, or the user deleted). Each
 * token's refresh tokens are kept as hashes too, ordered by `seq` so that the oldest goes first.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('api_tokens', (t) => {
    t.uuid('id').primary();
    t.text('kind').notNullable(); // 'tenant' | 'user'
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.uuid('user_id');
    t.uuid('created_by_user_id');
    t.text('description');
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.text('secret_hash').notNullable();
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.foreign(['user_id', 'tenant_id']).references(['user_id', 'tenant_id']).inTable('user_tenants').onDelete('CASCADE');
    t.index(['tenant_id', 'kind']);
    t.index(['user_id', 'tenant_id']);
  });
  await db.raw(`alter table api_tokens add constraint api_tokens_kind check (kind in ('tenant', 'user') and (kind = 'tenant') = (user_id is null))`);
  await db.schema.createTable('api_token_roles', (t) => {
    t.uuid('api_token_id').notNullable().references('id').inTable('api_tokens').onDelete('CASCADE');
    t.uuid('role_id').notNullable().references('id').inTable('roles').onDelete('CASCADE');
    t.primary(['api_token_id', 'role_id']);
  });
  await db.schema.createTable('api_token_permissions', (t) => {
    t.uuid('api_token_id').notNullable().references('id').inTable('api_tokens').onDelete('CASCADE');
    t.uuid('permission_id').notNullable().references('id').inTable('permissions').onDelete('CASCADE');
    t.primary(['api_token_id', 'permission_id']);
  });
  await db.schema.createTable('api_token_refresh_tokens', (t) => {
    t.bigIncrements('seq').primary();
    t.uuid('api_token_id').notNullable().references('id').inTable('api_tokens').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['api_token_id', 'seq']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('api_token_refresh_tokens');
  await db.schema.dropTable('api_token_permissions');
  await db.schema.dropTable('api_token_roles');
  await db.schema.dropTable('api_tokens');
}
