import { randomUUID } from 'node:crypto';
import { createNesteggClient, type NesteggClient } from '../../client';
import { ADMIN_ROLE_ID, BUILT_IN_CATEGORIES, READ_ONLY_ROLE_ID } from '../../server/db/migrations/20261126000000_authorization';
import { asVendor, createTenant, createUser, login } from './fixtures';
import type { TestServer } from './server';

export { ADMIN_ROLE_ID, READ_ONLY_ROLE_ID };

export const ROLES_V1 = '/identity/resources/roles/v1';
export const ROLE_V1 = '/identity/resources/roles/v1/{roleId}';
export const ROLE_PERMISSIONS = '/identity/resources/roles/v1/{roleId}/permissions';
export const ROLE_TENANT = '/identity/resources/roles/v1/{roleId}/tenant';
export const ROLES_V2 = '/identity/resources/roles/v2';
export const PERMISSIONS = '/identity/resources/permissions/v1';
export const PERMISSION = '/identity/resources/permissions/v1/{permissionId}';
export const PERMISSION_ROLES = '/identity/resources/permissions/v1/{permissionId}/roles';
export const CLASSIFICATION = '/identity/resources/permissions/v1/classification';
export const CATEGORIES = '/identity/resources/permissions/v1/categories';
export const CATEGORY = '/identity/resources/permissions/v1/categories/{categoryId}';
export const USER_ROLES = '/identity/resources/users/v1/{userId}/roles';
export const USERS_ROLES = '/identity/resources/users/v3/roles';
export const MY_AUTHORIZATION = '/identity/resources/users/v1/me/authorization';
export const REFRESH = '/identity/resources/auth/v1/user/token/refresh';

/** A key no other test (or earlier run on the same database) uses. */
export function uniqueKey(prefix = 'key'): string {
  return `${prefix}-${randomUUID()}`;
}

/** The claims of an access token, without checking its signature. */
export function claimsOf(token: string): { sub: string; tenantId: string; roles: string[]; permissions: string[] } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** A client acting with a user's access token. */
export function asUser(server: TestServer, accessToken: string): NesteggClient {
  return createNesteggClient({ baseUrl: server.url, accessToken });
}

/** A logged-in member: a client with their access token, and their refresh token for later refreshes. */
export async function member(server: TestServer, email: string) {
  const session = await login(server, email);
  return { client: asUser(server, session.accessToken), accessToken: session.accessToken, refreshToken: session.refreshToken };
}

/**
 * An account with two logged-in members: `admin`, its first member (role Admin), and `reader`, its
 * second (role ReadOnly). `vendor` holds the environment token.
 */
export async function accountWithMembers(server: TestServer) {
  const { client: vendor } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const adminUser = await createUser(vendor, tenant.tenantId);
  const readerUser = await createUser(vendor, tenant.tenantId);
  return {
    vendor,
    tenant,
    adminUser,
    readerUser,
    admin: await member(server, adminUser.email),
    reader: await member(server, readerUser.email),
  };
}

/** An environment client that names the account in `frontegg-tenant-id` on every request. */
export function vendorIn(server: TestServer, vendorToken: string, tenantId: string): NesteggClient {
  return createNesteggClient({ baseUrl: server.url, accessToken: vendorToken, headers: { 'frontegg-tenant-id': tenantId } });
}

/** Refreshes a session and returns the claims of its new access token, and the next refresh token. */
export async function refreshClaims(server: TestServer, refreshToken: string) {
  const { data, response } = await server.client.POST(REFRESH, { body: { refreshToken } });
  if (response.status !== 201 || !data) throw new Error(`refresh failed: ${response.status}`);
  return { claims: claimsOf(data.accessToken), refreshToken: data.refreshToken };
}

/** Creates one permission (environment token) and returns it. */
export async function createPermission(
  vendor: NesteggClient,
  overrides: { key?: string; categoryId?: string; assignmentType?: 'NEVER' | 'ALWAYS' | 'ASSIGNABLE' } = {},
) {
  const key = overrides.key ?? uniqueKey('perm');
  const { data, response, error } = await vendor.POST(PERMISSIONS, { body: [{ key, name: `Permission ${key}`, ...overrides }] });
  if (response.status !== 201 || !data) throw new Error(`create permission failed: ${response.status} ${JSON.stringify(error)}`);
  return data[0];
}

/** Creates one role (environment token), environment-wide or of `tenantId`, with the permissions named. */
export async function createRole(
  vendor: NesteggClient,
  options: { tenantId?: string; level?: number; permissionIds?: string[]; key?: string; isDefault?: boolean; migrateRole?: boolean } = {},
) {
  const key = options.key ?? uniqueKey('role');
  const { data, response, error } = await vendor.POST(ROLES_V1, {
    body: [{ key, name: `Role ${key}`, level: options.level ?? 5, isDefault: options.isDefault, migrateRole: options.migrateRole }],
    params: { header: options.tenantId ? { 'frontegg-tenant-id': options.tenantId } : {} },
  });
  if (response.status !== 201 || !data) throw new Error(`create role failed: ${response.status} ${JSON.stringify(error)}`);
  const [role] = Array.isArray(data) ? data : [data];
  if (!options.permissionIds) return role;
  const set = await vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: { permissionIds: options.permissionIds } });
  if (set.response.status !== 200 || !set.data) throw new Error(`set role permissions failed: ${set.response.status}`);
  return set.data;
}

/** Takes roles away from a member, with the environment token in their account. */
export async function unassignRoles(vendor: NesteggClient, tenantId: string, userId: string, roleIds: string[]) {
  const { response, error } = await vendor.DELETE(USER_ROLES, {
    params: { path: { userId }, header: { 'frontegg-tenant-id': tenantId } },
    body: { roleIds },
  });
  if (response.status !== 200) throw new Error(`unassign roles failed: ${response.status} ${JSON.stringify(error)}`);
}

/** The id of a built-in permission, by key. */
export function builtInPermissionId(key: string): string {
  const permission = BUILT_IN_CATEGORIES.flatMap((category) => category.permissions).find((candidate) => candidate.key === key);
  if (!permission) throw new Error(`no built-in permission ${key}`);
  return permission.id;
}

/**
 * A logged-in member of the account whose only role is `roleId` (their default ReadOnly role is taken
 * away); without `roleId`, a member with no role at all.
 */
export async function memberWith(server: TestServer, vendor: NesteggClient, tenantId: string, roleId?: string) {
  const user = await createUser(vendor, tenantId);
  if (roleId) {
    const { response } = await vendor.POST(USER_ROLES, {
      params: { path: { userId: user.id }, header: { 'frontegg-tenant-id': tenantId } },
      body: { roleIds: [roleId] },
    });
    if (response.status !== 201) throw new Error(`assign role failed: ${response.status}`);
  }
  await unassignRoles(vendor, tenantId, user.id, [READ_ONLY_ROLE_ID]);
  return { user, ...(await member(server, user.email)) };
}
