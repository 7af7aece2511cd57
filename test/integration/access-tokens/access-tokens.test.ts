import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createNesteggClient } from '../../../client';
import { asVendor, createTenant, createUser, login } from '../../support/fixtures';
import {
  accountWithMembers,
  ADMIN_ROLE_ID,
  asUser,
  builtInPermissionId,
  createRole,
  memberWith,
  READ_ONLY_ROLE_ID,
  unassignRoles,
  vendorIn,
} from '../../support/roles';
import { useTestServer } from '../../support/server';

const TENANT_TOKENS = '/identity/resources/tenants/access-tokens/v1';
const TENANT_TOKEN = '/identity/resources/tenants/access-tokens/v1/{id}';
const USER_TOKENS = '/identity/resources/users/access-tokens/v1';
const USER_TOKEN = '/identity/resources/users/access-tokens/v1/{id}';
const ACTIVE_USER = '/identity/resources/vendor-only/users/access-tokens/v1/active';
const ACTIVE_TENANT = '/identity/resources/vendor-only/tenants/access-tokens/v1/active';
const USER_GRANTS = '/identity/resources/vendor-only/users/access-tokens/v1/{id}';
const TENANT_GRANTS = '/identity/resources/vendor-only/tenants/access-tokens/v1/{id}';
const ME = '/identity/resources/users/v2/me';

const server = useTestServer();
const id = (value: string) => ({ params: { path: { id: value } } });

/** The claims of a JWT, after checking its signature with the environment's public key. */
async function verified(token: string) {
  const { client: vendor } = await asVendor(server);
  const config = await vendor.GET('/identity/resources/configurations/v1');
  return jwt.verify(token, (config.data as { publicKey: string }).publicKey, { algorithms: ['RS256'] }) as Record<string, unknown>;
}

describe('account access tokens', () => {
  it('an admin creates one with roles; its secret is a tenantAccessToken JWT shown once; the M2M routes answer its grants', async () => {
    const { tenant, admin, adminUser } = await accountWithMembers(server);
    const created = await admin.client.POST(TENANT_TOKENS, { body: { description: 'CI', roleIds: [READ_ONLY_ROLE_ID] } });
    expect(created.response.status).toBe(201);
    const token = created.data!;
    expect(token).toMatchObject({ description: 'CI', roleIds: [READ_ONLY_ROLE_ID], createdByUserId: adminUser.id });
    expect(token.expires).toBeUndefined();
    const claims = await verified(token.secret!);
    expect(claims).toMatchObject({
      sub: token.id,
      type: 'tenantAccessToken',
      tenantId: tenant.tenantId,
      roles: ['FETCH-ROLES-BY-API'],
      permissions: ['FETCH-PERMISSIONS-BY-API'],
    });
    expect(claims.exp).toBeUndefined();

    // Listed without the secret.
    const listed = await admin.client.GET(TENANT_TOKENS);
    expect(listed.data!.accessTokens).toEqual([expect.objectContaining({ id: token.id, roleIds: [READ_ONLY_ROLE_ID] })]);
    expect(listed.data!.accessTokens[0].secret).toBeUndefined();

    const { client: vendor } = await asVendor(server);
    expect((await vendor.GET(ACTIVE_TENANT)).data).toContain(token.id);
    expect((await vendor.GET(ACTIVE_TENANT, { params: { header: { 'frontegg-tenant-id': tenant.tenantId } } })).data).toEqual([token.id]);
    const grants = await vendor.GET(TENANT_GRANTS, id(token.id));
    expect(grants.data).toEqual({
      id: token.id,
      tenantId: tenant.tenantId,
      roles: ['ReadOnly'],
      permissions: expect.arrayContaining(['fe.secure.read.users']),
    });
    expect(grants.data!.permissions).not.toContain('fe.secure.write.users');
  });

  it('deleting it stops it at once; another account cannot see or delete it (404)', async () => {
    const first = await accountWithMembers(server);
    const second = await accountWithMembers(server);
    const token = (await first.admin.client.POST(TENANT_TOKENS, { body: {} })).data!;
    const { client: vendor } = await asVendor(server);

    expect((await second.admin.client.DELETE(TENANT_TOKEN, id(token.id))).response.status).toBe(404);
    expect((await second.admin.client.GET(TENANT_TOKENS)).data!.accessTokens).toEqual([]);
    expect(
      (await vendor.GET(TENANT_GRANTS, { params: { path: { id: token.id }, header: { 'frontegg-tenant-id': second.tenant.tenantId } } })).response.status,
    ).toBe(404);

    expect((await first.admin.client.DELETE(TENANT_TOKEN, id(token.id))).response.status).toBe(200);
    expect((await vendor.GET(ACTIVE_TENANT)).data).not.toContain(token.id);
    expect((await vendor.GET(TENANT_GRANTS, id(token.id))).response.status).toBe(404);
    expect((await first.admin.client.DELETE(TENANT_TOKEN, id(token.id))).response.status).toBe(404);
  });

  it('expires by the database clock', async () => {
    const { admin } = await accountWithMembers(server);
    const created = await admin.client.POST(TENANT_TOKENS, { body: { expiresInMinutes: 60 } });
    const token = created.data!;
    const claims = await verified(token.secret!);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(new Date(token.expires!).getTime()).toBe(Number(claims.exp) * 1000);
    const { client: vendor } = await asVendor(server);
    expect((await vendor.GET(TENANT_GRANTS, id(token.id))).response.status).toBe(200);

    await server
      .db('access_tokens')
      .where({ id: token.id })
      .update({ expires_at: server.db.raw("now() - interval '1 second'") });
    expect((await vendor.GET(ACTIVE_TENANT)).data).not.toContain(token.id);
    expect((await vendor.GET(TENANT_GRANTS, id(token.id))).response.status).toBe(404);
    // Still listed for its account, with its expiry.
    expect((await admin.client.GET(TENANT_TOKENS)).data!.accessTokens.map((listed) => listed.id)).toContain(token.id);
  });

  it("never gives more than its creator holds; unknown or other accounts' roles are a 400", async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const read = builtInPermissionId('fe.account-settings.read.app');
    const write = builtInPermissionId('fe.account-settings.write.app');
    const manager = await createRole(vendor, { level: 3, permissionIds: [read, write] });
    const wider = await createRole(vendor, { level: 3, permissionIds: [read, write, builtInPermissionId('fe.secure.write.users')] });
    await createUser(vendor, tenant.tenantId); // the first member, who gets Admin
    const creator = await memberWith(server, vendor, tenant.tenantId, manager.id);

    const stronger = await creator.client.POST(TENANT_TOKENS, { body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(stronger.response.status).toBe(403);
    const beyond = await creator.client.POST(TENANT_TOKENS, { body: { roleIds: [wider.id] } });
    expect(beyond.response.status).toBe(403);
    expect(beyond.error).toMatchObject({ errorCode: 'ER-07302', errors: [expect.stringContaining('fe.secure.write.users')] });
    expect((await creator.client.POST(TENANT_TOKENS, { body: { roleIds: [manager.id] } })).response.status).toBe(201);

    const otherTenant = await createTenant(vendor);
    const foreign = await createRole(vendor, { tenantId: otherTenant.tenantId });
    for (const roleId of [randomUUID(), 'not-a-uuid', foreign.id]) {
      const answer = await creator.client.POST(TENANT_TOKENS, { body: { roleIds: [roleId] } });
      expect(answer.response.status).toBe(400);
      expect(answer.error!.errors[0]).toContain(roleId);
    }
    // The environment may give any role of the account.
    const byVendor = await vendorIn(server, (await asVendor(server)).token, tenant.tenantId).POST(TENANT_TOKENS, { body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(byVendor.response.status).toBe(201);
    expect(byVendor.data!.createdByUserId).toBeNull();
    // Nothing half-made: the refused requests left no token.
    expect((await vendorIn(server, (await asVendor(server)).token, tenant.tenantId).GET(TENANT_TOKENS)).data!.accessTokens).toHaveLength(2);
  });

  it('needs the account-settings permissions; bad input is a 400; the environment must name the account', async () => {
    const { reader, admin, tenant } = await accountWithMembers(server);
    expect((await reader.client.POST(TENANT_TOKENS, { body: {} })).response.status).toBe(403);
    expect((await admin.client.POST(TENANT_TOKENS, { body: { expiresInMinutes: 0 } })).response.status).toBe(400);
    expect((await admin.client.POST(TENANT_TOKENS, { body: { expiresInMinutes: -5 } })).response.status).toBe(400);
    expect((await admin.client.POST(TENANT_TOKENS, { body: { roleIds: 'x' } as never })).response.status).toBe(400);
    const { client: vendor, token } = await asVendor(server);
    expect((await vendor.POST(TENANT_TOKENS, { body: {} })).response.status).toBe(400);
    expect((await vendorIn(server, token, `t-${randomUUID()}`).POST(TENANT_TOKENS, { body: {} })).response.status).toBe(404);
    expect((await vendorIn(server, token, tenant.tenantId).DELETE(TENANT_TOKEN, id('not-a-uuid'))).response.status).toBe(404);
    // The M2M routes are for the environment only.
    expect((await admin.client.GET(ACTIVE_TENANT)).response.status).toBe(401);
  });
});

describe('personal access tokens', () => {
  it('a member creates one; it acts with their roles as they are now, and stops when they leave the account', async () => {
    const { client: vendor, token: vendorToken } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const session = await login(server, user.email);
    const me = asUser(server, session.accessToken);
    const created = await me.POST(USER_TOKENS, { body: { description: 'laptop', expiresInMinutes: 120 } });
    expect(created.response.status).toBe(201);
    const token = created.data!;
    expect(await verified(token.secret!)).toMatchObject({ sub: token.id, type: 'userAccessToken', tenantId: tenant.tenantId, userId: user.id });
    expect((await me.GET(USER_TOKENS)).data!.accessTokens).toEqual([
      { id: token.id, description: 'laptop', createdAt: token.createdAt, expires: token.expires },
    ]);

    expect((await vendor.GET(ACTIVE_USER)).data).toContain(token.id);
    const before = (await vendor.GET(USER_GRANTS, id(token.id))).data!;
    expect(before).toMatchObject({ id: token.id, userId: user.id, tenantId: tenant.tenantId });
    expect(before.roles).toEqual(['Admin']);

    // Roles change: the token follows.
    await unassignRoles(vendor, tenant.tenantId, user.id, [ADMIN_ROLE_ID]);
    expect((await vendor.GET(USER_GRANTS, id(token.id))).data).toMatchObject({ roles: [], permissions: [] });

    // Removed from the account: the token is gone.
    const removed = await vendorIn(server, vendorToken, tenant.tenantId).DELETE('/identity/resources/users/v1/{userId}', {
      params: { path: { userId: user.id } },
    });
    expect(removed.response.status).toBe(200);
    expect((await vendor.GET(ACTIVE_USER)).data).not.toContain(token.id);
    expect((await vendor.GET(USER_GRANTS, id(token.id))).response.status).toBe(404);
  });

  it('only its owner sees and deletes it (another user, even an admin of the account, gets 404)', async () => {
    const { admin, reader } = await accountWithMembers(server);
    const token = (await reader.client.POST(USER_TOKENS, { body: {} })).data!;
    expect((await admin.client.GET(USER_TOKENS)).data!.accessTokens).toEqual([]);
    expect((await admin.client.DELETE(USER_TOKEN, id(token.id))).response.status).toBe(404);
    expect((await reader.client.DELETE(USER_TOKEN, id(token.id))).response.status).toBe(200);
    const { client: vendor } = await asVendor(server);
    expect((await vendor.GET(ACTIVE_USER)).data).not.toContain(token.id);
  });

  it('the environment creates one for a member named by the headers; a non-member is a 404', async () => {
    const { client: vendor, token: vendorToken } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const acting = createNesteggClient({
      baseUrl: server.url,
      accessToken: vendorToken,
      headers: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': user.id },
    });
    expect((await acting.POST(USER_TOKENS, { body: {} })).response.status).toBe(201);
    const stranger = createNesteggClient({
      baseUrl: server.url,
      accessToken: vendorToken,
      headers: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': randomUUID() },
    });
    expect((await stranger.POST(USER_TOKENS, { body: {} })).response.status).toBe(404);
    expect((await vendor.POST(USER_TOKENS, { body: {} })).response.status).toBe(400);
  });
});

describe('an access token is not a user token', () => {
  it('is refused as a bearer token on our routes, and a user token is no access token to the M2M routes', async () => {
    const { admin } = await accountWithMembers(server);
    const token = (await admin.client.POST(TENANT_TOKENS, { body: {} })).data!;
    expect((await asUser(server, token.secret!).GET(ME)).response.status).toBe(401);
    const personal = (await admin.client.POST(USER_TOKENS, { body: {} })).data!;
    expect((await asUser(server, personal.secret!).GET(ME)).response.status).toBe(401);
    expect((await asUser(server, personal.secret!).GET(ACTIVE_USER)).response.status).toBe(401);
  });
});
