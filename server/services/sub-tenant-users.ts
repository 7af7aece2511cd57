import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { findAncestry, findSubtree, type HierarchyRow, type SubAccountAccessType } from '../repositories/hierarchy';
import { addMemberRoles, findMemberRoles, isMember, removeMemberRoles, type MemberRoleRow } from '../repositories/member-roles';
import { findRolesOfUsers } from '../repositories/members';
import { findTenantsOfUser } from '../repositories/my-tenants';
import { findPermissions, type PermissionRow } from '../repositories/permissions';
import type { RoleRow } from '../repositories/roles';
import type { MembershipRow, UserRow } from '../repositories/users';
import {
  countSubTenantUsers,
  findMemberAccess,
  holdTenants,
  pageSubTenantUsers,
  saveMemberAccess,
  type SubTenantUsersSortColumn,
} from '../repositories/sub-tenant-users';
import type { EnvironmentService } from './environment';
import { errors, type DomainError } from './errors';
import { withoutLoop } from './hierarchy';
import type { MembersService } from './members';
import { readPage } from './paging';
import { assertNoElevation, memberAuthority, requireRoles, type AccountActor, type MemberAuthority } from './role-lookups';
import { normalizeEmail } from './users';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
export type AddUserToSubTenantsInput = Schema<'AddUserToSubTenantsRequest'>;
export type RemoveUserFromSubTenantsInput = Schema<'RemoveUserFromSubTenantsRequest'>;
export type SubTenantsRoles = Schema<'SubTenantsRolesRequest'>['subTenantsRoles'];
export type AddUsersToSubTenantInput = Schema<'AddUsersToSubTenantRequest'>;

export interface SubTenantUsersRequest {
  page: number;
  limit: number;
  filter?: string;
  sortBy?: 'createdAt' | 'name' | 'email';
  order?: 'ASC' | 'DESC';
}

/** A user of a part of the hierarchy, with their accounts there, and the roles given and permissions held in each. */
export interface SubTenantUser {
  user: UserRow;
  /** The user's memberships in that part of the hierarchy, oldest first. */
  memberships: MembershipRow[];
  tenants: { tenantId: string; name: string; roles: MemberRoleRow[]; permissions: PermissionRow[] }[];
}

/** An account the user reaches, as `GET /users/v2/me/hierarchy` shows it. */
export interface HierarchyEntry {
  account: HierarchyRow;
  /** Accounts above it, to the top of its hierarchy. */
  depth: number;
  isMember: boolean;
  subAccountAccessAllowed: boolean;
}

const SORT_COLUMNS: Record<NonNullable<SubTenantUsersRequest['sortBy']>, SubTenantUsersSortColumn> = {
  createdAt: 'created_at',
  name: 'name',
  email: 'email_normalized',
};

/**
 * Whether a member may act in the accounts beneath their account: the account's access type decides
 * (`alwaysOn`: yes), else the member's own choice, else the type's default (`defaultOn` yes,
 * `defaultOff` no).
 */
export function hasSubAccountAccess(type: SubAccountAccessType, own: boolean | null): boolean {
  if (type === 'alwaysOn') return true;
  return own ?? type === 'defaultOn';
}

type RoleChange = 'add' | 'remove' | 'set';

function requireDistinct(values: string[], error: (value: string) => DomainError): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw error(value);
    seen.add(value);
  }
}

/** Why the actor may not act beneath their own account `own` (`tenantId` being the account asked for); undefined when they may. */
async function refusalBeneath(trx: Knex, actor: AccountActor, own: HierarchyRow, tenantId: string): Promise<DomainError | undefined> {
  if (actor.userId === undefined) return undefined;
  if (own.parent_tenant_id !== null && !own.is_reseller) return errors.subAccountManagementNotAllowed(own.tenant_id);
  const [access] = await findMemberAccess(trx, actor.userId, own.tenant_id);
  if (!access || !hasSubAccountAccess(access.sub_account_access_type, access.sub_account_access)) return errors.subAccountAccessDenied(tenantId);
  return undefined;
}

/** The accounts the actor may read the users of: their own, and those beneath it when they may act there. */
export async function readableAccounts(db: Knex, actor: AccountActor): Promise<HierarchyRow[]> {
  const subtree = withoutLoop(await findSubtree(db, actor.tenantId));
  const [own, firstBeneath] = subtree;
  if (!own) throw errors.tenantNotFound();
  const refusal = firstBeneath ? await refusalBeneath(db, actor, own, firstBeneath.tenant_id) : undefined;
  return refusal ? [own] : subtree;
}

/**
 * Users across an account and the accounts beneath it: listing them, adding them to several of
 * these accounts at once, taking them out, and their roles in each. Every account named must be the
 * actor's own or one beneath it (else not found); a member (not the environment) acts beneath their
 * own account only with sub-account access there, and only while their account is at the top of its
 * hierarchy or a reseller. Every change is one transaction: all of it, or nothing.
 */
export function createSubTenantUsersService(db: Db, environment: EnvironmentService, members: MembersService) {
  /**
   * Checks, in `trx`, that the actor may act in each account named, and holds the accounts between
   * each of them and the actor's own so that none moves out of reach before the transaction ends.
   */
  async function requireInReach(trx: Knex.Transaction, actor: AccountActor, tenantIds: string[]): Promise<void> {
    for (const tenantId of tenantIds) {
      const seen = await findAncestry(trx, tenantId);
      await holdTenants(
        trx,
        seen.map((row) => row.tenant_id),
      );
      const ancestry = withoutLoop(await findAncestry(trx, tenantId));
      const at = ancestry.findIndex((row) => row.tenant_id === actor.tenantId);
      const actorAccount = ancestry[at]; // undefined when the actor's account is not in it (at is -1)
      if (!actorAccount) throw errors.accountNotInHierarchy(tenantId);
      if (at > 0) {
        const refusal = await refusalBeneath(trx, actor, actorAccount, tenantId);
        if (refusal) throw refusal;
      }
    }
  }

  /** What a member acting may hand on; undefined for the environment. Read before a transaction (PGlite has one connection). */
  async function authorityOf(actor: AccountActor): Promise<MemberAuthority | undefined> {
    return actor.userId === undefined ? undefined : memberAuthority(db, environment, { tenantId: actor.tenantId, userId: actor.userId });
  }

  /** The roles among `roleIds` that the account gives, each no stronger than the acting member's strongest. */
  async function assignableRoles(trx: Knex.Transaction, authority: MemberAuthority | undefined, tenantId: string, roleIds: string[]): Promise<RoleRow[]> {
    const roles = await requireRoles(trx, roleIds, { tenantId });
    if (authority) assertNoElevation(authority, roles);
    return roles;
  }

  return {
    /** One page of the users of the actor's account and of the accounts beneath it that the actor may act in. */
    async list(actor: AccountActor, request: SubTenantUsersRequest): Promise<{ items: SubTenantUser[]; totalPages: number }> {
      if (request.filter?.includes('\u0000')) throw errors.unstorableText('_filter');
      const accounts = await readableAccounts(db, actor);
      const names = new Map(accounts.map((account) => [account.tenant_id, account.name]));
      const tenantIds = [...names.keys()];
      const filter = { tenantIds, text: request.filter?.trim().toLowerCase(), hideInvisible: actor.userId !== undefined };
      const order = { sortBy: SORT_COLUMNS[request.sortBy ?? 'createdAt'], order: request.order === 'DESC' ? 'desc' : 'asc' } as const;
      const { rows, total } = await readPage(
        request,
        () => countSubTenantUsers(db, filter),
        (slice) => pageSubTenantUsers(db, filter, { ...slice, ...order }),
      );
      const roles = await findRolesOfUsers(
        db,
        rows.map(({ user }) => user.id),
      );
      const permissions = new Map((await findPermissions(db, [...new Set(roles.flatMap((role) => role.permission_ids))])).map((row) => [row.id, row]));
      const items = rows.map(({ user, memberships }) => {
        const inReach = memberships.filter((membership) => names.has(membership.tenant_id));
        return {
          user,
          memberships: inReach,
          tenants: inReach.map(({ tenant_id: tenantId }) => {
            const held = roles.filter((role) => role.user_id === user.id && role.member_tenant_id === tenantId);
            const permissionIds = new Set(held.flatMap((role) => role.permission_ids));
            return { tenantId, name: names.get(tenantId) ?? '', roles: held, permissions: [...permissionIds].flatMap((id) => permissions.get(id) ?? []) };
          }),
        };
      });
      return { items, totalPages: Math.ceil(total / request.limit) };
    },

    /** Adds the user (by email; a new one when the environment has none) to every account named, with the roles named for each. */
    async addUser(actor: AccountActor, input: AddUserToSubTenantsInput): Promise<void> {
      requireDistinct(
        input.subTenants.map((entry) => entry.tenantId),
        errors.tenantNamedTwice,
      );
      const authority = await authorityOf(actor);
      await db.transaction(async (trx) => {
        await requireInReach(
          trx,
          actor,
          input.subTenants.map((entry) => entry.tenantId),
        );
        for (const { tenantId, roleIds = [] } of input.subTenants) {
          const roles = await assignableRoles(trx, authority, tenantId, roleIds);
          await members.addMember(trx, tenantId, { email: input.user.email, name: input.user.name, roleIds: roles.map((role) => role.id) }, null);
        }
      });
    },

    /** Takes the user out of every account named (a user out of their last account is deleted). */
    async removeUser(actor: AccountActor, input: RemoveUserFromSubTenantsInput): Promise<void> {
      requireDistinct(
        input.subTenants.map((entry) => entry.tenantId),
        errors.tenantNamedTwice,
      );
      await db.transaction(async (trx) => {
        await requireInReach(
          trx,
          actor,
          input.subTenants.map((entry) => entry.tenantId),
        );
        for (const { tenantId } of input.subTenants) await members.remove(tenantId, input.userId, trx);
      });
    },

    /** Adds, takes away or sets the user's roles in each account named; the user must belong to each. */
    async changeRoles(actor: AccountActor, userId: string, entries: SubTenantsRoles, change: RoleChange): Promise<void> {
      requireDistinct(
        entries.map((entry) => entry.tenantId),
        errors.tenantNamedTwice,
      );
      const authority = await authorityOf(actor);
      await db.transaction(async (trx) => {
        await requireInReach(
          trx,
          actor,
          entries.map((entry) => entry.tenantId),
        );
        for (const { tenantId, roleIds } of entries) {
          if (!isUuid(userId) || !(await isMember(trx, userId, tenantId))) throw errors.memberNotFound(userId);
          const roles = await assignableRoles(trx, authority, tenantId, roleIds);
          const ids = roles.map((role) => role.id);
          if (change === 'add') await addMemberRoles(trx, userId, tenantId, ids);
          if (change === 'remove') await removeMemberRoles(trx, userId, tenantId, ids);
          if (change === 'set') {
            const dropped = (await findMemberRoles(trx, userId, tenantId)).filter((role) => !ids.includes(role.id));
            if (authority) assertNoElevation(authority, dropped);
            await removeMemberRoles(
              trx,
              userId,
              tenantId,
              dropped.map((role) => role.id),
            );
            await addMemberRoles(trx, userId, tenantId, ids);
          }
        }
      });
    },

    /** Adds each user (by email) to one account, with the roles named, and their own choice of sub-account access there when sent. */
    async addUsers(actor: AccountActor, input: AddUsersToSubTenantInput): Promise<void> {
      requireDistinct(
        input.users.map((user) => normalizeEmail(user.email)),
        errors.userNamedTwice,
      );
      const authority = await authorityOf(actor);
      await db.transaction(async (trx) => {
        await requireInReach(trx, actor, [input.tenantId]);
        const roles = await assignableRoles(trx, authority, input.tenantId, input.roleIds ?? []);
        for (const user of input.users) {
          const userId = await members.addMember(trx, input.tenantId, { email: user.email, name: user.name, roleIds: roles.map((role) => role.id) }, null);
          if (input.allowSubAccountAccess !== undefined) await saveMemberAccess(trx, userId, input.tenantId, input.allowSubAccountAccess);
        }
      });
    },

    /** Stores the member's own choice of sub-account access in the actor's account. */
    async setAccess(actor: AccountActor, userId: string, allow: boolean): Promise<void> {
      if (!isUuid(userId) || !(await saveMemberAccess(db, userId, actor.tenantId, allow))) throw errors.memberNotFound(userId);
    },

    /**
     * The user's live accounts and, beneath those where they may act in sub-accounts, every account
     * they reach from there: each account once, top of the hierarchy first.
     */
    async hierarchyOf(userId: string): Promise<HierarchyEntry[]> {
      if (!isUuid(userId)) throw errors.userNotFound();
      const memberships = await findTenantsOfUser(db, userId);
      const access = new Map((await findMemberAccess(db, userId)).map((row) => [row.tenant_id, row]));
      const own = [];
      for (const membership of memberships) {
        const ancestry = withoutLoop(await findAncestry(db, membership.tenant_id));
        const [account] = ancestry;
        if (!account) continue;
        const row = access.get(account.tenant_id);
        const allowed =
          !membership.is_disabled &&
          (account.parent_tenant_id === null || account.is_reseller) &&
          row !== undefined &&
          hasSubAccountAccess(row.sub_account_access_type, row.sub_account_access);
        own.push({ account, depth: ancestry.length - 1, allowed });
      }
      const entries = new Map<string, HierarchyEntry>();
      for (const { account, depth, allowed } of own.sort((a, b) => a.depth - b.depth)) {
        entries.set(account.tenant_id, { account, depth, isMember: true, subAccountAccessAllowed: allowed });
        if (!allowed) continue;
        for (const beneath of withoutLoop(await findSubtree(db, account.tenant_id)).slice(1)) {
          if (!entries.has(beneath.tenant_id)) {
            entries.set(beneath.tenant_id, { account: beneath, depth: depth + beneath.depth, isMember: false, subAccountAccessAllowed: false });
          }
        }
      }
      return [...entries.values()].sort(
        (a, b) => a.depth - b.depth || a.account.name.localeCompare(b.account.name) || a.account.tenant_id.localeCompare(b.account.tenant_id),
      );
    },
  };
}
