import { uuidList } from '../../services/applications';
import type { Handler } from '../operations';
import { toApplication, toTenantAssignment, toTenantAssignmentV2 } from '../presenters/application';

/** A comma-separated list, trimmed, without empty entries. */
function commaList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** GET /applications/resources/applications/v1 */
export const getApplications: Handler<'getApplications'> = async ({ caller, query, services }) => {
  const applications = await services.applications.list({
    openToTenantId: caller.kind === 'user' ? caller.tenantId : undefined,
    ids: uuidList(query.ids),
    accessType: query._accessType,
    isDefault: query._isDefault,
    isActive: query._isActive,
    types: query.type,
    frontendStacks: query.frontendStack,
    name: query.name,
    excludeAgents: query._excludeAgents === 'true',
  });
  return { status: 200, body: applications.map(toApplication) };
};

/** POST /applications/resources/applications/v1 */
export const createApplication: Handler<'createApplication'> = async ({ body, services }) => {
  return { status: 201, body: toApplication(await services.applications.create(body)) };
};

/** GET /applications/resources/applications/v1/default */
export const getDefaultApplication: Handler<'getDefaultApplication'> = async ({ services }) => {
  return { status: 200, body: toApplication(await services.applications.getDefault()) };
};

/** GET /applications/resources/applications/v1/{id} */
export const getApplicationById: Handler<'getApplicationById'> = async ({ params, services }) => {
  return { status: 200, body: toApplication(await services.applications.get(params.id)) };
};

/** PATCH /applications/resources/applications/v1/{id} */
export const updateApplication: Handler<'updateApplication'> = async ({ body, params, services }) => {
  await services.applications.update(params.id, body);
  return { status: 201, body: undefined };
};

/** DELETE /applications/resources/applications/v1/{id} */
export const deleteApplication: Handler<'deleteApplication'> = async ({ params, services }) => {
  await services.applications.remove(params.id);
  return { status: 200, body: undefined };
};

/** GET /applications/resources/applications/tenant-assignments/v1 */
export const getApplicationsTenantsAssignments: Handler<'getApplicationsTenantsAssignments'> = async ({ caller, query, services }) => {
  const within = caller.kind === 'user' ? caller.tenantId : undefined;
  const tenants = await services.applications.tenantAssignments({
    appIds: uuidList(query.appIds),
    tenantIds: commaList(query.tenantIds),
    accessType: query.accessType,
    within,
  });
  return { status: 200, body: tenants.map(({ tenantId, assignments }) => toTenantAssignment(tenantId, assignments)) };
};

/** GET /applications/resources/applications/tenant-assignments/v2 */
export const getApplicationsTenantsAssignmentsV2: Handler<'getApplicationsTenantsAssignmentsV2'> = async ({ caller, query, services }) => {
  const within = caller.kind === 'user' ? caller.tenantId : undefined;
  const tenants = await services.applications.tenantAssignments({
    appIds: uuidList(query.appIds),
    tenantIds: commaList(query.tenantIds),
    accessType: query.accessType,
    within,
  });
  return { status: 200, body: tenants.map(({ tenantId, assignments }) => toTenantAssignmentV2(tenantId, assignments)) };
};

/** GET /applications/resources/applications/tenant-assignments/v1/{appId} */
export const getApplicationTenantsAssignmentsByAppId: Handler<'getApplicationTenantsAssignmentsByAppId'> = async ({ params, services }) => {
  return { status: 200, body: { tenantIds: await services.applications.tenantsOf(params.appId) } };
};

/** POST /applications/resources/applications/tenant-assignments/v1/{appId} */
export const createApplicationTenantAssignment: Handler<'createApplicationTenantAssignment'> = async ({ body, params, services }) => {
  const appIds = await services.applications.assignTenant(params.appId, body.tenantId, body.accessType);
  return { status: 201, body: { tenantId: body.tenantId, appIds } };
};

/** PUT /applications/resources/applications/tenant-assignments/v1/{appId}/{tenantId} */
export const editApplicationTenantAssignment: Handler<'editApplicationTenantAssignment'> = async ({ body, params, services }) => {
  await services.applications.editTenant(params.appId, params.tenantId, body.accessType);
  return { status: 200, body: undefined };
};

/** DELETE /applications/resources/applications/tenant-assignments/v1/{appId}/{tenantId} */
export const deleteApplicationTenantAssignment: Handler<'deleteApplicationTenantAssignment'> = async ({ params, services }) => {
  await services.applications.unassignTenant(params.appId, params.tenantId);
  return { status: 200, body: undefined };
};
