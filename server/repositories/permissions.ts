import type { Knex } from 'knex';
import type { RoleView, RowHold } from './roles';

export type AssignmentType = 'NEVER' | 'ALWAYS' | 'ASSIGNABLE';

export interface PermissionRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  category_id: string | null;
  fe_permission: boolean;
  assignment_type: AssignmentType;
  created_at: Date;
  updated_at: Date;
  /** The roles that hold the permission, as far as the view of the query sees roles. */
  role_ids: string[];
}

export type NewPermission = Omit<PermissionRow, 'fe_permission' | 'created_at' | 'updated_at' | 'role_ids'>;
export type PermissionChanges = Partial<Pick<PermissionRow, 'key' | 'name' | 'description' | 'category_id'>>;

const PERMISSION_COLUMNS = ['id', 'key', 'name', 'description', 'category_id', 'fe_permission', 'assignment_type', 'created_at', 'updated_at'].map(
  (column) => `permissions.${column}`,
);

/** Permissions with the ids of the roles that hold them; an account's view lists only roles that account sees. */
function selectPermissions(db: Knex, view: RoleView) {
  const seen = view.tenantId === undefined ? '' : 'and (r.tenant_id is null or r.tenant_id = ?)';
  const roleIds = db.raw(
    `coalesce((select json_agg(rp.role_id order by rp.role_id) from role_permissions rp join roles r on r.id = rp.role_id
      where rp.permission_id = permissions.id ${seen}), '[]'::json) as role_ids`,
    view.tenantId === undefined ? [] : [view.tenantId],
  );
  return db('permissions').select(...PERMISSION_COLUMNS, roleIds);
}

/** Every permission, by key. */
export async function listPermissions(db: Knex, view: RoleView): Promise<PermissionRow[]> {
  return selectPermissions(db, view).orderBy('permissions.key');
}

/** The permissions among `ids` (UUIDs only), by key. */
export async function findPermissions(db: Knex, ids: string[], view: RoleView = {}, options: RowHold = {}): Promise<PermissionRow[]> {
  if (ids.length === 0) return [];
  const query = selectPermissions(db, view).whereIn('permissions.id', ids).orderBy('permissions.key');
  return options.hold ? query.forShare('permissions') : query;
}

export async function findPermission(db: Knex, id: string): Promise<PermissionRow | undefined> {
  const [permission] = await findPermissions(db, [id]);
  return permission;
}

/** The permissions of the roles, each once, by key. */
export async function findPermissionsOfRoles(db: Knex, roleIds: string[], view: RoleView): Promise<PermissionRow[]> {
  if (roleIds.length === 0) return [];
  return selectPermissions(db, view)
    .whereIn('permissions.id', db('role_permissions').select('permission_id').whereIn('role_id', roleIds))
    .orderBy('permissions.key');
}

/** The permissions classified `ALWAYS`. */
export async function findAlwaysGrantedPermissionIds(db: Knex): Promise<string[]> {
  const rows: { id: string }[] = await db('permissions').select('id').where({ assignment_type: 'ALWAYS' });
  return rows.map((row) => row.id);
}

/** The keys among `keys` that permissions other than `exceptId` have. */
export async function takenPermissionKeys(db: Knex, keys: string[], exceptId?: string): Promise<string[]> {
  const query = db('permissions').select('key').whereIn('key', keys);
  if (exceptId) query.whereNot('id', exceptId);
  const rows: { key: string }[] = await query;
  return rows.map((row) => row.key);
}

export async function insertPermissions(db: Knex, rows: NewPermission[]): Promise<void> {
  await db('permissions').insert(rows);
}

export async function updatePermission(db: Knex, id: string, changes: PermissionChanges): Promise<void> {
  await db('permissions')
    .where({ id })
    .update({ ...changes, updated_at: db.fn.now() });
}

export async function deletePermission(db: Knex, id: string): Promise<void> {
  await db('permissions').where({ id }).delete();
}

export async function setAssignmentType(db: Knex, ids: string[], type: AssignmentType): Promise<void> {
  await db('permissions').whereIn('id', ids).update({ assignment_type: type, updated_at: db.fn.now() });
}
