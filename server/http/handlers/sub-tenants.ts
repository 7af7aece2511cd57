import type { HierarchyActor } from '../../services/hierarchy';
import { type Caller, actingTenant } from '../caller';
import type { Handler } from '../operations';
import { toHierarchyAccount, toHierarchyMetadata, toHierarchySettings, toHierarchyTree, toSubTenantSearchEntry } from '../presenters/hierarchy';
import { toPage } from '../presenters/pagination';
import { toTenant } from '../presenters/tenant';

/** A comma-separated list, trimmed, without empty entries. */
function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A user acts inside their account's part of the hierarchy; the environment token acts anywhere. */
function actor(caller: Caller): HierarchyActor {
  return caller.kind === 'user' ? { kind: 'user', tenantId: caller.tenantId } : { kind: 'environment' };
}

/** POST /tenants/resources/sub-tenants/v1 */
export const createSubTenant: Handler<'createSubTenant'> = async ({ body, caller, services }) => {
  const tenant = await services.hierarchy.createSubAccount(actor(caller), body);
  return { status: 201, body: toTenant(tenant, services.environment.id) };
};

/** DELETE /tenants/resources/sub-tenants/v1/{tenantId} */
export const deleteSubTenant: Handler<'deleteSubTenant'> = async ({ caller, params, services }) => {
  await services.hierarchy.removeSubAccount(actor(caller), params.tenantId);
  return { status: 200, body: undefined };
};

/** PATCH /tenants/resources/sub-tenants/v1/{tenantId} */
export const updateSubTenant: Handler<'updateSubTenant'> = async ({ body, caller, params, services }) => {
  const settings = await services.hierarchy.rename(actor(caller), params.tenantId, body.name);
  return { status: 200, body: toHierarchySettings(settings) };
};

/** PUT /tenants/resources/sub-tenants/v1/{tenantId}/management */
export const updateSubTenantManagement: Handler<'updateSubTenantManagement'> = async ({ body, caller, params, services }) => {
  const settings = await services.hierarchy.setManagement(actor(caller), params.tenantId, body.isReseller);
  return { status: 200, body: toHierarchySettings(settings) };
};

/** PUT /tenants/resources/sub-tenants/v1/{tenantId}/hierarchy-settings */
export const updateSubTenantHierarchySettings: Handler<'updateSubTenantHierarchySettings'> = async ({ body, caller, params, services }) => {
  const settings = await services.hierarchy.setAccessType(actor(caller), params.tenantId, body.subAccountAccessType);
  return { status: 200, body: toHierarchySettings(settings) };
};

/** GET /tenants/resources/hierarchy/v1 */
export const getSubTenants: Handler<'getSubTenants'> = async ({ caller, services }) => {
  const accounts = await services.hierarchy.subAccounts(actingTenant(caller));
  return { status: 200, body: accounts.map(toHierarchyAccount) };
};

/** POST /tenants/resources/hierarchy/v1 */
export const addSubTenantToHierarchy: Handler<'addSubTenantToHierarchy'> = async ({ body, services }) => {
  await services.hierarchy.attach(body.parentTenantId, body.childTenantId);
  return { status: 201, body: undefined };
};

/** DELETE /tenants/resources/hierarchy/v1 */
export const removeSubTenantFromHierarchy: Handler<'removeSubTenantFromHierarchy'> = async ({ body, services }) => {
  await services.hierarchy.detach(body.parentTenantId, body.childTenantId);
  return { status: 200, body: undefined };
};

/** GET /tenants/resources/hierarchy/v1/parents */
export const getParentTenants: Handler<'getParentTenants'> = async ({ caller, services }) => {
  const accounts = await services.hierarchy.parents(actingTenant(caller));
  return { status: 200, body: accounts.map(toHierarchyAccount) };
};

/** GET /tenants/resources/hierarchy/v1/tree */
export const getSubTenantsTree: Handler<'getSubTenantsTree'> = async ({ caller, services }) => {
  const tree = await services.hierarchy.tree(actingTenant(caller));
  return { status: 200, body: toHierarchyTree(tree) };
};

/** GET /tenants/resources/hierarchy/v1/parents/{tenantId} */
export const getParentTenantsById: Handler<'getParentTenantsById'> = async ({ caller, params, services }) => {
  const accounts = await services.hierarchy.parentsOf(actor(caller), params.tenantId);
  return { status: 200, body: accounts.map(toHierarchyAccount) };
};

/** GET /tenants/resources/hierarchy/v2 */
export const searchSubTenants: Handler<'searchSubTenants'> = async ({ caller, query, services }) => {
  const search = {
    filter: query._filter ?? '',
    sortBy: query._sortBy ?? 'name',
    order: query._order ?? 'ASC',
    limit: query._limit ?? 50,
    page: query._offset ?? 0,
  };
  const { rows, total } = await services.hierarchy.search(actor(caller), query._subTenantId || actingTenant(caller), search);
  const position = { page: search.page, limit: search.limit, total };
  return { status: 200, body: toPage(rows.map(toSubTenantSearchEntry), position, '/tenants/resources/hierarchy/v2', query) };
};

/** GET /tenants/resources/hierarchy/v2/metadata */
export const getHierarchyMetadata: Handler<'getHierarchyMetadata'> = async ({ caller, query, services }) => {
  const counts = await services.hierarchy.metadata(actor(caller), commaList(query._tenantIds));
  return { status: 200, body: counts.map(toHierarchyMetadata) };
};
