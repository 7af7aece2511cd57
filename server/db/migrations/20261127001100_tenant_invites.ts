import type { Knex } from 'knex';

/**
 * Invitation tokens of an account: shareable links that let anyone holding them join the account,
 * with the roles the token names (none: the account's default roles). Only the SHA-256 of a token
 * is stored. A token with `user_id` is that member's own link to the account (one per member and
 * account); `created_by` is the member who made it (null when the environment did).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('tenant_invites', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.uuid('user_id').references('id').inTable('users').onDelete('CASCADE');
    t.uuid('created_by').references('id').inTable('users').onDelete('SET NULL');
    t.text('token_hash').notNullable().unique();
    t.boolean('should_send_email').notNullable().defaultTo(false);
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['tenant_id']);
  });
  await db.raw('create unique index tenant_invites_one_per_member on tenant_invites (tenant_id, user_id) where user_id is not null');
  await db.schema.createTable('tenant_invite_roles', (t) => {
    t.uuid('invite_id').notNullable().references('id').inTable('tenant_invites').onDelete('CASCADE');
    t.uuid('role_id').notNullable().references('id').inTable('roles').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.primary(['invite_id', 'role_id']);
    t.index(['role_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('tenant_invite_roles');
  await db.schema.dropTable('tenant_invites');
}
