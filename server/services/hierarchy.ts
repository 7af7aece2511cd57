import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import {
  countSubAccounts,
  findAncestry,
  findHierarchySettings,
  findSubtree,
  lockHierarchy,
  renameAccount,
  saveAccessType,
  searchSubAccounts,
  setParent,
  setReseller,
  type HierarchyRow,
  type HierarchySettingsRow,
  type SubAccountAccessType,
  type SubAccountRow,
  type SubAccountSearch,
} from '../repositories/hierarchy';
import { lockTenant, type TenantRow } from '../repositories/tenants';
import { errors } from './errors';
import type { TenantsService } from './tenants';

export type NewSubAccountInput = components['schemas']['CreateSubTenantRequest'];

/**
 * Who changes the hierarchy: the environment (anywhere), or a user of one account, who acts only on
 * that account's part of the hierarchy.
 */
export type HierarchyActor = { kind: 'environment' } | { kind: 'user'; tenantId: string };

/** An account with every account beneath it, nested. */
export interface HierarchyNode {
  account: HierarchyRow;
  children: HierarchyNode[];
}

/** The rows of a walk, refused when the walk met a loop. */
export function withoutLoop(rows: HierarchyRow[]): HierarchyRow[] {
  const loop = rows.find((row) => row.loop);
  if (loop) throw errors.hierarchyLoop(loop.tenant_id);
  return rows;
}

/** Nests the rows of a subtree walk (the root first, each row after its parent) under the root. */
function nest([root, ...beneath]: [HierarchyRow, ...HierarchyRow[]]): HierarchyNode {
  const top: HierarchyNode = { account: root, children: [] };
  const placed = beneath.map((account): HierarchyNode => ({ account, children: [] }));
  const nodes = new Map<string, HierarchyNode>([top, ...placed].map((node) => [node.account.tenant_id, node]));
  for (const node of placed) nodes.get(node.account.parent_tenant_id ?? '')?.children.push(node);
  return top;
}

/**
 * Sub-accounts and the hierarchy of accounts (`tenants.parent_tenant_id`). Every read is one
 * recursive statement, whatever the size of the hierarchy. Changes to its shape run one at a time
 * (a transaction-wide lock), so that no two of them together make a loop. A user acts only inside
 * their account's part of the hierarchy; an account outside it answers as not found.
 */
export function createHierarchyService(db: Db, tenants: TenantsService) {
  /**
   * The live account `tenantId` when the actor may act on it: the environment anywhere; a user on
   * the accounts beneath their own (and on their own one with `ownAccount`), while their account is
   * at the top of its hierarchy or a reseller. Otherwise not found (or refused, for their own).
   */
  async function reachable(actor: HierarchyActor, tenantId: string, options: { ownAccount: boolean }): Promise<HierarchyRow> {
    const ancestry = withoutLoop(await findAncestry(db, tenantId));
    const [account] = ancestry;
    if (!account) throw errors.accountNotInHierarchy(tenantId);
    if (actor.kind === 'environment') return account;
    const own = ancestry.find((row) => row.tenant_id === actor.tenantId);
    if (!own) throw errors.accountNotInHierarchy(tenantId);
    if (own.depth === 0 && !options.ownAccount) throw errors.ownAccountNotSubAccount(tenantId);
    if (own.parent_tenant_id !== null && !own.is_reseller) throw errors.subAccountManagementNotAllowed(own.tenant_id);
    return account;
  }

  /**
   * The live account `tenantId` with the accounts above it, when the actor may read it: the
   * environment anywhere, a user their own account and those beneath it. Otherwise not found.
   */
  async function readable(actor: HierarchyActor, tenantId: string): Promise<HierarchyRow[]> {
    const ancestry = withoutLoop(await findAncestry(db, tenantId));
    if (ancestry.length === 0) throw errors.accountNotInHierarchy(tenantId);
    if (actor.kind === 'user' && !ancestry.some((row) => row.tenant_id === actor.tenantId)) throw errors.accountNotInHierarchy(tenantId);
    return ancestry;
  }

  async function settings(tenantId: string): Promise<HierarchySettingsRow> {
    const row = await findHierarchySettings(db, tenantId);
    if (!row) throw errors.accountNotInHierarchy(tenantId);
    return row;
  }

  /** The subtree of `tenantId`, the account itself first. */
  async function subtree(tenantId: string): Promise<[HierarchyRow, ...HierarchyRow[]]> {
    const [root, ...beneath] = withoutLoop(await findSubtree(db, tenantId));
    if (!root) throw errors.accountNotInHierarchy(tenantId);
    return [root, ...beneath];
  }

  return {
    /** Creates an account beneath `parentTenantId` (an account the actor may act on). */
    async createSubAccount(actor: HierarchyActor, input: NewSubAccountInput): Promise<TenantRow> {
      const { parentTenantId } = input;
      await reachable(actor, parentTenantId, { ownAccount: true });
      return tenants.create({ ...input, parentTenantId });
    },

    /** Deletes an account beneath the actor's own; the accounts beneath it move up to its parent. */
    async removeSubAccount(actor: HierarchyActor, tenantId: string): Promise<void> {
      await reachable(actor, tenantId, { ownAccount: false });
      await tenants.remove(tenantId);
    },

    /** Lets an account beneath the actor's own manage its sub-accounts, or stops it. */
    async setManagement(actor: HierarchyActor, tenantId: string, isReseller: boolean): Promise<HierarchySettingsRow> {
      await reachable(actor, tenantId, { ownAccount: false });
      await setReseller(db, tenantId, isReseller);
      return settings(tenantId);
    },

    /** Sets how the account's users reach its sub-accounts. */
    async setAccessType(actor: HierarchyActor, tenantId: string, accessType: SubAccountAccessType): Promise<HierarchySettingsRow> {
      await reachable(actor, tenantId, { ownAccount: true });
      await saveAccessType(db, tenantId, accessType);
      return settings(tenantId);
    },

    /** Renames an account beneath the actor's own. */
    async rename(actor: HierarchyActor, tenantId: string, name: string): Promise<HierarchySettingsRow> {
      await reachable(actor, tenantId, { ownAccount: false });
      await renameAccount(db, tenantId, name);
      return settings(tenantId);
    },

    /**
     * A page of the accounts beneath `tenantId` (the actor's own account or one beneath it): those
     * directly beneath it, or, when `filter` is set, those at any depth whose name or id holds it.
     */
    async search(actor: HierarchyActor, tenantId: string, search: Omit<SubAccountSearch, 'anyDepth'>): Promise<{ rows: SubAccountRow[]; total: number }> {
      await readable(actor, tenantId);
      return searchSubAccounts(db, tenantId, { ...search, anyDepth: search.filter !== '' });
    },

    /** Per account (each the actor's own or beneath it): how many accounts are beneath it, and whether any is. */
    async metadata(actor: HierarchyActor, tenantIds: string[]): Promise<{ tenant_id: string; total: number; is_parent: boolean }[]> {
      const unique = [...new Set(tenantIds)];
      if (actor.kind === 'user') {
        const reach = new Set(withoutLoop(await findSubtree(db, actor.tenantId)).map((row) => row.tenant_id));
        const outside = unique.find((tenantId) => !reach.has(tenantId));
        if (outside !== undefined) throw errors.accountNotInHierarchy(outside);
      }
      const counts = await countSubAccounts(db, unique);
      const missing = unique.find((tenantId) => !counts.some((row) => row.tenant_id === tenantId));
      if (missing !== undefined) throw errors.accountNotInHierarchy(missing);
      return unique.map((tenantId) => counts.find((row) => row.tenant_id === tenantId)!);
    },

    /** The accounts above `tenantId` (the actor's own account or one beneath it), its parent first. */
    async parentsOf(actor: HierarchyActor, tenantId: string): Promise<HierarchyRow[]> {
      return (await readable(actor, tenantId)).slice(1);
    },

    /** Every account beneath the account, nearest first. */
    async subAccounts(tenantId: string): Promise<HierarchyRow[]> {
      return (await subtree(tenantId)).slice(1);
    },

    /** The accounts above the account, its parent first. */
    async parents(tenantId: string): Promise<HierarchyRow[]> {
      const ancestry = withoutLoop(await findAncestry(db, tenantId));
      if (ancestry.length === 0) throw errors.accountNotInHierarchy(tenantId);
      return ancestry.slice(1);
    },

    /** The account with everything beneath it, nested. */
    async tree(tenantId: string): Promise<HierarchyNode> {
      return nest(await subtree(tenantId));
    },

    /** Places the account `childTenantId` (with everything beneath it) under `parentTenantId`. */
    async attach(parentTenantId: string, childTenantId: string): Promise<void> {
      if (parentTenantId === childTenantId) throw errors.ownParent(childTenantId);
      await db.transaction(async (trx) => {
        await lockHierarchy(trx);
        if (!(await lockTenant(trx, parentTenantId))) throw errors.accountNotInHierarchy(parentTenantId);
        const child = await lockTenant(trx, childTenantId);
        if (!child) throw errors.accountNotInHierarchy(childTenantId);
        if (child.parent_tenant_id === parentTenantId) throw errors.alreadyChildOf(childTenantId, parentTenantId);
        if (child.parent_tenant_id !== null) throw errors.alreadyInHierarchy(childTenantId, child.parent_tenant_id);
        const above = withoutLoop(await findAncestry(trx, parentTenantId));
        if (above.some((row) => row.tenant_id === childTenantId)) throw errors.hierarchyWouldLoop(parentTenantId, childTenantId);
        await setParent(trx, childTenantId, parentTenantId);
      });
    },

    /** Takes `childTenantId` from under `parentTenantId`: it goes to the top, keeping its own sub-accounts. */
    async detach(parentTenantId: string, childTenantId: string): Promise<void> {
      await db.transaction(async (trx) => {
        await lockHierarchy(trx);
        const parent = await lockTenant(trx, parentTenantId);
        const child = parent && (await lockTenant(trx, childTenantId));
        if (!child || child.parent_tenant_id !== parentTenantId) throw errors.notParentAndChild(parentTenantId, childTenantId);
        await setParent(trx, childTenantId, null);
      });
    },
  };
}
