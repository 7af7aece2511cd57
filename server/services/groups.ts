import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { firstOf } from '../lib/narrow';
import {
  addGroupRoles,
  addGroupUsers,
  countGroups,
  deleteGroup,
  findGroup,
  findGroupIdsOfMembers,
  findGroupMembers,
  findGroupRoles,
  findGroups,
  findMemberIds,
  findVisibleRoleIds,
  insertGroup,
  pageGroups,
  removeGroupRoles,
  removeGroupUsers,
  touchGroup,
  updateGroup,
  type GroupChanges,
  type GroupMemberRow,
  type GroupRoleRow,
  type GroupRow,
  type GroupSortColumn,
} from '../repositories/groups';
import { findTenant } from '../repositories/tenants';
import type { EnvironmentService, EnvironmentSettings } from './environment';
import { errors } from './errors';
import { readPage } from './paging';
import { metadataObject } from './users';

export type NewGroupInput = components['schemas']['CreateGroupRequest'];
export type GroupChangesInput = components['schemas']['UpdateGroupRequest'];
export type GroupsConfiguration = components['schemas']['GroupsConfiguration'];

/** Which related lists to load with groups (Frontegg's `_groupsRelations`); none when left out. */
export type GroupsRelations = 'roles' | 'users' | 'rolesAndUsers';

/** A group with the relations that were asked for (the others are empty). */
export interface GroupView {
  group: GroupRow;
  roles: GroupRoleRow[];
  users: GroupMemberRow[];
}

export interface GroupsPageRequest {
  /** Groups per page. */
  limit: number;
  /** The page, counted from 0. */
  page: number;
  sortBy: 'id' | 'name' | 'createdAt' | 'updatedAt';
  order: 'ASC' | 'DESC';
  relations?: GroupsRelations;
}

const SORT_COLUMNS: Record<GroupsPageRequest['sortBy'], GroupSortColumn> = {
  id: 'id',
  name: 'name',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * The distinct ids of a list that can name a row (UUIDs, lower-cased as PostgreSQL answers them),
 * apart from those that cannot.
 */
function splitIds(ids: string[]): { uuids: string[]; malformed: string[] } {
  const unique = [...new Set(ids)];
  return {
    uuids: [...new Set(unique.filter(isUuid).map((id) => id.toLowerCase()))],
    malformed: unique.filter((id) => !isUuid(id)),
  };
}

/** The ids asked for that `find` does not return: a UUID that matches nothing, or not a UUID at all. */
async function missingIds(ids: string[], find: (uuids: string[]) => Promise<string[]>): Promise<{ found: string[]; missing: string[] }> {
  const { uuids, malformed } = splitIds(ids);
  const found = uuids.length > 0 ? await find(uuids) : [];
  return { found, missing: [...malformed, ...uuids.filter((id) => !found.includes(id))] };
}

function byGroup<Row extends { group_id: string }>(rows: Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const list = grouped.get(row.group_id);
    if (list) list.push(row);
    else grouped.set(row.group_id, [row]);
  }
  return grouped;
}

/**
 * Groups of an account's members. A group belongs to one account; its roles are roles that account
 * can see, its users are members of that account, and members hold the group's roles in their
 * tokens (see repositories/grants.ts). Every change is checked whole before any of it is applied.
 * The group settings are environment-wide, kept with the environment's settings.
 */
export function createGroupsService(db: Db, environment: EnvironmentService) {
  async function requireTenant(tenantId: string): Promise<void> {
    if (!(await findTenant(db, tenantId))) throw errors.tenantNotFound();
  }

  /** Checks that the account's groups may be changed (groups are enabled, the account exists); answers the settings. */
  async function beforeChange(tenantId: string): Promise<EnvironmentSettings> {
    const settings = await environment.settings();
    if (!settings.groupsEnabled) throw errors.groupsDisabled();
    await requireTenant(tenantId);
    return settings;
  }

  async function withRelations(groups: GroupRow[], relations: GroupsRelations | undefined): Promise<GroupView[]> {
    const ids = groups.map((group) => group.id);
    const [roles, users] = await Promise.all([
      relations === 'roles' || relations === 'rolesAndUsers' ? findGroupRoles(db, ids) : [],
      relations === 'users' || relations === 'rolesAndUsers' ? findGroupMembers(db, ids) : [],
    ]);
    const rolesOf = byGroup(roles);
    const usersOf = byGroup(users);
    return groups.map((group) => ({ group, roles: rolesOf.get(group.id) ?? [], users: usersOf.get(group.id) ?? [] }));
  }

  /** `id` is a UUID (the spec checks path ids). */
  async function get(tenantId: string, id: string, relations: GroupsRelations | undefined): Promise<GroupView> {
    const group = await findGroup(db, tenantId, id);
    if (!group) throw errors.groupNotFound();
    return firstOf(await withRelations([group], relations), 'the view of one group');
  }

  /** Runs `apply` in one transaction with the group locked; not found unless the account has the group. */
  async function changeGroup(tenantId: string, groupId: string, apply: (trx: Db) => Promise<void>): Promise<void> {
    await db.transaction(async (trx) => {
      if (!(await touchGroup(trx, tenantId, groupId))) throw errors.groupNotFound();
      await apply(trx);
    });
  }

  /** The roles named, all of them visible to the account, or a 400 naming those that are not. */
  async function visibleRoles(trx: Db, tenantId: string, roleIds: string[]): Promise<string[]> {
    const { found, missing } = await missingIds(roleIds, (uuids) => findVisibleRoleIds(trx, tenantId, uuids));
    if (missing.length > 0) throw errors.rolesNotFound(missing);
    return found;
  }

  /** The users named, all of them members of the account, or a 400 naming those that are not. */
  async function members(trx: Db, tenantId: string, userIds: string[]): Promise<string[]> {
    const { found, missing } = await missingIds(userIds, (uuids) => findMemberIds(trx, tenantId, uuids));
    if (missing.length > 0) throw errors.usersNotMembers(missing);
    return found;
  }

  return {
    async list(tenantId: string, relations?: GroupsRelations): Promise<GroupView[]> {
      await requireTenant(tenantId);
      return withRelations(await findGroups(db, tenantId), relations);
    },

    /** The account's groups among `ids`; other ids (unknown, malformed, another account's) are left out. */
    async getMany(tenantId: string, ids: string[], relations?: GroupsRelations): Promise<GroupView[]> {
      await requireTenant(tenantId);
      const { uuids } = splitIds(ids);
      return withRelations(uuids.length > 0 ? await findGroups(db, tenantId, uuids) : [], relations);
    },

    async page(tenantId: string, request: GroupsPageRequest): Promise<{ items: GroupView[]; totalItems: number }> {
      await requireTenant(tenantId);
      const order = { sortBy: SORT_COLUMNS[request.sortBy], order: request.order === 'DESC' ? 'desc' : 'asc' } as const;
      const { rows, total } = await readPage(
        request,
        () => countGroups(db, tenantId),
        (slice) => pageGroups(db, tenantId, { ...slice, ...order }),
      );
      return { items: await withRelations(rows, request.relations), totalItems: total };
    },

    async get(tenantId: string, id: string, relations?: GroupsRelations): Promise<GroupView> {
      await requireTenant(tenantId);
      return get(tenantId, id, relations);
    },

    async create(tenantId: string, input: NewGroupInput): Promise<GroupView> {
      const metadata = metadataObject('metadata', input.metadata);
      await beforeChange(tenantId);
      const id = randomUUID();
      const inserted = await insertGroup(db, {
        id,
        tenant_id: tenantId,
        name: input.name,
        description: input.description ?? null,
        color: input.color ?? null,
        metadata,
      });
      if (!inserted) throw errors.groupNameTaken(input.name);
      return get(tenantId, id, 'rolesAndUsers');
    },

    /** Changes the fields sent; answers the group with its roles and members. */
    async update(tenantId: string, id: string, input: GroupChangesInput): Promise<GroupView> {
      const changes: GroupChanges = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.description !== undefined) changes.description = input.description;
      if (input.color !== undefined) changes.color = input.color;
      if (input.metadata !== undefined) changes.metadata = metadataObject('metadata', input.metadata);
      await beforeChange(tenantId);
      const updated = await updateGroup(db, tenantId, id, changes);
      if (updated === 'name_taken') throw errors.groupNameTaken(input.name ?? '');
      if (!updated) throw errors.groupNotFound();
      return firstOf(await withRelations([updated], 'rolesAndUsers'), 'the view of one group');
    },

    /** Deletes the group; its members keep their account membership and lose what the group gave them. */
    async remove(tenantId: string, id: string): Promise<void> {
      await beforeChange(tenantId);
      if (!(await deleteGroup(db, tenantId, id))) throw errors.groupNotFound();
    },

    async addRoles(tenantId: string, groupId: string, roleIds: string[]): Promise<void> {
      const settings = await beforeChange(tenantId);
      if (!settings.groupRolesEnabled) throw errors.groupRolesDisabled();
      await changeGroup(tenantId, groupId, async (trx) => addGroupRoles(trx, groupId, await visibleRoles(trx, tenantId, roleIds)));
    },

    async removeRoles(tenantId: string, groupId: string, roleIds: string[]): Promise<void> {
      await beforeChange(tenantId);
      await changeGroup(tenantId, groupId, async (trx) => removeGroupRoles(trx, groupId, await visibleRoles(trx, tenantId, roleIds)));
    },

    async addUsers(tenantId: string, groupId: string, userIds: string[]): Promise<void> {
      await beforeChange(tenantId);
      await changeGroup(tenantId, groupId, async (trx) => addGroupUsers(trx, tenantId, groupId, await members(trx, tenantId, userIds)));
    },

    async removeUsers(tenantId: string, groupId: string, userIds: string[]): Promise<void> {
      await beforeChange(tenantId);
      await changeGroup(tenantId, groupId, async (trx) => removeGroupUsers(trx, groupId, await members(trx, tenantId, userIds)));
    },

    /** For each of `userIds` that is a member of the account, the account's groups they are in; other ids are left out. */
    async groupsOfMembers(tenantId: string, userIds: string[]): Promise<{ userId: string; groupIds: string[] }[]> {
      await requireTenant(tenantId);
      const rows = await findGroupIdsOfMembers(db, tenantId, splitIds(userIds).uuids);
      return rows.map((row) => ({ userId: row.user_id, groupIds: row.group_ids }));
    },

    async configuration(): Promise<GroupsConfiguration> {
      const settings = await environment.settings();
      return { enabled: settings.groupsEnabled, rolesEnabled: settings.groupRolesEnabled };
    },

    /** Changes the settings sent; the others keep their value. */
    async configure(changes: Partial<GroupsConfiguration>): Promise<void> {
      await environment.updateSettings({ groupsEnabled: changes.enabled, groupRolesEnabled: changes.rolesEnabled });
    },
  };
}
