import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { firstOf } from '../lib/narrow';
import { lockKeys } from '../repositories/key-locks';
import {
  deleteCategory,
  findCategory,
  insertCategory,
  listCategories,
  updateCategory,
  type PermissionCategoryRow,
} from '../repositories/permission-categories';
import {
  deletePermission,
  findPermission,
  findPermissions,
  insertPermissions,
  listPermissions,
  setAssignmentType,
  takenPermissionKeys,
  updatePermission,
  type AssignmentType,
  type PermissionRow,
} from '../repositories/permissions';
import { addPermissionToRoles, type RoleView } from '../repositories/roles';
import { errors } from './errors';
import type { EnvironmentService } from './environment';
import {
  assertMemberMayChangeRoles,
  assertMemberMayGrant,
  inOrder,
  memberAuthority,
  requirePermissions,
  requireRoles,
  type AccountActor,
} from './role-lookups';

export type NewPermissionInput = components['schemas']['CreatePermissionRequest'];
export type PermissionUpdateInput = components['schemas']['UpdatePermissionRequest'];
export type NewPermissionCategoryInput = components['schemas']['CreatePermissionCategoryRequest'];
export type PermissionCategoryUpdateInput = components['schemas']['UpdatePermissionCategoryRequest'];

/**
 * Permissions and their categories, environment-wide. The built-in permissions (`fe_permission`)
 * guard nestegg's own routes by their keys: they keep their keys and cannot be deleted.
 */
export function createPermissionsService(db: Db, environment: EnvironmentService) {
  async function permissionOrThrow(trx: Db, id: string): Promise<PermissionRow> {
    const permission = isUuid(id) ? await findPermission(trx, id) : undefined;
    if (!permission) throw errors.permissionNotFound(id);
    return permission;
  }

  async function categoryOrThrow(trx: Db, id: string): Promise<PermissionCategoryRow> {
    const category = isUuid(id) ? await findCategory(trx, id) : undefined;
    if (!category) throw errors.categoryNotFound(id);
    return category;
  }

  /** Throws unless every category named in a body exists. */
  async function assertCategoriesExist(trx: Db, ids: (string | undefined)[]): Promise<void> {
    for (const id of new Set(ids)) {
      if (id !== undefined && !(isUuid(id) && (await findCategory(trx, id)))) throw errors.unknownCategory(id);
    }
  }

  /** Locks the keys until the transaction ends and throws unless they are free. */
  async function claimKeys(trx: Knex.Transaction, keys: string[], exceptId?: string): Promise<void> {
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (repeated.length > 0) throw errors.permissionKeysTaken([...new Set(repeated)]);
    await lockKeys(trx, 'permission', keys);
    const taken = await takenPermissionKeys(trx, keys, exceptId);
    if (taken.length > 0) throw errors.permissionKeysTaken(taken);
  }

  return {
    /** Every permission, with the roles holding it that the view sees (an account's: the environment-wide ones and its own). */
    list: (view: RoleView) => listPermissions(db, view),

    /** Creates the permissions, all or none. */
    async createMany(inputs: NewPermissionInput[]): Promise<PermissionRow[]> {
      const rows = inputs.map((input) => ({
        id: randomUUID(),
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        category_id: input.categoryId ?? null,
        assignment_type: input.assignmentType ?? 'ASSIGNABLE',
      }));
      return db.transaction(async (trx) => {
        await assertCategoriesExist(
          trx,
          inputs.map((input) => input.categoryId),
        );
        await claimKeys(
          trx,
          rows.map((row) => row.key),
        );
        await insertPermissions(trx, rows);
        return inOrder(
          rows.map((row) => row.id),
          await findPermissions(
            trx,
            rows.map((row) => row.id),
          ),
        );
      });
    },

    async update(id: string, input: PermissionUpdateInput): Promise<PermissionRow> {
      return db.transaction(async (trx) => {
        const permission = await permissionOrThrow(trx, id);
        const newKey = input.key !== undefined && input.key !== permission.key ? input.key : undefined;
        if (newKey !== undefined && permission.fe_permission) throw errors.builtInPermission(permission.key);
        await assertCategoriesExist(trx, [input.categoryId]);
        if (newKey !== undefined) await claimKeys(trx, [newKey], permission.id);
        await updatePermission(trx, permission.id, {
          key: newKey,
          name: input.name,
          description: input.description,
          category_id: input.categoryId,
        });
        return permissionOrThrow(trx, id);
      });
    },

    async remove(id: string): Promise<void> {
      const permission = await permissionOrThrow(db, id);
      if (permission.fe_permission) throw errors.builtInPermission(permission.key);
      await deletePermission(db, permission.id);
    },

    /**
     * Gives the permission to the roles named; other roles keep it. A member (`actor.userId`) names
     * only their account's own roles, and only a permission they may grant.
     */
    async addToRoles(id: string, roleIds: string[], actor: Partial<AccountActor> = {}): Promise<PermissionRow> {
      const view: RoleView = { tenantId: actor.tenantId };
      const authority =
        actor.userId !== undefined && actor.tenantId !== undefined
          ? await memberAuthority(db, environment, { tenantId: actor.tenantId, userId: actor.userId })
          : undefined;
      return db.transaction(async (trx) => {
        const permission = await permissionOrThrow(trx, id);
        const roles = await requireRoles(trx, roleIds, view);
        if (authority && actor.tenantId !== undefined) {
          assertMemberMayChangeRoles(authority, actor.tenantId, roles);
          assertMemberMayGrant(authority, [permission]);
        }
        await addPermissionToRoles(
          trx,
          permission.id,
          roles.map((role) => role.id),
        );
        return firstOf(await findPermissions(trx, [permission.id], view), 'the permission just given');
      });
    },

    async classify(ids: string[], type: AssignmentType): Promise<PermissionRow[]> {
      return db.transaction(async (trx) => {
        const permissions = await requirePermissions(trx, ids);
        await setAssignmentType(
          trx,
          permissions.map((permission) => permission.id),
          type,
        );
        return inOrder(
          permissions.map((permission) => permission.id),
          await findPermissions(
            trx,
            permissions.map((permission) => permission.id),
          ),
        );
      });
    },

    listCategories: () => listCategories(db),

    async createCategory(input: NewPermissionCategoryInput): Promise<PermissionCategoryRow> {
      const id = input.id ?? randomUUID();
      if (!(await insertCategory(db, { id, name: input.name, description: input.description ?? null }))) throw errors.categoryIdTaken(id);
      return categoryOrThrow(db, id);
    },

    async updateCategory(id: string, input: PermissionCategoryUpdateInput): Promise<PermissionCategoryRow> {
      const category = await categoryOrThrow(db, id);
      await updateCategory(db, category.id, { name: input.name, description: input.description });
      return categoryOrThrow(db, id);
    },

    /** Deletes the category; its permissions stay, without one. */
    async removeCategory(id: string): Promise<void> {
      const category = await categoryOrThrow(db, id);
      if (category.fe_category) throw errors.builtInCategory(category.name);
      await deleteCategory(db, category.id);
    },
  };
}
