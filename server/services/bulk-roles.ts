import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { addMemberRoles, isMember, removeMemberRoles } from '../repositories/member-roles';
import { findRoles } from '../repositories/roles';
import { findUserWithMemberships } from '../repositories/users';
import { errors } from './errors';
import type { JobView, Jobs } from './jobs';

export type BulkRolesInput = components['schemas']['BulkUpdateUserRolesRequest'];

/** Up to this many accounts a bulk change of roles is made at once; above it, in the background. */
export const BULK_ROLES_AT_ONCE = 25;

const BULK_ROLES = 'bulk-roles';

/** One account's part of a bulk change: what a background item holds. */
interface RoleChangeInAccount {
  userId: string;
  tenantId: string;
  add: string[];
  remove: string[];
}

export interface BulkRolesResult {
  userId: string;
  affectedTenants: number;
  rolesAdded: string[];
  rolesRemoved: string[];
  taskId?: string;
}

/**
 * Changes one account's roles of the user, in the caller's transaction. The roles to give are held
 * until it commits (a concurrent delete waits); a membership that ended meanwhile fails the account.
 */
async function changeInAccount(trx: Knex.Transaction, change: RoleChangeInAccount): Promise<void> {
  if (!(await isMember(trx, change.userId, change.tenantId))) throw errors.notMemberOfTenant(change.tenantId);
  const given = await findRoles(trx, change.add, { tenantId: change.tenantId }, { hold: true });
  if (given.length !== change.add.length) throw errors.rolesNotFound(change.add.filter((id) => !given.some((role) => role.id === id)));
  await addMemberRoles(trx, change.userId, change.tenantId, change.add);
  await removeMemberRoles(trx, change.userId, change.tenantId, change.remove);
}

/** A user's roles changed across many of their accounts at once (environment only). */
export function createBulkRolesService(db: Db, jobs: Jobs) {
  jobs.define(BULK_ROLES, (trx, input) => changeInAccount(trx, input as unknown as RoleChangeInAccount));

  /** The accounts to change, all of them the user's; every role named exists and may be given there. */
  async function plan(userId: string, input: BulkRolesInput): Promise<{ tenantIds: string[]; add: string[]; remove: string[] }> {
    const add = [...new Set(input.addRoleIds ?? [])];
    const remove = [...new Set(input.removeRoleIds ?? [])];
    if (add.length === 0 && remove.length === 0) throw errors.noRolesNamed();
    const found = await findUserWithMemberships(db, { id: userId });
    if (!found) throw errors.userNotFound();
    const memberOf = found.memberships.map((membership) => membership.tenant_id);
    const tenantIds = input.tenantIds ? [...new Set(input.tenantIds)] : memberOf;
    const strangers = tenantIds.filter((tenantId) => !memberOf.includes(tenantId));
    if (strangers.length > 0) throw errors.notMemberOfTenants(strangers);

    const named = [...new Set([...add, ...remove])];
    const roles = await findRoles(db, named.filter(isUuid), {});
    const unknown = named.filter((id) => !roles.some((role) => role.id === id));
    if (unknown.length > 0) throw errors.rolesNotFound(unknown);
    for (const role of roles) {
      if (role.tenant_id === null || !add.includes(role.id)) continue;
      const elsewhere = tenantIds.filter((tenantId) => tenantId !== role.tenant_id);
      if (elsewhere.length > 0) throw errors.roleOfAnotherAccount(role.id, elsewhere);
    }
    return { tenantIds, add, remove };
  }

  return {
    /**
     * Gives and takes away roles in the accounts named (or all the user's): at once in one
     * transaction up to BULK_ROLES_AT_ONCE accounts, otherwise as a background job.
     */
    async update(userId: string, input: BulkRolesInput): Promise<BulkRolesResult> {
      const { tenantIds, add, remove } = await plan(userId, input);
      const result = { userId, affectedTenants: tenantIds.length, rolesAdded: add, rolesRemoved: remove };
      const changes = tenantIds.map((tenantId) => ({ userId, tenantId, add, remove }));
      if (changes.length <= BULK_ROLES_AT_ONCE) {
        await db.transaction(async (trx) => {
          for (const change of changes) await changeInAccount(trx, change);
        });
        return result;
      }
      const taskId = await jobs.start(
        BULK_ROLES,
        changes.map((change) => ({ key: change.tenantId, input: { ...change } })),
      );
      return { ...result, taskId };
    },

    async status(taskId: string): Promise<JobView> {
      const view = await jobs.status(BULK_ROLES, taskId);
      if (!view) throw errors.bulkRolesTaskNotFound(taskId);
      return view;
    },
  };
}
