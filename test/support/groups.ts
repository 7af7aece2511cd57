import { randomUUID } from 'node:crypto';
import { createNesteggClient, type NesteggClient } from '../../client';
import { ADMIN_ROLE_ID, READ_ONLY_ROLE_ID } from '../../server/db/migrations/20261126000000_authorization';
import { PASSWORD, asVendor, createTenant, createUser, login, uniqueEmail } from './fixtures';
import { createRole } from './roles';
import type { TestServer } from './server';

export { ADMIN_ROLE_ID, READ_ONLY_ROLE_ID };

export const GROUPS = '/identity/resources/groups/v1';
export const GROUPS_BULK_GET = '/identity/resources/groups/v1/bulkGet';
export const GROUPS_CONFIG = '/identity/resources/groups/v1/config';
export const GROUP = '/identity/resources/groups/v1/{id}';
export const GROUP_ROLES = '/identity/resources/groups/v1/{groupId}/roles';
export const GROUP_USERS = '/identity/resources/groups/v1/{groupId}/users';
export const GROUPS_V2 = '/identity/resources/groups/v2';
export const USERS_GROUPS = '/identity/resources/users/v3/groups';

export interface Member {
  id: string;
  email: string;
  /** A client holding the member's access token. */
  client: NesteggClient;
  accessToken: string;
  refreshToken: string;
}

async function session(server: TestServer, id: string, email: string): Promise<Member> {
  const { accessToken, refreshToken } = await login(server, email);
  return { id, email, client: createNesteggClient({ baseUrl: server.url, accessToken }), accessToken, refreshToken };
}

async function member(server: TestServer, vendor: NesteggClient, tenantId: string): Promise<Member> {
  const user = await createUser(vendor, tenantId);
  return session(server, user.id, user.email);
}

/**
 * An account with its first member (Admin: every groups permission) and a second one (ReadOnly:
 * `fe.secure.read.groups` only), both logged in, and an environment client acting in the account.
 */
export async function groupsAccount(server: TestServer) {
  const { client: vendor, token } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const admin = await member(server, vendor, tenant.tenantId);
  const readOnly = await member(server, vendor, tenant.tenantId);
  const asEnvironment = createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': tenant.tenantId } });
  return {
    vendor,
    tenantId: tenant.tenantId,
    admin,
    readOnly,
    asEnvironment,
    /** Another member of the account, logged in. */
    addMember: () => member(server, vendor, tenant.tenantId),
    /** Another member whose only role holds no permission, logged in: every guarded route refuses them. */
    addMemberWithoutPermissions: async (): Promise<Member> => {
      const roleId = await createTenantRole(server, tenant.tenantId);
      const email = uniqueEmail();
      const { data, response } = await vendor.POST('/identity/resources/vendor-only/users/v1', {
        body: { tenantId: tenant.tenantId, email, password: PASSWORD, roleIds: [roleId] },
      });
      if (response.status !== 201 || !data) throw new Error(`create user failed: ${response.status}`);
      return session(server, data.id, email);
    },
  };
}

/** Creates a group through the API and answers it. */
export async function createGroup(client: NesteggClient, body: { name?: string; color?: string; description?: string; metadata?: string } = {}) {
  const { data, response, error } = await client.POST(GROUPS, { body: { name: `group-${randomUUID()}`, ...body } });
  if (response.status !== 201 || !data) throw new Error(`create group failed: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

/** A role of one account, created through the roles routes; answers its id. */
export async function createTenantRole(server: TestServer, tenantId: string): Promise<string> {
  const { client } = await asVendor(server);
  return (await createRole(client, { tenantId })).id;
}

function decode(token: string): { roles: string[]; permissions: string[] } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** Refreshes the member's session and answers the roles and permissions of the new access token. */
export async function refreshedGrants(server: TestServer, who: Member): Promise<{ roles: string[]; permissions: string[] }> {
  const { data, response } = await server.client.POST('/identity/resources/auth/v1/user/token/refresh', {
    body: { refreshToken: who.refreshToken },
  });
  if (response.status !== 201 || !data) throw new Error(`refresh failed: ${response.status}`);
  who.refreshToken = data.refreshToken;
  const { roles, permissions } = decode(data.accessToken);
  return { roles: [...roles].sort(), permissions: [...permissions].sort() };
}
