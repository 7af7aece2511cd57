import type { Knex } from 'knex';

/**
 * A group's users are members of the group's account, by construction: `group_users` gets the
 * account's id, and two foreign keys tie each row to its group in that account and to the user's
 * membership there. Removing a member from an account takes them out of its groups with it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('groups', (t) => {
    t.unique(['id', 'tenant_id'], { indexName: 'groups_id_tenant_unique' });
  });
  await db.schema.alterTable('group_users', (t) => {
    t.text('tenant_id');
  });
  await db.raw('update group_users gu set tenant_id = g.tenant_id from groups g where g.id = gu.group_id');
  await db.raw(
    `delete from group_users gu
     where not exists (select 1 from user_tenants ut where ut.user_id = gu.user_id and ut.tenant_id = gu.tenant_id)`,
  );
  await db.schema.alterTable('group_users', (t) => {
    t.dropNullable('tenant_id');
    t.foreign(['group_id', 'tenant_id'], 'group_users_group_in_tenant_fk')
      .references(['id', 'tenant_id'])
      .inTable('groups')
      .onDelete('CASCADE');
    t.foreign(['user_id', 'tenant_id'], 'group_users_member_fk')
      .references(['user_id', 'tenant_id'])
      .inTable('user_tenants')
      .onDelete('CASCADE');
    t.index(['tenant_id', 'user_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('group_users', (t) => {
    t.dropForeign(['user_id', 'tenant_id'], 'group_users_member_fk');
    t.dropForeign(['group_id', 'tenant_id'], 'group_users_group_in_tenant_fk');
    t.dropIndex(['tenant_id', 'user_id']);
    t.dropColumn('tenant_id');
  });
  await db.schema.alterTable('groups', (t) => {
    t.dropUnique(['id', 'tenant_id'], 'groups_id_tenant_unique');
  });
}
