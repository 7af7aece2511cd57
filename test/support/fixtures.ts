import { randomUUID } from 'node:crypto';
import { createNesteggClient, type NesteggClient } from '../../client';
import type { TestServer } from './server';

export const PASSWORD = 'correct horse battery staple';

/** A client holding a fresh environment token. */
export async function asVendor(server: Pick<TestServer, 'client' | 'clientId' | 'apiKey' | 'url'>): Promise<{ client: NesteggClient; token: string }> {
  const { data, response } = await server.client.POST('/auth/vendor', {
    body: { clientId: server.clientId, secret: server.apiKey },
  });
  if (response.status !== 200 || !data) throw new Error(`vendor auth failed: ${response.status}`);
  return { client: createNesteggClient({ baseUrl: server.url, accessToken: data.token }), token: data.token };
}

export async function createTenant(vendor: NesteggClient, name = 'Acme') {
  const { data, response } = await vendor.POST('/tenants/resources/tenants/v1', {
    body: { tenantId: `t-${randomUUID()}`, name },
  });
  if (response.status !== 201 || !data) throw new Error(`create tenant failed: ${response.status}`);
  return data;
}

export function uniqueEmail(): string {
  return `user-${randomUUID()}@example.com`;
}

export async function createUser(
  vendor: NesteggClient,
  tenantId: string,
  overrides: { email?: string; password?: string; name?: string; metadata?: string } = {},
) {
  const email = overrides.email ?? uniqueEmail();
  const { data, response, error } = await vendor.POST('/identity/resources/vendor-only/users/v1', {
    body: { tenantId, email, password: overrides.password ?? PASSWORD, name: overrides.name ?? 'Test User', metadata: overrides.metadata },
  });
  if (response.status !== 201 || !data) throw new Error(`create user failed: ${response.status} ${JSON.stringify(error)}`);
  return { ...data, email, password: overrides.password ?? PASSWORD };
}

/** A tenant with one user in it, ready to log in. */
export async function tenantWithUser(server: TestServer, overrides: Parameters<typeof createUser>[2] = {}) {
  const { client: vendor, token } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const user = await createUser(vendor, tenant.tenantId, overrides);
  return { vendor, vendorToken: token, tenant, user };
}

/** A new user in a new account, logged in: `client` calls as them. */
export async function loggedInUser(server: TestServer, overrides: Parameters<typeof createUser>[2] = {}) {
  const { tenant, user, vendor } = await tenantWithUser(server, overrides);
  const session = await login(server, user.email, user.password);
  return { vendor, tenant, user, client: createNesteggClient({ baseUrl: server.url, accessToken: session.accessToken }) };
}

export async function login(server: TestServer, email: string, password = PASSWORD) {
  const result = await server.client.POST('/identity/resources/auth/v1/user', { body: { email, password } });
  if (result.response.status !== 200 || !result.data) throw new Error(`login failed: ${result.response.status}`);
  return { ...result.data, setCookie: result.response.headers.get('set-cookie') ?? '' };
}

/** The Cookie header that sends back what a Set-Cookie header set. */
export function cookieFrom(setCookie: string): string {
  return setCookie.split(';')[0];
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** Adds an existing user to another account (with its default roles), as the environment does. */
export async function addMember(vendor: NesteggClient, tenantId: string, userId: string): Promise<void> {
  const { response, error } = await vendor.POST('/identity/resources/users/v1/{userId}/tenant', {
    params: { path: { userId } },
    body: { tenantId },
  });
  if (response.status !== 201) throw new Error(`add member failed: ${response.status} ${JSON.stringify(error)}`);
}
