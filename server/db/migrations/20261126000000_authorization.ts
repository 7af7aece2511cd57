import type { Knex } from 'knex';

/**
 * The authorization model: permission categories, permissions, roles (environment-wide or of one
 * account), the roles of each member of an account, and groups of members that carry roles.
 * Seeds the built-in permissions that guard nestegg's self-service routes, and two built-in roles.
 */

interface BuiltInCategory {
  id: string;
  name: string;
  description: string;
  permissions: Array<{ id: string; key: string; name: string; description: string }>;
}

/** Fixed ids, so that the built-ins are the same rows in every environment. */
export const BUILT_IN_CATEGORIES: BuiltInCategory[] = [
  {
    id: '00000000-0000-4000-8000-000000000101',
    name: 'User management',
    description: 'Members of an account, their roles and their groups.',
    permissions: [
      { id: '00000000-0000-4000-8000-000000000201', key: 'fe.secure.read.users', name: 'Read users', description: 'See the members of the account.' },
      { id: '00000000-0000-4000-8000-000000000202', key: 'fe.secure.write.users', name: 'Edit users', description: 'Add members and change their roles.' },
      { id: '00000000-0000-4000-8000-000000000203', key: 'fe.secure.delete.users', name: 'Remove users', description: 'Remove members from the account.' },
      { id: '00000000-0000-4000-8000-000000000204', key: 'fe.secure.read.roles', name: 'Read roles', description: 'See the roles available in the account.' },
      { id: '00000000-0000-4000-8000-000000000205', key: 'fe.secure.write.roles', name: 'Edit roles', description: 'Create and change the account\'s own roles.' },
      { id: '00000000-0000-4000-8000-000000000206', key: 'fe.secure.delete.roles', name: 'Delete roles', description: 'Delete the account\'s own roles.' },
      { id: '00000000-0000-4000-8000-000000000207', key: 'fe.secure.read.groups', name: 'Read groups', description: 'See the account\'s groups.' },
      { id: '00000000-0000-4000-8000-000000000208', key: 'fe.secure.write.groups', name: 'Edit groups', description: 'Create groups, change them and their members.' },
      { id: '00000000-0000-4000-8000-000000000209', key: 'fe.secure.delete.groups', name: 'Delete groups', description: 'Delete the account\'s groups.' },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000102',
    name: 'Security',
    description: 'The account\'s security policies.',
    permissions: [
      { id: '00000000-0000-4000-8000-000000000211', key: 'fe.secure.read.securityPolicy', name: 'Read security policies', description: 'See the account\'s security policies.' },
      { id: '00000000-0000-4000-8000-000000000212', key: 'fe.secure.write.securityPolicy', name: 'Edit security policies', description: 'Change the account\'s security policies.' },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000103',
    name: 'Account settings',
    description: 'The account itself.',
    permissions: [
      { id: '00000000-0000-4000-8000-000000000221', key: 'fe.account-settings.read.app', name: 'Read account settings', description: 'See the account\'s details and settings.' },
      { id: '00000000-0000-4000-8000-000000000222', key: 'fe.account-settings.write.app', name: 'Edit account settings', description: 'Change the account\'s details and settings.' },
      { id: '00000000-0000-4000-8000-000000000223', key: 'fe.account-settings.delete.account', name: 'Delete the account', description: 'Delete the account and everything in it.' },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000104',
    name: 'Account hierarchy',
    description: 'Sub-accounts of the account.',
    permissions: [
      { id: '00000000-0000-4000-8000-000000000231', key: 'fe.account-hierarchy.read.subAccount', name: 'Read sub-accounts', description: 'See the account\'s sub-accounts.' },
      { id: '00000000-0000-4000-8000-000000000232', key: 'fe.account-hierarchy.write.subAccount', name: 'Edit sub-accounts', description: 'Create sub-accounts and change them.' },
      { id: '00000000-0000-4000-8000-000000000233', key: 'fe.account-hierarchy.delete.subAccount', name: 'Delete sub-accounts', description: 'Delete the account\'s sub-accounts.' },
    ],
  },
];

export const ADMIN_ROLE_ID = '00000000-0000-4000-8000-000000000301';
export const READ_ONLY_ROLE_ID = '00000000-0000-4000-8000-000000000302';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('permission_categories', (t) => {
    t.uuid('id').primary();
    t.text('name').notNullable();
    t.text('description');
    t.boolean('fe_category').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('permissions', (t) => {
    t.uuid('id').primary();
    t.text('key').notNullable().unique();
    t.text('name').notNullable();
    t.text('description');
    t.uuid('category_id').references('id').inTable('permission_categories').onDelete('SET NULL');
    t.boolean('fe_permission').notNullable().defaultTo(false);
    t.text('assignment_type').notNullable().defaultTo('ASSIGNABLE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['category_id']);
  });

  await db.schema.createTable('roles', (t) => {
    t.uuid('id').primary();
    t.text('key').notNullable();
    t.text('name').notNullable();
    t.text('description');
    // Null: an environment-wide role, seen in every account. Otherwise the one account that owns it.
    t.text('tenant_id').references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.boolean('is_default').notNullable().defaultTo(false);
    t.boolean('first_user_role').notNullable().defaultTo(false);
    t.integer('level').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['tenant_id']);
  });
  // A key names one role wherever it is seen: once among the global roles, once within an account.
  await db.raw(`create unique index roles_key_per_scope on roles (coalesce(tenant_id, ''), key)`);

  await db.schema.createTable('role_permissions', (t) => {
    t.uuid('role_id').notNullable().references('id').inTable('roles').onDelete('CASCADE');
    t.uuid('permission_id').notNullable().references('id').inTable('permissions').onDelete('CASCADE');
    t.primary(['role_id', 'permission_id']);
    t.index(['permission_id']);
  });

  await db.schema.createTable('user_tenant_roles', (t) => {
    t.uuid('user_id').notNullable();
    t.text('tenant_id').notNullable();
    t.uuid('role_id').notNullable().references('id').inTable('roles').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['user_id', 'tenant_id', 'role_id']);
    t.foreign(['user_id', 'tenant_id']).references(['user_id', 'tenant_id']).inTable('user_tenants').onDelete('CASCADE');
    t.index(['role_id']);
    t.index(['tenant_id', 'user_id']);
  });

  await db.schema.createTable('groups', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('description');
    t.text('color');
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.text('managed_by').notNullable().defaultTo('frontegg');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.unique(['tenant_id', 'name']);
  });

  await db.schema.createTable('group_roles', (t) => {
    t.uuid('group_id').notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.uuid('role_id').notNullable().references('id').inTable('roles').onDelete('CASCADE');
    t.primary(['group_id', 'role_id']);
    t.index(['role_id']);
  });

  await db.schema.createTable('group_users', (t) => {
    t.uuid('group_id').notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['group_id', 'user_id']);
    t.index(['user_id']);
  });

  await db('permission_categories').insert(
    BUILT_IN_CATEGORIES.map(({ id, name, description }) => ({ id, name, description, fe_category: true })),
  );
  const permissions = BUILT_IN_CATEGORIES.flatMap((category) =>
    category.permissions.map((permission) => ({ ...permission, category_id: category.id, fe_permission: true })),
  );
  await db('permissions').insert(permissions);
  await db('roles').insert([
    { id: ADMIN_ROLE_ID, key: 'Admin', name: 'Admin', description: 'Everything in the account.', first_user_role: true, level: 0 },
    { id: READ_ONLY_ROLE_ID, key: 'ReadOnly', name: 'Read only', description: 'Sees the account; changes nothing.', is_default: true, level: 1 },
  ]);
  await db('role_permissions').insert([
    ...permissions.map((permission) => ({ role_id: ADMIN_ROLE_ID, permission_id: permission.id })),
    ...permissions
      .filter((permission) => permission.key.split('.')[2] === 'read')
      .map((permission) => ({ role_id: READ_ONLY_ROLE_ID, permission_id: permission.id })),
  ]);
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['group_users', 'group_roles', 'groups', 'user_tenant_roles', 'role_permissions', 'roles', 'permissions', 'permission_categories']) {
    await db.schema.dropTable(table);
  }
}
