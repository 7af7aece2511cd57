import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { components, operations } from '../../generated/schema';
import type { Db } from '../db/knex';
import { ADMIN_ROLE_ID, READ_ONLY_ROLE_ID } from '../db/migrations/20261126000000_authorization';
import { isUuid } from '../lib/ids';
import { firstOf } from '../lib/narrow';
import { lockKeys } from '../repositories/key-locks';
import { findAlwaysGrantedPermissionIds } from '../repositories/permissions';
import {
  deleteRole,
  distinctRoleLevels,
  distinctRoleTenants,
  findRole,
  findRoles,
  giveRoleToAllMembers,
  insertRoles,
  isRoleHeldOutside,
  listRoles,
  pageRoles,
  replaceRolePermissions,
  takenRoleKeys,
  updateRole,
  type RoleRow,
  type RoleView,
} from '../repositories/roles';
import { findTenant } from '../repositories/tenants';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import {
  assertMemberMayChangeRoles,
  assertMemberMayGrant,
  assertNoElevation,
  inOrder,
  memberAuthority,
  requirePermissions,
  requireRoles,
  type AccountActor,
  type MemberAuthority,
} from './role-lookups';

export type NewRoleInput = components['schemas']['CreateRoleRequest'];
export type RoleUpdateInput = components['schemas']['UpdateRoleRequest'];
export type NewAccountRoleInput = components['schemas']['CreateAccountRoleRequest'];
export type RolePageInput = operations['listRolesV2']['parameters']['query'];

/**
 * Who changes roles through the v1 routes: the environment, in one account's view (`tenantId`) or
 * everywhere, or a member (`userId`) of account `tenantId`, who changes only that account's own roles.
 */
export interface RoleActor {
  tenantId?: string;
  userId?: string;
}

/** The built-in roles: every member gets the built-in permissions through them, so they stay environment-wide and cannot be deleted. */
const BUILT_IN_ROLES = new Set([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID]);

/**
 * Roles: environment-wide (`tenant_id` null) or of one account. A key names one role wherever an
 * account sees roles, so an account's role cannot share a key with an environment-wide one.
 */
export function createRolesService(db: Db, environment: EnvironmentService) {
  async function roleOrThrow(trx: Db, id: string, view: RoleView): Promise<RoleRow> {
    const role = isUuid(id) ? await findRole(trx, id, view) : undefined;
    if (!role) throw errors.roleNotFound(id);
    return role;
  }

  async function assertTenantExists(trx: Db, tenantId: string): Promise<void> {
    if (!(await findTenant(trx, tenantId))) throw errors.tenantNotFound();
  }

  /** Locks the keys until the transaction ends and throws unless they are free in scope `tenantId`. */
  async function claimKeys(trx: Knex.Transaction, keys: string[], tenantId: string | null, exceptRoleId?: string): Promise<void> {
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (repeated.length > 0) throw errors.roleKeysTaken([...new Set(repeated)]);
    await lockKeys(trx, 'role', keys);
    const taken = await takenRoleKeys(trx, keys, tenantId, exceptRoleId);
    if (taken.length > 0) throw errors.roleKeysTaken(taken);
  }

  /** The acting member's authority, or undefined when the environment acts. Read before a transaction: PGlite has one connection. */
  async function authorityOf(actor: RoleActor): Promise<MemberAuthority | undefined> {
    if (actor.userId === undefined || actor.tenantId === undefined) return undefined;
    return memberAuthority(db, environment, { tenantId: actor.tenantId, userId: actor.userId });
  }

  /** The role the actor names, which a member must be allowed to change. */
  async function changeableRole(trx: Db, id: string, actor: RoleActor, authority: MemberAuthority | undefined): Promise<RoleRow> {
    const role = await roleOrThrow(trx, id, { tenantId: actor.tenantId });
    if (authority && actor.tenantId !== undefined) assertMemberMayChangeRoles(authority, actor.tenantId, [role]);
    return role;
  }

  return {
    list: (view: RoleView) => listRoles(db, view),

    /**
     * Creates the roles in the actor's account (none named: environment-wide), all or none. A member
     * may not create a role stronger than their own strongest.
     */
    async createMany(inputs: NewRoleInput[], actor: RoleActor): Promise<RoleRow[]> {
      const tenantId = actor.tenantId;
      const authority = await authorityOf(actor);
      if (authority) assertNoElevation(authority, inputs);
      const planned = inputs.map((input) => ({
        input,
        row: {
          id: randomUUID(),
          key: input.key,
          name: input.name,
          description: input.description ?? null,
          tenant_id: tenantId ?? null,
          is_default: input.isDefault ?? false,
          first_user_role: input.firstUserRole ?? false,
          level: input.level,
        },
      }));
      const rows = planned.map(({ row }) => row);
      return db.transaction(async (trx) => {
        if (tenantId !== undefined) await assertTenantExists(trx, tenantId);
        await claimKeys(
          trx,
          rows.map((row) => row.key),
          tenantId ?? null,
        );
        await insertRoles(trx, rows);
        for (const { input, row } of planned) {
          if (input.isDefault && input.migrateRole) await giveRoleToAllMembers(trx, row);
        }
        return inOrder(
          rows.map((row) => row.id),
          await findRoles(
            trx,
            rows.map((row) => row.id),
            {},
          ),
        );
      });
    },

    async update(id: string, input: RoleUpdateInput, actor: RoleActor): Promise<RoleRow> {
      const authority = await authorityOf(actor);
      if (authority && input.level !== undefined) assertNoElevation(authority, [{ key: input.key ?? id, level: input.level }]);
      return db.transaction(async (trx) => {
        const role = await changeableRole(trx, id, actor, authority);
        if (input.key !== undefined && input.key !== role.key) await claimKeys(trx, [input.key], role.tenant_id, role.id);
        await updateRole(trx, role.id, {
          key: input.key,
          name: input.name,
          description: input.description,
          is_default: input.isDefault,
          first_user_role: input.firstUserRole,
          level: input.level,
        });
        if (input.migrateRole && (input.isDefault ?? role.is_default)) await giveRoleToAllMembers(trx, role);
        return roleOrThrow(trx, id, {});
      });
    },

    async remove(id: string, actor: RoleActor): Promise<void> {
      const role = await changeableRole(db, id, actor, await authorityOf(actor));
      if (BUILT_IN_ROLES.has(role.id)) throw errors.builtInRole(role.key);
      await deleteRole(db, role.id);
    },

    /** Makes the role's permissions exactly those named. */
    async setPermissions(id: string, permissionIds: string[], actor: RoleActor): Promise<RoleRow> {
      const authority = await authorityOf(actor);
      return db.transaction(async (trx) => {
        const role = await changeableRole(trx, id, actor, authority);
        const permissions = await requirePermissions(trx, permissionIds);
        if (authority) assertMemberMayGrant(authority, permissions);
        await replaceRolePermissions(
          trx,
          role.id,
          permissions.map((permission) => permission.id),
        );
        return roleOrThrow(trx, id, {});
      });
    },

    /** Moves the role to an account (null: makes it environment-wide). */
    async moveToTenant(id: string, tenantId: string | null): Promise<RoleRow> {
      return db.transaction(async (trx) => {
        const role = await roleOrThrow(trx, id, {});
        if (role.tenant_id === tenantId) return role;
        if (BUILT_IN_ROLES.has(role.id)) throw errors.builtInRole(role.key);
        if (tenantId !== null) {
          await assertTenantExists(trx, tenantId);
          if (await isRoleHeldOutside(trx, role.id, tenantId)) throw errors.roleHeldElsewhere(role.key);
        }
        await claimKeys(trx, [role.key], tenantId, role.id);
        await updateRole(trx, role.id, { tenant_id: tenantId });
        return roleOrThrow(trx, id, {});
      });
    },

    async page(view: RoleView, query: RolePageInput): Promise<{ rows: RoleRow[]; total: number; page: number; limit: number }> {
      const page = query._offset ?? 0;
      const limit = query._limit ?? 50;
      const { rows, total } = await pageRoles(db, view, {
        sortBy: query._sortBy,
        order: query._order ?? 'ASC',
        page,
        limit,
        filter: query._filter,
        levels: query._levels,
        tenantIds: query._tenantIds,
      });
      return { rows, total, page, limit };
    },

    levels: (view: RoleView) => distinctRoleLevels(db, view),
    tenants: (view: RoleView) => distinctRoleTenants(db, view),

    /**
     * A role of the actor's account with the level of `baseRoleId` and the permissions named, plus
     * those classified ALWAYS. A member (not the environment) may not make a role stronger than
     * their own strongest, nor put into it permissions they do not hold.
     */
    async createForAccount(actor: AccountActor, input: NewAccountRoleInput): Promise<RoleRow> {
      // Read before the transaction: PGlite has one connection, which the transaction holds.
      const authority = actor.userId === undefined ? undefined : await memberAuthority(db, environment, { tenantId: actor.tenantId, userId: actor.userId });
      return db.transaction(async (trx) => {
        await assertTenantExists(trx, actor.tenantId);
        const base = firstOf(await requireRoles(trx, [input.baseRoleId], { tenantId: actor.tenantId }), 'the base role');
        const permissions = await requirePermissions(trx, input.permissionIds);
        const never = permissions.filter((permission) => permission.assignment_type === 'NEVER');
        if (never.length > 0) throw errors.permissionsNotAssignable(never.map((permission) => permission.key));
        if (authority) {
          assertNoElevation(authority, [base]);
          const notHeld = permissions.filter((permission) => !authority.permissionIds.has(permission.id));
          if (notHeld.length > 0) throw errors.permissionsNotHeld(notHeld.map((permission) => permission.key));
        }
        await claimKeys(trx, [input.key], actor.tenantId);
        const id = randomUUID();
        await insertRoles(trx, [
          {
            id,
            key: input.key,
            name: input.name,
            description: input.description ?? null,
            tenant_id: actor.tenantId,
            is_default: input.isDefault ?? false,
            first_user_role: false,
            level: base.level,
          },
        ]);
        const always = await findAlwaysGrantedPermissionIds(trx);
        await replaceRolePermissions(trx, id, [...new Set([...permissions.map((permission) => permission.id), ...always])]);
        return roleOrThrow(trx, id, {});
      });
    },
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
