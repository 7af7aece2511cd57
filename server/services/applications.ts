import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import {
  accountAccess,
  clearDefault,
  countApplications,
  deleteApplication,
  deleteApplicationUsers,
  deleteTenantAssignment,
  findActiveTenant,
  findActiveTenants,
  findApplication,
  findApplicationIds,
  findApplicationUsers,
  findApplications,
  findDefaultApplication,
  findMemberIds,
  findTenantAssignments,
  findUserIdsInScope,
  insertApplication,
  insertApplicationUsers,
  insertTenantAssignment,
  isActiveApplication,
  isApplicationUser,
  lockApplication,
  updateApplication,
  updateTenantAssignment,
  upsertActiveTenant,
  userExists,
  type AccessType,
  type ApplicationChanges,
  type ApplicationFilter,
  type ApplicationRow,
  type ApplicationUserRow,
  type TenantAssignmentRow,
} from '../repositories/applications';
import { isMember } from '../repositories/member-roles';
import { findTenant } from '../repositories/tenants';
import { errors } from './errors';

export type NewApplicationInput = components['schemas']['CreateApplicationRequest'];
export type ApplicationChangesInput = components['schemas']['UpdateApplicationRequest'];

/**
 * Where user routes look: `tenantId` set, one account (a user token's, or the environment's
 * `frontegg-tenant-id`); unset, the whole environment (an environment token without the header).
 */
export interface Scope {
  tenantId?: string;
}

/** A comma-separated id list as ids that can name a row (UUIDs, lower-cased); the others are dropped. */
export function uuidList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return [
    ...new Set(
      text
        .split(',')
        .map((id) => id.trim())
        .filter(isUuid)
        .map((id) => id.toLowerCase()),
    ),
  ];
}

function splitIds(ids: string[]): { uuids: string[]; malformed: string[] } {
  const unique = [...new Set(ids)];
  return { uuids: [...new Set(unique.filter(isUuid).map((id) => id.toLowerCase()))], malformed: unique.filter((id) => !isUuid(id)) };
}

function byKey<Row, K extends keyof Row>(rows: Row[], key: K): Map<Row[K], Row[]> {
  const grouped = new Map<Row[K], Row[]>();
  for (const row of rows) grouped.set(row[key], [...(grouped.get(row[key]) ?? []), row]);
  return grouped;
}

/** The application when it exists and is active, locked (shared) until the transaction ends. */
export async function holdActiveApplication(trx: Db, environmentId: string, applicationId: string): Promise<ApplicationRow | undefined> {
  const application = isUuid(applicationId) ? await lockApplication(trx, environmentId, applicationId, 'share') : undefined;
  return application?.is_active ? application : undefined;
}

/**
 * The account a login or refresh for an application opens its session in, checked in the caller's
 * transaction with the application locked (so it cannot be deleted before the session row lands).
 * The application must exist and be active; the account must be able to use it (it is the default
 * or assigned); with managed access the user must be assigned to it in that account. `candidates`
 * are the accounts to try, best first.
 */
export async function applicationTenant(
  trx: Db,
  environmentId: string,
  applicationId: string,
  userId: string,
  candidates: string[],
): Promise<string | undefined> {
  const application = await holdActiveApplication(trx, environmentId, applicationId);
  if (!application) throw errors.applicationUnavailable();
  for (const tenantId of candidates) {
    const access = await accountAccess(trx, application, tenantId);
    if (access === 'FREE_ACCESS') return tenantId;
    if (access === 'MANAGED_ACCESS' && (await isApplicationUser(trx, application.id, tenantId, userId))) return tenantId;
  }
  return undefined;
}

/** Whether `aud` names an active application of the environment: the audience of its tokens. */
export async function isApplicationAudience(db: Db, environmentId: string, aud: string): Promise<boolean> {
  return isUuid(aud) && isActiveApplication(db, environmentId, aud);
}

/** The account a user chose to log in to in an application, if any. */
export async function chosenTenant(db: Db, userId: string, applicationId: string): Promise<string | undefined> {
  return isUuid(applicationId) ? findActiveTenant(db, userId, applicationId) : undefined;
}

/**
 * Applications of the environment (several per environment, at most one the default), the accounts
 * they are assigned to, and the members assigned to them per account.
 *
 * Rules where Frontegg's documents are silent: the environment's first application is its default;
 * the default application is open to every account without an assignment; any other application is
 * open only to the accounts it is assigned to. In an account, `FREE_ACCESS` opens it to every member
 * and `MANAGED_ACCESS` only to the members assigned to it there; an assignment may set its own access
 * type, else the application's holds.
 */
export function createApplicationsService(db: Db, environmentId: string) {
  async function get(id: string): Promise<ApplicationRow> {
    const application = await findApplication(db, environmentId, id);
    if (!application) throw errors.applicationNotFound(id);
    return application;
  }

  async function requireTenant(trx: Db, tenantId: string): Promise<void> {
    if (!(await findTenant(trx, tenantId))) throw errors.tenantNotFound();
  }

  /** The account a write acts in: the one named, which must be the scope's when the scope is one account. */
  async function writableTenant(trx: Db, scope: Scope, tenantId: string): Promise<void> {
    if (scope.tenantId !== undefined && scope.tenantId !== tenantId) throw errors.tenantNotFound();
    await requireTenant(trx, tenantId);
  }

  async function scopeExists(scope: Scope): Promise<void> {
    if (scope.tenantId !== undefined) await requireTenant(db, scope.tenantId);
  }

  /** The applications named, all of them of the environment and locked, or a 400 naming the others. */
  async function applicationsNamed(trx: Db, ids: string[]): Promise<ApplicationRow[]> {
    const { uuids, malformed } = splitIds(ids);
    const found = uuids.length > 0 ? await findApplicationIds(trx, environmentId, uuids) : [];
    const missing = [...malformed, ...uuids.filter((id) => !found.some((app) => app.id === id))];
    if (missing.length > 0) throw errors.applicationsNotFound(missing);
    return found;
  }

  /** The users named, all of them members of the account, or a 400 naming the others. */
  async function membersNamed(trx: Db, tenantId: string, ids: string[]): Promise<string[]> {
    const { uuids, malformed } = splitIds(ids);
    const found = uuids.length > 0 ? await findMemberIds(trx, tenantId, uuids) : [];
    const missing = [...malformed, ...uuids.filter((id) => !found.includes(id))];
    if (missing.length > 0) throw errors.usersNotMembers(missing);
    return found;
  }

  async function assignmentsOfTenant(trx: Db, tenantId: string): Promise<string[]> {
    return (await findTenantAssignments(trx, environmentId, { tenantIds: [tenantId] })).map((row) => row.application_id);
  }

  return {
    async list(filter: ApplicationFilter): Promise<ApplicationRow[]> {
      return findApplications(db, environmentId, filter);
    },

    get,

    async getDefault(): Promise<ApplicationRow> {
      const application = await findDefaultApplication(db, environmentId);
      if (!application) throw errors.noDefaultApplication();
      return application;
    },

    async create(input: NewApplicationInput): Promise<ApplicationRow> {
      return db.transaction(async (trx) => {
        // Serializes default changes: one default per environment (a unique index holds it too).
        await trx.raw('select id from environments where id = ? for update', [environmentId]);
        const first = (await countApplications(trx, environmentId)) === 0;
        const isDefault = first || input.isDefault === true;
        if (isDefault) await clearDefault(trx, environmentId);
        return insertApplication(trx, {
          id: randomUUID(),
          environment_id: environmentId,
          name: input.name,
          app_url: input.appURL,
          login_url: input.loginURL,
          logo_url: input.logoURL ?? null,
          access_type: input.accessType ?? 'FREE_ACCESS',
          is_default: isDefault,
          is_active: isDefault ? true : (input.isActive ?? true),
          type: input.type ?? 'web',
          frontend_stack: input.frontendStack ?? 'react',
          description: input.description ?? null,
          metadata: input.metadata ?? {},
          allow_dcr: input.allowDcr ?? false,
        });
      });
    },

    /** Changes the fields sent; making it the default takes the default from the previous one. */
    async update(id: string, input: ApplicationChangesInput): Promise<void> {
      await db.transaction(async (trx) => {
        await trx.raw('select id from environments where id = ? for update', [environmentId]);
        const application = await lockApplication(trx, environmentId, id, 'update');
        if (!application) throw errors.applicationNotFound(id);
        const becomesDefault = input.isDefault === true && !application.is_default;
        const willBeDefault = application.is_default || becomesDefault;
        if (application.is_default && input.isDefault === false) throw errors.defaultApplicationStays();
        if (willBeDefault && input.isActive === false) throw errors.defaultApplicationStays();
        const changes: ApplicationChanges = {};
        if (input.name !== undefined) changes.name = input.name;
        if (input.appURL !== undefined) changes.app_url = input.appURL;
        if (input.loginURL !== undefined) changes.login_url = input.loginURL;
        if (input.logoURL !== undefined) changes.logo_url = input.logoURL;
        if (input.accessType !== undefined) changes.access_type = input.accessType;
        if (input.isActive !== undefined) changes.is_active = input.isActive;
        if (input.type !== undefined) changes.type = input.type;
        if (input.frontendStack !== undefined) changes.frontend_stack = input.frontendStack;
        if (input.description !== undefined) changes.description = input.description;
        if (input.metadata !== undefined) changes.metadata = input.metadata;
        if (input.appHost !== undefined) changes.app_host = input.appHost;
        if (input.allowDcr !== undefined) changes.allow_dcr = input.allowDcr;
        if (becomesDefault) {
          await clearDefault(trx, environmentId);
          changes.is_default = true;
          changes.is_active = true;
        }
        await updateApplication(trx, environmentId, id, changes);
      });
    },

    /**
     * Deletes the application with its assignments and its sessions. The row lock makes a login or
     * refresh for it that runs at the same time either finish first (its session is then deleted
     * with the application) or find no application.
     */
    async remove(id: string): Promise<void> {
      await db.transaction(async (trx) => {
        const application = await lockApplication(trx, environmentId, id, 'update');
        if (!application) throw errors.applicationNotFound(id);
        if (application.is_default && (await countApplications(trx, environmentId)) > 1) throw errors.defaultApplicationDelete();
        await deleteApplication(trx, environmentId, id);
      });
    },

    /** Assignments by account; `within` (a user's account) keeps only that account's, whatever `tenantIds` names. */
    async tenantAssignments(filter: {
      appIds?: string[];
      tenantIds?: string[];
      accessType?: AccessType;
      within?: string;
    }): Promise<{ tenantId: string; assignments: TenantAssignmentRow[] }[]> {
      const { within } = filter;
      const tenantIds = within === undefined ? filter.tenantIds : (filter.tenantIds ?? [within]).filter((tenantId) => tenantId === within);
      if (tenantIds?.length === 0) return [];
      const rows = (await findTenantAssignments(db, environmentId, { ...filter, tenantIds })).filter(
        (row) => !filter.accessType || row.access_type === filter.accessType,
      );
      return [...byKey(rows, 'tenant_id')].map(([tenantId, assignments]) => ({ tenantId, assignments }));
    },

    async tenantsOf(id: string): Promise<string[]> {
      await get(id);
      return (await findTenantAssignments(db, environmentId, { appIds: [id] })).map((row) => row.tenant_id);
    },

    /** Assigns the application to the account; answers every application the account has. */
    async assignTenant(id: string, tenantId: string, accessType: AccessType | undefined): Promise<string[]> {
      return db.transaction(async (trx) => {
        if (!(await lockApplication(trx, environmentId, id, 'share'))) throw errors.applicationNotFound(id);
        await requireTenant(trx, tenantId);
        if (!(await insertTenantAssignment(trx, id, tenantId, accessType ?? null))) throw errors.applicationAlreadyAssigned(id, tenantId);
        return assignmentsOfTenant(trx, tenantId);
      });
    },

    async editTenant(id: string, tenantId: string, accessType: AccessType): Promise<void> {
      await get(id);
      if (!(await updateTenantAssignment(db, id, tenantId, accessType))) throw errors.applicationNotAssigned(id, tenantId);
    },

    async unassignTenant(id: string, tenantId: string): Promise<void> {
      await db.transaction(async (trx) => {
        if (!(await lockApplication(trx, environmentId, id, 'share'))) throw errors.applicationNotFound(id);
        if (!(await deleteTenantAssignment(trx, id, tenantId))) throw errors.applicationNotAssigned(id, tenantId);
      });
    },

    /** Ids of the users assigned to the application, within the scope. */
    async usersOf(scope: Scope, id: string): Promise<string[]> {
      await scopeExists(scope);
      await get(id);
      const rows = await findApplicationUsers(db, environmentId, { appIds: [id], tenantId: scope.tenantId });
      return [...new Set(rows.map((row) => row.user_id))];
    },

    /** Ids of the applications the user is assigned to, within the scope; not found unless the user is in it. */
    async applicationsOf(scope: Scope, userId: string): Promise<string[]> {
      await scopeExists(scope);
      const inScope = scope.tenantId !== undefined ? await isMember(db, userId, scope.tenantId) : await userExists(db, userId);
      if (!inScope) throw errors.userNotFound();
      const rows = await findApplicationUsers(db, environmentId, { userIds: [userId], tenantId: scope.tenantId });
      return [...new Set(rows.map((row) => row.application_id))];
    },

    /** Assigns members of the account to the application; answers their assignments. */
    async assignUsers(scope: Scope, input: { appId: string; tenantId: string; userIds: string[] }): Promise<ApplicationUserRow[]> {
      return db.transaction(async (trx) => {
        await writableTenant(trx, scope, input.tenantId);
        const application = await lockApplication(trx, environmentId, input.appId, 'share');
        if (!application) throw errors.applicationNotFound(input.appId);
        if (!(await accountAccess(trx, application, input.tenantId))) throw errors.applicationNotAssigned(input.appId, input.tenantId);
        const userIds = await membersNamed(trx, input.tenantId, input.userIds);
        await insertApplicationUsers(
          trx,
          userIds.map((userId) => ({ id: randomUUID(), application_id: application.id, tenant_id: input.tenantId, user_id: userId })),
        );
        return findApplicationUsers(trx, environmentId, { appIds: [application.id], userIds, tenantId: input.tenantId });
      });
    },

    async unassignUsers(scope: Scope, input: { appId: string; tenantId: string; userIds: string[] }): Promise<void> {
      await db.transaction(async (trx) => {
        await writableTenant(trx, scope, input.tenantId);
        if (!(await lockApplication(trx, environmentId, input.appId, 'share'))) throw errors.applicationNotFound(input.appId);
        const userIds = await membersNamed(trx, input.tenantId, input.userIds);
        await deleteApplicationUsers(
          trx,
          input.tenantId,
          userIds.map((userId) => ({ applicationId: input.appId, userId })),
        );
      });
    },

    /** Assigns one member of the account to applications the account can use. */
    async assignUserToApplications(scope: Scope, input: { userId: string; tenantId: string; appIds: string[] }): Promise<void> {
      await db.transaction(async (trx) => {
        await writableTenant(trx, scope, input.tenantId);
        if (!(await isMember(trx, input.userId, input.tenantId))) throw errors.userNotFound();
        const applications = await applicationsNamed(trx, input.appIds);
        const closed: string[] = [];
        for (const application of applications) if (!(await accountAccess(trx, application, input.tenantId))) closed.push(application.id);
        if (closed.length > 0) throw errors.applicationsNotAssigned(closed, input.tenantId);
        await insertApplicationUsers(
          trx,
          applications.map((application) => ({ id: randomUUID(), application_id: application.id, tenant_id: input.tenantId, user_id: input.userId })),
        );
      });
    },

    async unassignUserFromApplications(scope: Scope, input: { userId: string; tenantId: string; appIds: string[] }): Promise<void> {
      await db.transaction(async (trx) => {
        await writableTenant(trx, scope, input.tenantId);
        if (!(await isMember(trx, input.userId, input.tenantId))) throw errors.userNotFound();
        const applications = await applicationsNamed(trx, input.appIds);
        await deleteApplicationUsers(
          trx,
          input.tenantId,
          applications.map((application) => ({ applicationId: application.id, userId: input.userId })),
        );
      });
    },

    /** Per user named that is in the scope, the applications assigned to them there. */
    async usersApplications(scope: Scope, userIds: string[]): Promise<{ userId: string; appIds: string[] }[]> {
      await scopeExists(scope);
      const found = userIds.length > 0 ? await findUserIdsInScope(db, userIds, scope.tenantId) : [];
      const rows = found.length > 0 ? await findApplicationUsers(db, environmentId, { userIds: found, tenantId: scope.tenantId }) : [];
      const ofUser = byKey(rows, 'user_id');
      return userIds
        .filter((id) => found.includes(id))
        .map((userId) => ({ userId, appIds: [...new Set((ofUser.get(userId) ?? []).map((row) => row.application_id))] }));
    },

    /** Per application named, the users assigned to it within the scope. */
    async applicationsUsers(scope: Scope, appIds: string[]): Promise<{ appId: string; userIds: string[] }[]> {
      await scopeExists(scope);
      const found = appIds.length > 0 ? (await findApplications(db, environmentId, { ids: appIds })).map((app) => app.id) : [];
      const rows = found.length > 0 ? await findApplicationUsers(db, environmentId, { appIds: found, tenantId: scope.tenantId }) : [];
      const ofApp = byKey(rows, 'application_id');
      return appIds.filter((id) => found.includes(id)).map((appId) => ({ appId, userIds: [...new Set((ofApp.get(appId) ?? []).map((row) => row.user_id))] }));
    },

    async activeTenants(userId: string): Promise<{ applicationId: string; tenantId: string }[]> {
      if (!isUuid(userId) || !(await userExists(db, userId))) throw errors.userNotFound();
      const rows = await findActiveTenants(db, environmentId, userId);
      return rows.map((row) => ({ applicationId: row.application_id, tenantId: row.tenant_id }));
    },

    /** Saves, per application, the account the user logs in to there; all of them or none. */
    async switchActiveTenants(userId: string, choices: { applicationId: string; tenantId: string }[]): Promise<void> {
      await db.transaction(async (trx) => {
        if (!isUuid(userId) || !(await userExists(trx, userId))) throw errors.userNotFound();
        for (const choice of choices) {
          const application = await lockApplication(trx, environmentId, choice.applicationId, 'share');
          if (!application) throw errors.applicationNotFound(choice.applicationId);
          const open =
            (await isMember(trx, userId, choice.tenantId, { enabled: true })) &&
            (await applicationTenant(trx, environmentId, application.id, userId, [choice.tenantId]).catch(() => undefined));
          if (!open) throw errors.activeTenantNotAllowed(application.id, choice.tenantId);
          await upsertActiveTenant(trx, userId, application.id, choice.tenantId);
        }
      });
    },
  };
}
