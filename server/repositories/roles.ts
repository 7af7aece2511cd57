import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

export interface RoleRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  /** Null: environment-wide. */
  tenant_id: string | null;
  is_default: boolean;
  first_user_role: boolean;
  level: number;
  created_at: Date;
  updated_at: Date;
  /** The ids of the role's permissions, in a fixed order. */
  permission_ids: string[];
}

export type NewRole = Omit<RoleRow, 'created_at' | 'updated_at' | 'permission_ids'>;
export type RoleChanges = Partial<Pick<RoleRow, 'key' | 'name' | 'description' | 'is_default' | 'first_user_role' | 'level' | 'tenant_id'>>;

/**
 * Which roles a query sees: `tenantId` set, the roles that account sees (the environment-wide ones
 * and its own); unset, every role of the environment.
 */
export interface RoleView {
  tenantId?: string;
}

/**
 * `hold`: keep the rows found share-locked until the transaction ends, so that a concurrent delete
 * waits for it (and a row deleted just before is not found). Lookups of rows a change is about to
 * point at use it: the change then never meets a foreign key that vanished under it.
 */
export interface RowHold {
  hold?: boolean;
}

const ROLE_COLUMNS = ['id', 'key', 'name', 'description', 'tenant_id', 'is_default', 'first_user_role', 'level', 'created_at', 'updated_at'];

const PERMISSION_IDS = `coalesce((select json_agg(rp.permission_id order by rp.permission_id) from role_permissions rp
  where rp.role_id = roles.id), '[]'::json) as permission_ids`;

/** Narrows a query on `roles` to what the view sees. */
function seenBy<Query extends Knex.QueryBuilder>(query: Query, { tenantId }: RoleView): Query {
  if (tenantId !== undefined) query.where((scope) => scope.whereNull('roles.tenant_id').orWhere('roles.tenant_id', tenantId));
  return query;
}

/** The select list of a RoleRow, on the table `roles`. */
export function roleColumns(db: Knex): (string | Knex.Raw)[] {
  return [...ROLE_COLUMNS.map((column) => `roles.${column}`), db.raw(PERMISSION_IDS)];
}

function selectRoles(db: Knex, view: RoleView) {
  return seenBy(db('roles').select(roleColumns(db)), view);
}

/** Strongest first, then by key: the order role lists are shown in. */
export const ROLE_ORDER = [{ column: 'roles.level' }, { column: 'roles.key' }, { column: 'roles.id' }];

export async function listRoles(db: Knex, view: RoleView): Promise<RoleRow[]> {
  return selectRoles(db, view).orderBy(ROLE_ORDER);
}

/** The roles among `ids` (UUIDs only) that the view sees, strongest first. */
export async function findRoles(db: Knex, ids: string[], view: RoleView, options: RowHold = {}): Promise<RoleRow[]> {
  if (ids.length === 0) return [];
  const query = selectRoles(db, view).whereIn('roles.id', ids).orderBy(ROLE_ORDER);
  return options.hold ? query.forShare('roles') : query;
}

export async function findRole(db: Knex, id: string, view: RoleView): Promise<RoleRow | undefined> {
  const [role] = await findRoles(db, [id], view);
  return role;
}

type RoleSortKey =
  | 'key'
  | 'name'
  | 'description'
  | 'isDefault'
  | 'firstUserRole'
  | 'level'
  | 'updatedAt'
  | 'createdAt'
  | 'permissions'
  | 'userTenants'
  | 'groups';

/** What each sort key orders by: a column, or a count of what hangs off the role. */
const SORT_EXPRESSIONS: Record<RoleSortKey, string> = {
  key: 'roles.key',
  name: 'roles.name',
  description: 'roles.description',
  isDefault: 'roles.is_default',
  firstUserRole: 'roles.first_user_role',
  level: 'roles.level',
  updatedAt: 'roles.updated_at',
  createdAt: 'roles.created_at',
  permissions: '(select count(*) from role_permissions rp where rp.role_id = roles.id)',
  userTenants: '(select count(*) from user_tenant_roles utr where utr.role_id = roles.id)',
  groups: '(select count(*) from group_roles gr where gr.role_id = roles.id)',
};

export interface RolePageQuery {
  sortBy: RoleSortKey;
  order: 'ASC' | 'DESC';
  /** A page index, not an item offset. */
  page: number;
  limit: number;
  /** Text the key or the name contains, whatever its case. */
  filter?: string;
  levels?: number[];
  tenantIds?: string[];
}

/** One page of the roles the view sees, with how many there are on all pages. */
export async function pageRoles(db: Knex, view: RoleView, query: RolePageQuery): Promise<{ rows: RoleRow[]; total: number }> {
  const filtered = (builder: Knex.QueryBuilder) => {
    if (query.filter) {
      const pattern = `%${query.filter.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      builder.where((match) => match.whereILike('roles.key', pattern).orWhereILike('roles.name', pattern));
    }
    if (query.levels) builder.whereIn('roles.level', query.levels);
    if (query.tenantIds) builder.whereIn('roles.tenant_id', query.tenantIds);
    return builder;
  };
  const direction = query.order === 'DESC' ? 'desc' : 'asc';
  const rows = await filtered(selectRoles(db, view))
    .orderByRaw(`${SORT_EXPRESSIONS[query.sortBy]} ${direction} nulls last, roles.id ${direction}`)
    .limit(query.limit)
    .offset(query.page * query.limit);
  const [{ count }] = await filtered(seenBy(db('roles').count({ count: '*' }), view));
  return { rows, total: Number(count) };
}

/** The levels of the roles the view sees, each once, lowest first. */
export async function distinctRoleLevels(db: Knex, view: RoleView): Promise<number[]> {
  const rows: { level: number }[] = await seenBy(db('roles').distinct('roles.level as level'), view).orderBy('level');
  return rows.map((row) => row.level);
}

/** The accounts that own roles the view sees, each once, in order. */
export async function distinctRoleTenants(db: Knex, view: RoleView): Promise<string[]> {
  const rows: { tenant_id: string }[] = await seenBy(db('roles').distinct('roles.tenant_id as tenant_id'), view)
    .whereNotNull('roles.tenant_id')
    .orderBy('tenant_id');
  return rows.map((row) => row.tenant_id);
}

/**
 * The keys among `keys` that a role in scope `tenantId` (null: environment-wide) cannot take, because
 * an account would then see two roles with one key: for an account, its own roles and the
 * environment-wide ones; for an environment-wide role, every role. `exceptRoleId` is the role itself.
 */
export async function takenRoleKeys(db: Knex, keys: string[], tenantId: string | null, exceptRoleId?: string): Promise<string[]> {
  const query = db('roles').distinct('key').whereIn('key', keys);
  if (tenantId !== null) query.where((scope) => scope.whereNull('tenant_id').orWhere('tenant_id', tenantId));
  if (exceptRoleId) query.whereNot('id', exceptRoleId);
  const rows: { key: string }[] = await query;
  return rows.map((row) => row.key);
}

export async function insertRoles(db: Knex, rows: NewRole[]): Promise<void> {
  await db('roles').insert(rows);
}

export async function updateRole(db: Knex, id: string, changes: RoleChanges): Promise<void> {
  await db('roles')
    .where({ id })
    .update({ ...changes, updated_at: db.fn.now() });
}

export async function deleteRole(db: Knex, id: string): Promise<void> {
  await db('roles').where({ id }).delete();
}

/** Makes the role's permissions exactly `permissionIds`. */
export async function replaceRolePermissions(db: Knex, roleId: string, permissionIds: string[]): Promise<void> {
  await db('role_permissions').where({ role_id: roleId }).delete();
  if (permissionIds.length > 0) {
    await db('role_permissions').insert(permissionIds.map((permissionId) => ({ role_id: roleId, permission_id: permissionId })));
  }
  await db('roles').where({ id: roleId }).update({ updated_at: db.fn.now() });
}

/** Adds the permission to each role; roles that hold it already are left as they are. */
export async function addPermissionToRoles(db: Knex, permissionId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await db('role_permissions')
    .insert(roleIds.map((roleId) => ({ role_id: roleId, permission_id: permissionId })))
    .onConflict(['role_id', 'permission_id'])
    .ignore();
}

/** Whether a member or a group of an account other than `tenantId` holds the role. */
export async function isRoleHeldOutside(db: Knex, roleId: string, tenantId: string): Promise<boolean> {
  const result = await db.raw<{ rows: { held: boolean }[] }>(
    `select exists (select 1 from user_tenant_roles where role_id = ? and tenant_id <> ?)
         or exists (select 1 from group_roles gr join groups g on g.id = gr.group_id where gr.role_id = ? and g.tenant_id <> ?) as held`,
    [roleId, tenantId, roleId, tenantId],
  );
  return firstOf(result.rows, 'the row of select exists').held;
}

/** Gives the role to every member who may hold it: of its account, or of every account for an environment-wide role. */
export async function giveRoleToAllMembers(db: Knex, role: Pick<RoleRow, 'id' | 'tenant_id'>): Promise<void> {
  await db.raw(
    `insert into user_tenant_roles (user_id, tenant_id, role_id)
     select ut.user_id, ut.tenant_id, ? from user_tenants ut where ?::text is null or ut.tenant_id = ?
     on conflict (user_id, tenant_id, role_id) do nothing`,
    [role.id, role.tenant_id, role.tenant_id],
  );
}
