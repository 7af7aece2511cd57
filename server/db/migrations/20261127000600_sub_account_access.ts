import type { Knex } from 'knex';

/**
 * Whether a member of an account may act in the accounts beneath it, chosen per member. Null: the
 * member has no choice of their own, and the account's `sub_account_access_type` decides
 * (`defaultOn` yes, `defaultOff` no; `alwaysOn` decides yes whatever this holds).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('user_tenants', (t) => {
    t.boolean('sub_account_access');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('user_tenants', (t) => {
    t.dropColumn('sub_account_access');
  });
}
