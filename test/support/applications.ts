import { randomUUID } from 'node:crypto';
import { createNesteggClient, type NesteggClient } from '../../client';
import { asVendor, createTenant, createUser, login } from './fixtures';
import type { TestServer } from './server';

export const APPS = '/applications/resources/applications/v1';
export const APP = '/applications/resources/applications/v1/{id}';
export const DEFAULT_APP = '/applications/resources/applications/v1/default';
export const ASSIGNMENTS_V1 = '/applications/resources/applications/tenant-assignments/v1';
export const ASSIGNMENTS_V2 = '/applications/resources/applications/tenant-assignments/v2';
export const APP_TENANTS = '/applications/resources/applications/tenant-assignments/v1/{appId}';
export const APP_TENANT = '/applications/resources/applications/tenant-assignments/v1/{appId}/{tenantId}';
export const APP_USERS_ASSIGN = '/identity/resources/applications/v1';
export const APP_USERS = '/identity/resources/applications/v1/{appId}/users';
export const USER_APPS = '/identity/resources/applications/v1/{userId}/apps';
export const ACTIVE_TENANTS = '/identity/resources/applications/user-tenants/active/v1';
export const USERS_APPS = '/identity/resources/applications/v1/users-apps';
export const APPS_USERS = '/identity/resources/applications/v1/apps-users';
export const APPS_USER = '/identity/resources/applications/v1/apps-user';
export const USER_APPS_SDK = '/identity/resources/applications/v1/user-apps';
export const LOGIN = '/identity/resources/auth/v1/user';
export const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
export const ME = '/identity/resources/users/v2/me';

export interface Member {
  id: string;
  email: string;
  client: NesteggClient;
  accessToken: string;
}

async function member(server: TestServer, vendor: NesteggClient, tenantId: string): Promise<Member> {
  const user = await createUser(vendor, tenantId);
  const { accessToken } = await login(server, user.email);
  return { id: user.id, email: user.email, client: createNesteggClient({ baseUrl: server.url, accessToken }), accessToken };
}

/**
 * The environment client with a default application in place (made by whichever test comes first),
 * so that the applications a test creates are never the default by accident.
 */
export async function vendorWithDefault(server: TestServer): Promise<{ vendor: NesteggClient; token: string }> {
  const { client: vendor, token } = await asVendor(server);
  const existing = await vendor.GET(DEFAULT_APP, {});
  if (existing.response.status === 404) await createApp(vendor, { name: 'placeholder default' });
  return { vendor, token };
}

/** An account with its first member (Admin) and a second one (ReadOnly), both logged in, and an environment client acting in it. */
export async function appsAccount(server: TestServer) {
  const { vendor, token } = await vendorWithDefault(server);
  const tenant = await createTenant(vendor);
  const admin = await member(server, vendor, tenant.tenantId);
  const readOnly = await member(server, vendor, tenant.tenantId);
  const asEnvironment = createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': tenant.tenantId } });
  return { vendor, token, tenantId: tenant.tenantId, admin, readOnly, asEnvironment, addMember: () => member(server, vendor, tenant.tenantId) };
}

export async function createApp(
  vendor: NesteggClient,
  body: { name?: string; accessType?: 'FREE_ACCESS' | 'MANAGED_ACCESS'; isDefault?: boolean; isActive?: boolean; type?: 'web' | 'agent' } = {},
) {
  const { data, response, error } = await vendor.POST(APPS, {
    body: { name: `app-${randomUUID()}`, appURL: 'https://app.example.com', loginURL: 'https://app.example.com/login', ...body },
  });
  if (response.status !== 201 || !data) throw new Error(`create application failed: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

export async function assignTenant(vendor: NesteggClient, appId: string, tenantId: string, accessType?: 'FREE_ACCESS' | 'MANAGED_ACCESS') {
  const { response, error } = await vendor.POST(APP_TENANTS, { params: { path: { appId } }, body: { tenantId, accessType } });
  if (response.status !== 201) throw new Error(`assign application failed: ${response.status} ${JSON.stringify(error)}`);
}

export function decode(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}
