import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';
import type { RoleRow } from './roles';

export interface GroupRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  color: string | null;
  metadata: Record<string, unknown>;
  managed_by: 'frontegg' | 'scim2';
  created_at: Date;
  updated_at: Date;
}

/** A role that a group carries, with the ids of the role's permissions. */
/** A role of a group: the role as roles show it, and the group it is on. */
export type GroupRoleRow = RoleRow & { group_id: string };

/** A member of a group, in short. */
export interface GroupMemberRow {
  group_id: string;
  id: string;
  email: string;
  name: string;
  profile_picture_url: string | null;
  created_at: Date;
  activated_for_tenant: boolean;
}

export type NewGroup = Pick<GroupRow, 'id' | 'tenant_id' | 'name' | 'description' | 'color' | 'metadata'>;
export type GroupChanges = Partial<Pick<GroupRow, 'name' | 'description' | 'color' | 'metadata'>>;
export type GroupSortColumn = 'id' | 'name' | 'created_at' | 'updated_at';

const GROUP_COLUMNS = ['id', 'tenant_id', 'name', 'description', 'color', 'metadata', 'managed_by', 'created_at', 'updated_at'] as const;

/** PostgreSQL's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

function groupsOf(db: Knex, tenantId: string) {
  return db<GroupRow>('groups').where({ tenant_id: tenantId });
}

/** The account's groups, oldest first; only those among `ids` when given. Ids must be UUIDs. */
export async function findGroups(db: Knex, tenantId: string, ids?: string[]): Promise<GroupRow[]> {
  const query = groupsOf(db, tenantId)
    .select(...GROUP_COLUMNS)
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  if (ids) query.whereIn('id', ids);
  return query;
}

export async function countGroups(db: Knex, tenantId: string): Promise<number> {
  const { count } = firstOf(await groupsOf(db, tenantId).count<{ count: string | number }[]>({ count: '*' }), 'the row of count(*)');
  return Number(count);
}

/** `limit` groups of the account from row `offset` on, in the order asked for (ties by id). */
export async function pageGroups(
  db: Knex,
  tenantId: string,
  page: { limit: number; offset: number; sortBy: GroupSortColumn; order: 'asc' | 'desc' },
): Promise<GroupRow[]> {
  return groupsOf(db, tenantId)
    .select(...GROUP_COLUMNS)
    .orderBy([
      { column: page.sortBy, order: page.order },
      { column: 'id', order: page.order },
    ])
    .limit(page.limit)
    .offset(page.offset);
}

export async function findGroup(db: Knex, tenantId: string, id: string): Promise<GroupRow | undefined> {
  return groupsOf(db, tenantId).where({ id }).first(GROUP_COLUMNS);
}

/** Inserts the group; false when the account has a group of that name. */
export async function insertGroup(db: Knex, row: NewGroup): Promise<boolean> {
  const inserted = await db('groups').insert(row).onConflict(['tenant_id', 'name']).ignore().returning('id');
  return inserted.length === 1;
}

/** Changes the group; undefined when the account has no such group, 'name_taken' when another group has the new name. */
export async function updateGroup(db: Knex, tenantId: string, id: string, changes: GroupChanges): Promise<GroupRow | 'name_taken' | undefined> {
  try {
    const [row] = await groupsOf(db, tenantId)
      .where({ id })
      .update({ ...changes, updated_at: db.fn.now() })
      .returning(GROUP_COLUMNS);
    return row as GroupRow | undefined;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'name_taken';
    throw error;
  }
}

/** Deletes the group with its roles and memberships; false when the account has no such group. */
export async function deleteGroup(db: Knex, tenantId: string, id: string): Promise<boolean> {
  // `returning`: knex-pglite answers a bare delete with the driver's result, not the row count.
  const deleted = await groupsOf(db, tenantId).where({ id }).delete().returning('id');
  return deleted.length === 1;
}

/**
 * Marks the group changed and locks it until the transaction ends, so that it cannot be deleted
 * under a change to its roles or members; false when the account has no such group.
 */
export async function touchGroup(db: Knex, tenantId: string, id: string): Promise<boolean> {
  return (await groupsOf(db, tenantId).where({ id }).update({ updated_at: db.fn.now() })) === 1;
}

/** Those of `ids` that are roles the account can see (environment-wide or its own), held until the transaction ends. Ids must be UUIDs. */
export async function findVisibleRoleIds(db: Knex, tenantId: string, ids: string[]): Promise<string[]> {
  const rows: { id: string }[] = await db('roles')
    .whereIn('id', ids)
    .where((q) => q.whereNull('tenant_id').orWhere('tenant_id', tenantId))
    .forShare()
    .select('id');
  return rows.map((row) => row.id);
}

/** Those of `ids` that are members of the account, held until the transaction ends. Ids must be UUIDs. */
export async function findMemberIds(db: Knex, tenantId: string, ids: string[]): Promise<string[]> {
  const rows: { user_id: string }[] = await db('user_tenants').where({ tenant_id: tenantId }).whereIn('user_id', ids).forShare().select('user_id');
  return rows.map((row) => row.user_id);
}

export async function addGroupRoles(db: Knex, groupId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await db('group_roles')
    .insert(roleIds.map((roleId) => ({ group_id: groupId, role_id: roleId })))
    .onConflict(['group_id', 'role_id'])
    .ignore();
}

export async function removeGroupRoles(db: Knex, groupId: string, roleIds: string[]): Promise<void> {
  await db('group_roles').where({ group_id: groupId }).whereIn('role_id', roleIds).delete();
}

export async function addGroupUsers(db: Knex, tenantId: string, groupId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db('group_users')
    .insert(userIds.map((userId) => ({ group_id: groupId, tenant_id: tenantId, user_id: userId })))
    .onConflict(['group_id', 'user_id'])
    .ignore();
}

export async function removeGroupUsers(db: Knex, groupId: string, userIds: string[]): Promise<void> {
  await db('group_users').where({ group_id: groupId }).whereIn('user_id', userIds).delete();
}

/** The roles of the groups, each with its permission ids, in one query. */
export async function findGroupRoles(db: Knex, groupIds: string[]): Promise<GroupRoleRow[]> {
  if (groupIds.length === 0) return [];
  return db('group_roles as gr')
    .join('roles as r', 'r.id', 'gr.role_id')
    .whereIn('gr.group_id', groupIds)
    .orderBy([{ column: 'r.level' }, { column: 'r.key' }])
    .select(
      'gr.group_id',
      'r.id',
      'r.key',
      'r.name',
      'r.description',
      'r.tenant_id',
      'r.is_default',
      'r.first_user_role',
      'r.level',
      'r.created_at',
      'r.updated_at',
      db.raw(
        `coalesce((select json_agg(rp.permission_id order by rp.permission_id) from role_permissions rp
                   where rp.role_id = r.id), '[]'::json) as permission_ids`,
      ),
    );
}

/** The members of the groups, oldest membership first, in one query. */
export async function findGroupMembers(db: Knex, groupIds: string[]): Promise<GroupMemberRow[]> {
  if (groupIds.length === 0) return [];
  return db('group_users as gu')
    .join('users as u', 'u.id', 'gu.user_id')
    .join('user_tenants as ut', (on) => on.on('ut.user_id', 'gu.user_id').andOn('ut.tenant_id', 'gu.tenant_id'))
    .whereIn('gu.group_id', groupIds)
    .orderBy([{ column: 'gu.created_at' }, { column: 'u.id' }])
    .select(
      'gu.group_id',
      'u.id',
      'u.email',
      'u.name',
      'u.profile_picture_url',
      'u.created_at',
      db.raw('(u.verified and not ut.is_disabled) as activated_for_tenant'),
    );
}

/** For each of `userIds` that is a member of the account: the ids of the account's groups they are in. Ids must be UUIDs. */
export async function findGroupIdsOfMembers(db: Knex, tenantId: string, userIds: string[]): Promise<{ user_id: string; group_ids: string[] }[]> {
  if (userIds.length === 0) return [];
  return db('user_tenants as ut')
    .where('ut.tenant_id', tenantId)
    .whereIn('ut.user_id', userIds)
    .orderBy('ut.user_id')
    .select(
      'ut.user_id',
      db.raw(
        `coalesce((select json_agg(gu.group_id order by gu.group_id) from group_users gu
                   where gu.user_id = ut.user_id and gu.tenant_id = ut.tenant_id), '[]'::json) as group_ids`,
      ),
    );
}
