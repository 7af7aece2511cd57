import { randomUUID } from 'node:crypto';
import type { NesteggClient } from '../../client';
import { asVendor, createTenant, createUser } from './fixtures';
import { accountWithMembers, member, memberWith, vendorIn } from './roles';
import type { TestServer } from './server';

export const SUB_TENANTS = '/tenants/resources/sub-tenants/v1';
export const SUB_TENANT = '/tenants/resources/sub-tenants/v1/{tenantId}';
export const MANAGEMENT = '/tenants/resources/sub-tenants/v1/{tenantId}/management';
export const HIERARCHY_SETTINGS = '/tenants/resources/sub-tenants/v1/{tenantId}/hierarchy-settings';
export const HIERARCHY = '/tenants/resources/hierarchy/v1';
export const PARENTS = '/tenants/resources/hierarchy/v1/parents';
export const TREE = '/tenants/resources/hierarchy/v1/tree';

export function uniqueTenantId(prefix = 't'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Creates an account beneath `parentTenantId` with the environment token. */
export async function createSubAccount(vendor: NesteggClient, parentTenantId: string, name = 'Sub') {
  const { data, response, error } = await vendor.POST(SUB_TENANTS, { body: { tenantId: uniqueTenantId('sub'), name, parentTenantId } });
  if (response.status !== 201 || !data) throw new Error(`create sub-account failed: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

/** The first member of an account (role Admin, every hierarchy permission), logged in. */
export async function adminOf(server: TestServer, vendor: NesteggClient, tenantId: string) {
  const user = await createUser(vendor, tenantId);
  return member(server, user.email);
}

/**
 * A hierarchy: `top` (an account at the top, with its logged-in `admin` and `reader`), beneath it
 * `child` (with `grandchild` beneath it) and `sibling`; `unrelated` is an account at the top of a
 * hierarchy of its own. `noRoles` is a member of `top` who holds no permission.
 */
export async function hierarchyFixture(server: TestServer) {
  const { token: vendorToken } = await asVendor(server);
  const accounts = await accountWithMembers(server);
  const { vendor } = accounts;
  const top = accounts.tenant;
  const child = await createSubAccount(vendor, top.tenantId, 'Child');
  const grandchild = await createSubAccount(vendor, child.tenantId, 'Grandchild');
  const sibling = await createSubAccount(vendor, top.tenantId, 'Sibling');
  const unrelated = await createTenant(vendor, 'Unrelated');
  return {
    vendor,
    admin: accounts.admin,
    reader: accounts.reader,
    top,
    child,
    grandchild,
    sibling,
    unrelated,
    noRoles: await memberWith(server, vendor, top.tenantId),
    /** The environment token acting in an account (frontegg-tenant-id). */
    vendorIn: (tenantId: string) => vendorIn(server, vendorToken, tenantId),
  };
}
