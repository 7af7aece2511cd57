import type { Knex } from 'knex';

/**
 * Invitations and bulk invites. A membership remembers whether its invitation is still waiting to be
 * accepted. A job may belong to one account (a bulk invite does), so that only that account can see
 * it; each job item records which server process did it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('user_tenants', (t) => {
    t.boolean('invitation_pending').notNullable().defaultTo(false);
  });
  await db.schema.alterTable('jobs', (t) => {
    t.text('tenant_id');
  });
  await db.schema.alterTable('job_items', (t) => {
    t.text('settled_by');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('job_items', (t) => {
    t.dropColumn('settled_by');
  });
  await db.schema.alterTable('jobs', (t) => {
    t.dropColumn('tenant_id');
  });
  await db.schema.alterTable('user_tenants', (t) => {
    t.dropColumn('invitation_pending');
  });
}
