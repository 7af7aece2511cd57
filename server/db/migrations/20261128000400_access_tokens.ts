import type { Knex } from 'knex';

/**
 * Access tokens (`x-api-key`): an account's (`kind` 'tenant', with roles) and a user's personal ones
 * (`kind` 'user', acting with the user's roles in the account; they go with the membership). The
 * credential is a JWT that names the row's id; nothing of it is stored but the id and the `kid` of the
 * key that signed it, so that a key is not retired while a token it signed still works.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('access_tokens', (t) => {
    t.uuid('id').primary();
    t.text('kind').notNullable();
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.uuid('user_id');
    t.uuid('created_by_user_id').references('id').inTable('users').onDelete('SET NULL');
    t.text('description');
    t.text('kid').notNullable();
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.foreign(['user_id', 'tenant_id']).references(['user_id', 'tenant_id']).inTable('user_tenants').onDelete('CASCADE');
    t.index(['tenant_id', 'kind']);
    t.index(['user_id', 'tenant_id']);
  });
  await db.raw(`alter table access_tokens add constraint access_tokens_kind check (kind in ('tenant', 'user') and (kind = 'tenant') = (user_id is null))`);
  await db.schema.createTable('access_token_roles', (t) => {
    t.uuid('access_token_id').notNullable().references('id').inTable('access_tokens').onDelete('CASCADE');
    t.uuid('role_id').notNullable().references('id').inTable('roles').onDelete('CASCADE');
    t.primary(['access_token_id', 'role_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('access_token_roles');
  await db.schema.dropTable('access_tokens');
}
