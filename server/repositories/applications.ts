import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

export type AccessType = 'FREE_ACCESS' | 'MANAGED_ACCESS';

export interface ApplicationRow {
  id: string;
  environment_id: string;
  name: string;
  app_url: string;
  login_url: string;
  logo_url: string | null;
  access_type: AccessType;
  is_default: boolean;
  is_active: boolean;
  type: string;
  frontend_stack: string;
  description: string | null;
  metadata: Record<string, unknown>;
  app_host: string | null;
  allow_dcr: boolean;
  integration_finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type NewApplication = Omit<ApplicationRow, 'app_host' | 'integration_finished_at' | 'created_at' | 'updated_at'>;
export type ApplicationChanges = Partial<Omit<ApplicationRow, 'id' | 'environment_id' | 'created_at' | 'updated_at' | 'integration_finished_at'>>;

export interface ApplicationFilter {
  ids?: string[];
  accessType?: AccessType;
  isDefault?: boolean;
  isActive?: boolean;
  types?: string[];
  frontendStacks?: string[];
  name?: string;
  excludeAgents?: boolean;
  /** Only the applications open to this account: assigned to it, or the default one. */
  openToTenantId?: string;
}

export interface TenantAssignmentRow {
  application_id: string;
  tenant_id: string;
  /** The assignment's own access type, or else the application's. */
  access_type: AccessType;
}

export interface ApplicationUserRow {
  id: string;
  application_id: string;
  tenant_id: string;
  user_id: string;
  created_at: Date;
}

const COLUMNS = [
  'id',
  'environment_id',
  'name',
  'app_url',
  'login_url',
  'logo_url',
  'access_type',
  'is_default',
  'is_active',
  'type',
  'frontend_stack',
  'description',
  'metadata',
  'app_host',
  'allow_dcr',
  'integration_finished_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ApplicationRow)[];

function applicationsOf(db: Knex, environmentId: string) {
  return db<ApplicationRow>('applications').where({ environment_id: environmentId });
}

/** The environment's applications, oldest first, narrowed by the filter. Ids must be UUIDs. */
export async function findApplications(db: Knex, environmentId: string, filter: ApplicationFilter = {}): Promise<ApplicationRow[]> {
  const query = applicationsOf(db, environmentId)
    .select(...COLUMNS)
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  if (filter.ids) query.whereIn('id', filter.ids);
  if (filter.accessType) query.where({ access_type: filter.accessType });
  if (filter.isDefault !== undefined) query.where({ is_default: filter.isDefault });
  if (filter.isActive !== undefined) query.where({ is_active: filter.isActive });
  if (filter.types) query.whereIn('type', filter.types);
  if (filter.frontendStacks) query.whereIn('frontend_stack', filter.frontendStacks);
  if (filter.name) query.whereRaw('position(lower(?) in lower(name)) > 0', [filter.name]);
  if (filter.excludeAgents) query.whereNot({ type: 'agent' });
  const tenantId = filter.openToTenantId;
  if (tenantId !== undefined) {
    query.where((open) => open.where({ is_default: true }).orWhereIn('id', db('application_tenants').where({ tenant_id: tenantId }).select('application_id')));
  }
  return query;
}

export async function findApplication(db: Knex, environmentId: string, id: string): Promise<ApplicationRow | undefined> {
  return applicationsOf(db, environmentId).where({ id }).first(COLUMNS);
}

/** The application, locked until the transaction ends (shared: it cannot be deleted or changed meanwhile). */
export async function lockApplication(db: Knex, environmentId: string, id: string, mode: 'share' | 'update'): Promise<ApplicationRow | undefined> {
  const query = applicationsOf(db, environmentId).where({ id }).first(COLUMNS);
  return (await (mode === 'share' ? query.forShare() : query.forUpdate())) as ApplicationRow | undefined;
}

export async function findDefaultApplication(db: Knex, environmentId: string): Promise<ApplicationRow | undefined> {
  return applicationsOf(db, environmentId).where({ is_default: true }).first(COLUMNS);
}

export async function countApplications(db: Knex, environmentId: string): Promise<number> {
  const { count } = firstOf(await applicationsOf(db, environmentId).count<{ count: string | number }[]>({ count: '*' }), 'the row of count(*)');
  return Number(count);
}

/** Makes no application of the environment the default (before another becomes it). */
export async function clearDefault(db: Knex, environmentId: string): Promise<void> {
  await applicationsOf(db, environmentId).where({ is_default: true }).update({ is_default: false, updated_at: db.fn.now() });
}

export async function insertApplication(db: Knex, row: NewApplication): Promise<ApplicationRow> {
  const [inserted] = await db('applications').insert(row).returning(COLUMNS);
  return inserted as ApplicationRow;
}

export async function updateApplication(db: Knex, environmentId: string, id: string, changes: ApplicationChanges): Promise<void> {
  await applicationsOf(db, environmentId)
    .where({ id })
    .update({ ...changes, updated_at: db.fn.now() });
}

export async function deleteApplication(db: Knex, environmentId: string, id: string): Promise<void> {
  await applicationsOf(db, environmentId).where({ id }).delete().returning('id');
}

/** The environment's tenant assignments, narrowed by application ids and account ids when given. */
export async function findTenantAssignments(
  db: Knex,
  environmentId: string,
  filter: { appIds?: string[]; tenantIds?: string[] },
): Promise<TenantAssignmentRow[]> {
  const query = db('application_tenants as at')
    .join('applications as a', 'a.id', 'at.application_id')
    .where('a.environment_id', environmentId)
    .select('at.application_id', 'at.tenant_id', db.raw('coalesce(at.access_type, a.access_type) as access_type'))
    .orderBy([{ column: 'at.tenant_id' }, { column: 'at.created_at' }, { column: 'at.application_id' }]);
  if (filter.appIds) query.whereIn('at.application_id', filter.appIds);
  if (filter.tenantIds) query.whereIn('at.tenant_id', filter.tenantIds);
  return query;
}

/** Assigns the application to the account; false when it already is. */
export async function insertTenantAssignment(db: Knex, applicationId: string, tenantId: string, accessType: AccessType | null): Promise<boolean> {
  const inserted = await db('application_tenants')
    .insert({ application_id: applicationId, tenant_id: tenantId, access_type: accessType })
    .onConflict(['application_id', 'tenant_id'])
    .ignore()
    .returning('tenant_id');
  return inserted.length === 1;
}

/** Sets the access type of an assignment; false when there is no such assignment. */
export async function updateTenantAssignment(db: Knex, applicationId: string, tenantId: string, accessType: AccessType): Promise<boolean> {
  const updated = await db('application_tenants')
    .where({ application_id: applicationId, tenant_id: tenantId })
    .update({ access_type: accessType })
    .returning('tenant_id');
  return updated.length === 1;
}

/** Takes the application from the account with the account's user assignments and choices for it; false when it was not assigned. */
export async function deleteTenantAssignment(db: Knex, applicationId: string, tenantId: string): Promise<boolean> {
  const deleted = await db('application_tenants').where({ application_id: applicationId, tenant_id: tenantId }).delete().returning('tenant_id');
  if (deleted.length === 0) return false;
  await db('application_users').where({ application_id: applicationId, tenant_id: tenantId }).delete();
  await db('application_active_tenants').where({ application_id: applicationId, tenant_id: tenantId }).delete();
  return true;
}

/**
 * Whether the account may use the application (it is the default or assigned to the account), and
 * with which access type.
 */
export async function accountAccess(db: Knex, application: ApplicationRow, tenantId: string): Promise<AccessType | undefined> {
  const assignment = await db('application_tenants').where({ application_id: application.id, tenant_id: tenantId }).first('access_type');
  if (assignment) return (assignment.access_type as AccessType | null) ?? application.access_type;
  return application.is_default ? application.access_type : undefined;
}

/** Those of `ids` that are applications of the environment, held until the transaction ends. Ids must be UUIDs. */
export async function findApplicationIds(db: Knex, environmentId: string, ids: string[]): Promise<ApplicationRow[]> {
  return applicationsOf(db, environmentId)
    .whereIn('id', ids)
    .forShare()
    .select(...COLUMNS);
}

/** Those of `ids` that are live or disabled members of the account, held until the transaction ends. Ids must be UUIDs. */
export async function findMemberIds(db: Knex, tenantId: string, ids: string[]): Promise<string[]> {
  const rows: { user_id: string }[] = await db('user_tenants').where({ tenant_id: tenantId }).whereIn('user_id', ids).forShare().select('user_id');
  return rows.map((row) => row.user_id);
}

export async function userExists(db: Knex, userId: string): Promise<boolean> {
  return (await db('users').where({ id: userId }).first('id')) !== undefined;
}

/** Assigns users of the account to the application; those already assigned stay. */
export async function insertApplicationUsers(db: Knex, rows: Omit<ApplicationUserRow, 'created_at'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db('application_users').insert(rows).onConflict(['application_id', 'tenant_id', 'user_id']).ignore();
}

export async function deleteApplicationUsers(db: Knex, tenantId: string, pairs: { applicationId: string; userId: string }[]): Promise<void> {
  for (const pair of pairs) {
    await db('application_users').where({ application_id: pair.applicationId, tenant_id: tenantId, user_id: pair.userId }).delete();
  }
}

/** User assignments, narrowed by applications, users and one account when given. */
export async function findApplicationUsers(
  db: Knex,
  environmentId: string,
  filter: { appIds?: string[]; userIds?: string[]; tenantId?: string },
): Promise<ApplicationUserRow[]> {
  const query = db('application_users as au')
    .join('applications as a', 'a.id', 'au.application_id')
    .where('a.environment_id', environmentId)
    .select('au.id', 'au.application_id', 'au.tenant_id', 'au.user_id', 'au.created_at')
    .orderBy([{ column: 'au.created_at' }, { column: 'au.id' }]);
  if (filter.appIds) query.whereIn('au.application_id', filter.appIds);
  if (filter.userIds) query.whereIn('au.user_id', filter.userIds);
  if (filter.tenantId) query.where('au.tenant_id', filter.tenantId);
  return query;
}

export async function isApplicationUser(db: Knex, applicationId: string, tenantId: string, userId: string): Promise<boolean> {
  return (await db('application_users').where({ application_id: applicationId, tenant_id: tenantId, user_id: userId }).first('id')) !== undefined;
}

/** Users among `ids` that exist, and when `tenantId` is given are members of that account. Ids must be UUIDs. */
export async function findUserIdsInScope(db: Knex, ids: string[], tenantId?: string): Promise<string[]> {
  const rows: { id: string }[] = tenantId
    ? await db('user_tenants').where({ tenant_id: tenantId }).whereIn('user_id', ids).select('user_id as id')
    : await db('users').whereIn('id', ids).select('id');
  return rows.map((row) => row.id);
}

export async function findActiveTenants(db: Knex, environmentId: string, userId: string): Promise<{ application_id: string; tenant_id: string }[]> {
  return db('application_active_tenants as aat')
    .join('applications as a', 'a.id', 'aat.application_id')
    .where({ 'a.environment_id': environmentId, 'aat.user_id': userId })
    .select('aat.application_id', 'aat.tenant_id')
    .orderBy('aat.updated_at');
}

export async function findActiveTenant(db: Knex, userId: string, applicationId: string): Promise<string | undefined> {
  const row = await db('application_active_tenants').where({ user_id: userId, application_id: applicationId }).first('tenant_id');
  return row?.tenant_id as string | undefined;
}

export async function upsertActiveTenant(db: Knex, userId: string, applicationId: string, tenantId: string): Promise<void> {
  await db('application_active_tenants')
    .insert({ user_id: userId, application_id: applicationId, tenant_id: tenantId })
    .onConflict(['user_id', 'application_id'])
    .merge({ tenant_id: tenantId, updated_at: db.fn.now() });
}

/** Whether `aud` names an active application of the environment (the audience of its tokens). */
export async function isActiveApplication(db: Knex, environmentId: string, id: string): Promise<boolean> {
  return (await applicationsOf(db, environmentId).where({ id, is_active: true }).first('id')) !== undefined;
}
