import type { Knex } from 'knex';

/**
 * Delegation and impersonation: the environment's delegation switch, the permission that lets a
 * member impersonate another member of their account (held by the built-in Admin role), the marks
 * of an impersonated session, and the record of every impersonation.
 */

/** The permission key that lets a member impersonate a member of their own account. */
export const IMPERSONATION_PERMISSION = {
  id: '00000000-0000-4000-8000-000000000291',
  key: 'fe.secure.write.impersonation',
  name: 'Impersonate users',
  description: 'Act as another member of the account, who holds no permission the impersonator lacks.',
};
const USER_MANAGEMENT_CATEGORY_ID = '00000000-0000-4000-8000-000000000101';
const ADMIN_ROLE_ID = '00000000-0000-4000-8000-000000000301';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('delegation_configurations', (t) => {
    t.uuid('environment_id').primary().references('id').inTable('environments').onDelete('CASCADE');
    t.boolean('enabled').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.alterTable('sessions', (t) => {
    // Set only on an impersonated session: who acts ('user' with their id, or 'environment'), why,
    // and the end no refresh can move.
    t.text('impersonated_by_type');
    t.uuid('impersonated_by');
    t.text('impersonation_reason');
    t.timestamp('impersonation_ends_at', { useTz: true });
  });

  await db.schema.createTable('impersonations', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.text('actor_type').notNullable();
    // The acting user; null when the environment acted. Kept when that user is deleted.
    t.uuid('actor_user_id');
    t.uuid('target_user_id').notNullable();
    t.uuid('session_id').notNullable();
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['tenant_id', 'created_at']);
    t.index(['target_user_id']);
  });

  await db('permissions').insert({ ...IMPERSONATION_PERMISSION, category_id: USER_MANAGEMENT_CATEGORY_ID, fe_permission: true });
  await db('role_permissions').insert({ role_id: ADMIN_ROLE_ID, permission_id: IMPERSONATION_PERMISSION.id });
}

export async function down(db: Knex): Promise<void> {
  await db('permissions').where({ id: IMPERSONATION_PERMISSION.id }).delete();
  await db.schema.dropTable('impersonations');
  await db.schema.alterTable('sessions', (t) => {
    t.dropColumn('impersonated_by_type');
    t.dropColumn('impersonated_by');
    t.dropColumn('impersonation_reason');
    t.dropColumn('impersonation_ends_at');
  });
  await db.schema.dropTable('delegation_configurations');
}
