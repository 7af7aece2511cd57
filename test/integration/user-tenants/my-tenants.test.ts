import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { READ_ONLY_ROLE_ID, groupsAccount, type Member } from '../../support/groups';
import { asVendor, createTenant, uniqueEmail } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const SWITCH = '/identity/resources/users/v1/tenant';
const TOKEN = '/identity/resources/users/v3/me/token';

function claims(token: string): { tenantId: string; tenantIds: string[]; roles: string[]; permissions: string[]; sid: string; sub: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** A member of two accounts (Admin in the first, ReadOnly in the second), logged in to the first. */
async function memberOfTwo() {
  const first = await groupsAccount(server);
  const { client: vendor } = await asVendor(server);
  const second = await createTenant(vendor, 'Second');
  const added = await vendor.POST('/identity/resources/users/v2', {
    headers: { 'frontegg-tenant-id': second.tenantId },
    body: { email: first.admin.email, roleIds: [READ_ONLY_ROLE_ID] },
  });
  expect(added.response.status).toBe(201);
  return { first, second, member: first.admin };
}

async function refreshed(member: Member) {
  const { data, response } = await server.client.POST(REFRESH, { body: { refreshToken: member.refreshToken } });
  expect(response.status).toBe(201);
  member.refreshToken = data!.refreshToken;
  return claims(data!.accessToken);
}

describe('GET /identity/resources/users/v1|v2|v3/me/tenants', () => {
  it("answer the caller's accounts (and the active one)", async () => {
    const { first, second, member } = await memberOfTwo();
    const v1 = await member.client.GET('/identity/resources/users/v1/me/tenants', {});
    expect(v1.response.status).toBe(200);
    // What getCurrentUserTenantsV1 reads: { tenants, activeTenant }.
    expect(v1.data?.tenants.map((tenant) => tenant.tenantId)).toEqual([first.tenantId, second.tenantId]);
    expect(v1.data?.activeTenant.tenantId).toBe(first.tenantId);
    // What getTenants promises (ITenantsResponse): whole accounts, with their ids, vendor and dates.
    const v2 = await member.client.GET('/identity/resources/users/v2/me/tenants', {});
    expect(v2.data).toEqual([
      expect.objectContaining({
        tenantId: first.tenantId,
        name: 'Acme',
        id: expect.any(String),
        vendorId: server.bootstrap.id,
        isReseller: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      }),
      expect.objectContaining({ tenantId: second.tenantId, name: 'Second' }),
    ]);
    const v3 = await member.client.GET('/identity/resources/users/v3/me/tenants', {});
    expect(v3.data?.activeTenant.tenantId).toBe(first.tenantId);
    expect(v3.data?.tenants.map((tenant) => tenant.tenantId)).toEqual([first.tenantId, second.tenantId]);
    for (const route of [
      '/identity/resources/users/v1/me/tenants',
      '/identity/resources/users/v2/me/tenants',
      '/identity/resources/users/v3/me/tenants',
    ] as const) {
      expect((await createNesteggClient({ baseUrl: server.url }).GET(route, {})).response.status).toBe(401);
    }
  });

  it('with an environment token: the user of frontegg-user-id, only as a member of frontegg-tenant-id (404 otherwise)', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const { token } = await asVendor(server);
    const acting = (tenantId: string, userId: string) =>
      createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': tenantId, 'frontegg-user-id': userId } });
    expect((await acting(mine.tenantId, mine.admin.id).GET('/identity/resources/users/v3/me/tenants', {})).data?.activeTenant.tenantId).toBe(mine.tenantId);
    expect((await acting(mine.tenantId, theirs.admin.id).GET('/identity/resources/users/v3/me/tenants', {})).response.status).toBe(404);
    expect((await acting(mine.tenantId, theirs.admin.id).GET('/identity/resources/users/v1/me/tenants', {})).response.status).toBe(404);
    const missing = await createNesteggClient({ baseUrl: server.url, accessToken: token }).GET('/identity/resources/users/v2/me/tenants', {});
    expect(missing.response.status).toBe(400);
  });
});

describe('PUT /identity/resources/users/v1/tenant', () => {
  it('switches the active account: the next refreshed token names it, with the roles there; the next login starts there', async () => {
    const { second, member } = await memberOfTwo();
    const { data, response } = await member.client.PUT(SWITCH, { body: { tenantId: second.tenantId } });
    expect(response.status).toBe(200);
    expect(data?.tenantId).toBe(second.tenantId);
    const next = await refreshed(member);
    expect(next.tenantId).toBe(second.tenantId);
    expect(next.roles).toEqual(['ReadOnly']);
    const login = await server.client.POST('/identity/resources/auth/v1/user', { body: { email: member.email, password: 'correct horse battery staple' } });
    expect(claims(login.data!.accessToken).tenantId).toBe(second.tenantId);
  });

  it('refuses an account the user is not a member of (404, nothing moves), bad input (400) and no token (401)', async () => {
    const { first, member } = await memberOfTwo();
    const theirs = await groupsAccount(server);
    for (const tenantId of [theirs.tenantId, `t-${randomUUID()}`]) {
      const refused = await member.client.PUT(SWITCH, { body: { tenantId } });
      expect(refused.response.status).toBe(404);
      expect(refused.error?.errorCode).toBe('ER-02404');
    }
    expect((await refreshed(member)).tenantId).toBe(first.tenantId);
    expect((await member.client.PUT(SWITCH, { body: {} as never })).response.status).toBe(400);
    expect((await createNesteggClient({ baseUrl: server.url }).PUT(SWITCH, { body: { tenantId: first.tenantId } })).response.status).toBe(401);
  });
});

describe('POST /identity/resources/users/v3/me/token', () => {
  it('signs a token of the same session for another account of the caller, with the grants there', async () => {
    const { first, second, member } = await memberOfTwo();
    const { data, response } = await member.client.POST(TOKEN, { body: { tenantId: second.tenantId } });
    expect(response.status).toBe(200);
    const token = claims(data!.accessToken);
    expect(token).toEqual(expect.objectContaining({ sub: member.id, tenantId: second.tenantId, roles: ['ReadOnly'], sid: claims(member.accessToken).sid }));
    expect(data?.expiresIn).toBeGreaterThan(0);
    // The token works in the other account; the session itself stays where it was.
    const other = createNesteggClient({ baseUrl: server.url, accessToken: data!.accessToken });
    expect((await other.GET('/identity/resources/users/v2/me', {})).data?.tenantId).toBe(second.tenantId);
    expect((await refreshed(member)).tenantId).toBe(first.tenantId);
  });

  it('refuses an account the caller is not a member of (404), bad input (400), no token or an environment token (401)', async () => {
    const { member } = await memberOfTwo();
    const theirs = await groupsAccount(server);
    expect((await member.client.POST(TOKEN, { body: { tenantId: theirs.tenantId } })).response.status).toBe(404);
    expect((await member.client.POST(TOKEN, { body: { tenantId: '' } })).response.status).toBe(400);
    expect((await createNesteggClient({ baseUrl: server.url }).POST(TOKEN, { body: { tenantId: theirs.tenantId } })).response.status).toBe(401);
    const { client: vendor } = await asVendor(server);
    expect((await vendor.POST(TOKEN, { body: { tenantId: theirs.tenantId } })).response.status).toBe(401);
  });
});

/** Switching to an account id PostgreSQL cannot store names no account of the user. */
const member404 = (client: ReturnType<typeof createNesteggClient>) => client.PUT(SWITCH, { body: { tenantId: 'a\u0000' } });

describe('POST /identity/resources/tenants/users/v1/count', () => {
  it("counts members per account; a user sees only their own account's count", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    await mine.admin.client.POST('/identity/resources/users/v2', { body: { email: uniqueEmail() } });
    const { client: vendor } = await asVendor(server);
    const all = await vendor.POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: [mine.tenantId, theirs.tenantId, 'nowhere'] } });
    expect(all.response.status).toBe(200);
    expect(all.data).toEqual([
      { tenantId: mine.tenantId, totalUsers: 3, totalAccessAllowedUsers: 3 },
      { tenantId: theirs.tenantId, totalUsers: 2, totalAccessAllowedUsers: 2 },
      { tenantId: 'nowhere', totalUsers: 0, totalAccessAllowedUsers: 0 },
    ]);
    await vendor.PUT('/identity/resources/users/v1/{userId}/invisible', { params: { path: { userId: theirs.readOnly.id } }, body: { invisible: true } });
    const visible = await vendor.POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: [theirs.tenantId], excludeInvisibleUsers: true } });
    expect(visible.data).toEqual([{ tenantId: theirs.tenantId, totalUsers: 1, totalAccessAllowedUsers: 1 }]);
    expect((await vendor.POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: [theirs.tenantId] } })).data![0].totalUsers).toBe(2);
    const own = await mine.readOnly.client.POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: [mine.tenantId, theirs.tenantId] } });
    expect(own.data?.map((count) => count.totalUsers)).toEqual([3, 0]);
    expect((await mine.readOnly.client.POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: [] } })).response.status).toBe(400);
    expect((await vendor.POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: ['a\u0000'] } })).data).toEqual([
      { tenantId: 'a\u0000', totalUsers: 0, totalAccessAllowedUsers: 0 },
    ]);
    expect((await member404(mine.readOnly.client)).response.status).toBe(404);
    expect(
      (await createNesteggClient({ baseUrl: server.url }).POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: [mine.tenantId] } })).response
        .status,
    ).toBe(401);
    const without = await mine.addMemberWithoutPermissions();
    expect((await without.client.POST('/identity/resources/tenants/users/v1/count', { body: { tenantIds: [mine.tenantId] } })).response.status).toBe(403);
  });
});
