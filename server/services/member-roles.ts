import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { findMemberRoleIds } from '../repositories/grants';
import { addMemberRoles, findMemberRoles, findMembersRoleIds, isMember, removeMemberRoles } from '../repositories/member-roles';
import { findPermissionsOfRoles, type PermissionRow } from '../repositories/permissions';
import { findRoles, type RoleRow } from '../repositories/roles';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import { assertNoElevation, memberAuthority, requireRoles, type AccountActor } from './role-lookups';
import { groupGrants } from './auth';

/** A member's roles in one account. */
export interface MemberRoles {
  tenantId: string;
  userId: string;
  roles: RoleRow[];
}

type RoleChange = (trx: Knex.Transaction, userId: string, tenantId: string, roleIds: string[]) => Promise<void>;

/** The roles given to members of an account, and what members hold in the end. */
export function createMemberRolesService(db: Db, environment: EnvironmentService) {
  /**
   * Gives or takes away roles of a member of the actor's account. Every role must be one the account
   * sees; a member acting (not the environment) may touch only roles no stronger than their own.
   */
  async function change(actor: AccountActor, userId: string, roleIds: string[], apply: RoleChange): Promise<MemberRoles> {
    const { tenantId } = actor;
    // Read before the transaction: PGlite has one connection, which the transaction holds.
    const authority = actor.userId === undefined ? undefined : await memberAuthority(db, environment, { tenantId, userId: actor.userId });
    return db.transaction(async (trx) => {
      if (!isUuid(userId) || !(await isMember(trx, userId, tenantId))) throw errors.userNotFound();
      const roles = await requireRoles(trx, roleIds, { tenantId });
      if (authority) assertNoElevation(authority, roles);
      await apply(
        trx,
        userId,
        tenantId,
        roles.map((role) => role.id),
      );
      return { tenantId, userId, roles: await findMemberRoles(trx, userId, tenantId) };
    });
  }

  return {
    assign: (actor: AccountActor, userId: string, roleIds: string[]) => change(actor, userId, roleIds, addMemberRoles),

    /**
     * Makes `roleIds` the member's whole set of roles in the account: the others are taken away. The
     * checks are those of `assign`; a member acting may also take away only roles no stronger than
     * their own.
     */
    async replace(actor: AccountActor, userId: string, roleIds: string[]): Promise<MemberRoles> {
      const { tenantId } = actor;
      const authority = actor.userId === undefined ? undefined : await memberAuthority(db, environment, { tenantId, userId: actor.userId });
      return db.transaction(async (trx) => {
        if (!isUuid(userId) || !(await isMember(trx, userId, tenantId))) throw errors.userNotFound();
        const roles = await requireRoles(trx, roleIds, { tenantId });
        const wanted = new Set(roles.map((role) => role.id));
        const dropped = (await findMemberRoles(trx, userId, tenantId)).filter((role) => !wanted.has(role.id));
        if (authority) assertNoElevation(authority, [...roles, ...dropped]);
        await removeMemberRoles(
          trx,
          userId,
          tenantId,
          dropped.map((role) => role.id),
        );
        await addMemberRoles(trx, userId, tenantId, [...wanted]);
        return { tenantId, userId, roles: await findMemberRoles(trx, userId, tenantId) };
      });
    },
    unassign: (actor: AccountActor, userId: string, roleIds: string[]) => change(actor, userId, roleIds, removeMemberRoles),

    /** The role ids given directly to each of the users who are members of the account, in the order asked. */
    async ofUsers(tenantId: string, userIds: string[]): Promise<{ userId: string; roleIds: string[] }[]> {
      const unique = [...new Set(userIds)];
      const byUser = await findMembersRoleIds(db, tenantId, unique.filter(isUuid));
      return unique.flatMap((userId) => {
        const roleIds = byUser.get(userId);
        return roleIds ? [{ userId, roleIds }] : [];
      });
    },

    /** The roles and permissions the member's tokens carry in the account (given directly and through groups). */
    async held(tenantId: string, userId: string): Promise<{ roles: RoleRow[]; permissions: PermissionRow[] }> {
      if (!isUuid(userId) || !(await isMember(db, userId, tenantId))) throw errors.userNotFound();
      const roleIds = await findMemberRoleIds(db, userId, tenantId, groupGrants(await environment.settings()));
      return {
        roles: await findRoles(db, roleIds, {}),
        permissions: await findPermissionsOfRoles(db, roleIds, { tenantId }),
      };
    },
  };
}

export type MemberRolesService = ReturnType<typeof createMemberRolesService>;
