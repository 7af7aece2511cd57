import { createNesteggClient, type NesteggClient } from '../../../client';
import { asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { ADMIN_ROLE_ID, USER_ROLES } from '../../support/roles';
import type { TestServer } from '../../support/server';

export const DELEGATION = '/identity/resources/configurations/v1/delegation';
export const IMPERSONATE = '/identity/resources/impersonation/v1';
export const CURRENT_SESSION = '/identity/resources/users/sessions/v1/me/current';

/** The claims of an impersonation token (signature not checked). */
export function impersonationClaims(token: string): {
  sub: string;
  tenantId: string;
  sid: string;
  permissions: string[];
  act?: { sub: string; type: string };
  iat: number;
  exp: number;
} {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** A client calling with `token`; `tenantId` names the account for an environment token. */
export function withToken(server: TestServer, token: string, tenantId?: string): NesteggClient {
  return createNesteggClient({ baseUrl: server.url, accessToken: token, headers: tenantId ? { 'frontegg-tenant-id': tenantId } : {} });
}

/** Impersonates `impersonatedUserId` with `token`, which is both the credential and the actor token. */
export function impersonate(server: TestServer, token: string, impersonatedUserId: string, extra: { reason?: string; tenantId?: string } = {}) {
  const { tenantId, ...rest } = extra;
  return withToken(server, token, tenantId).POST(IMPERSONATE, { body: { impersonatedUserId, actorToken: token, ...rest } });
}

/**
 * Turns delegation on (on the shared database: only ever on, nothing else depends on it being off)
 * and makes an account with an Admin, a second Admin and a ReadOnly member, logged in.
 */
export async function impersonationAccount(server: TestServer) {
  const vendor = await asVendor(server);
  const enabled = await vendor.client.POST(DELEGATION, { body: { enabled: true } });
  if (enabled.response.status !== 200) throw new Error(`enable delegation failed: ${enabled.response.status}`);
  const tenantId = (await createTenant(vendor.client)).tenantId;
  const adminUser = await createUser(vendor.client, tenantId);
  const readerUser = await createUser(vendor.client, tenantId);
  const secondAdminUser = await createUser(vendor.client, tenantId);
  const assigned = await vendor.client.POST(USER_ROLES, {
    params: { path: { userId: secondAdminUser.id }, header: { 'frontegg-tenant-id': tenantId } },
    body: { roleIds: [ADMIN_ROLE_ID] },
  });
  if (assigned.response.status !== 201) throw new Error(`assign role failed: ${assigned.response.status}`);
  return {
    vendorToken: vendor.token,
    tenantId,
    admin: { id: adminUser.id, token: (await login(server, adminUser.email)).accessToken },
    reader: { id: readerUser.id, token: (await login(server, readerUser.email)).accessToken },
    secondAdmin: { id: secondAdminUser.id, token: (await login(server, secondAdminUser.email)).accessToken },
  };
}
