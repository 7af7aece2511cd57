import { randomUUID } from 'node:crypto';
import { asVendor, createTenant, createUser } from '../../support/fixtures';
import {
  ADMIN_ROLE_ID,
  MY_AUTHORIZATION,
  READ_ONLY_ROLE_ID,
  USER_ROLES,
  USERS_ROLES,
  accountWithMembers,
  builtInPermissionId,
  createPermission,
  createRole,
  memberWith,
  vendorIn,
} from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const ME = '/identity/resources/users/v2/me';
const path = (userId: string) => ({ path: { userId } });

describe('POST /identity/resources/users/v1/{userId}/roles', () => {
  it("gives a member roles in the caller's account and answers with all their roles there (201)", async () => {
    const { vendor, tenant, admin, readerUser } = await accountWithMembers(server);
    const own = await createRole(vendor, { tenantId: tenant.tenantId, level: 3 });
    const given = await admin.client.POST(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [own.id, READ_ONLY_ROLE_ID] } });
    expect(given.response.status).toBe(201);
    expect(given.data).toMatchObject({ tenantId: tenant.tenantId, userId: readerUser.id });
    expect(given.data!.roles.map((role) => role.id)).toEqual([READ_ONLY_ROLE_ID, own.id]);
    expect(given.data!.roles[1]).toMatchObject({ key: own.key, vendorId: server.bootstrap.id, tenantId: tenant.tenantId });
  });

  it('works for the environment with frontegg-tenant-id, which it requires (400 without)', async () => {
    const { client: vendor, token } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const given = await vendorIn(server, token, tenant.tenantId).POST(USER_ROLES, { params: path(user.id), body: { roleIds: [READ_ONLY_ROLE_ID] } });
    expect(given.response.status).toBe(201);
    expect(given.data!.roles.map((role) => role.id)).toEqual([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID]);
    const without = await vendor.POST(USER_ROLES, { params: path(user.id), body: { roleIds: [READ_ONLY_ROLE_ID] } });
    expect(without.response.status).toBe(400);
    expect(without.error).toEqual({ errors: ['The frontegg-tenant-id header is required with an environment token'], errorCode: 'ER-03002' });
  });

  it("answers 400 naming unknown roles and another account's roles, and gives none of them", async () => {
    const { vendor, admin, readerUser } = await accountWithMembers(server);
    const other = await createTenant(vendor);
    const foreign = await createRole(vendor, { tenantId: other.tenantId });
    const unknown = randomUUID();
    const refused = await admin.client.POST(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [ADMIN_ROLE_ID, foreign.id, unknown, 'nope'] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toEqual({ errors: [`No such role in this account: ${foreign.id}, ${unknown}, nope`], errorCode: 'ER-03001' });
    const held = await admin.client.GET(USERS_ROLES, { params: { query: { ids: [readerUser.id] } } });
    expect(held.data![0].roleIds).toEqual([READ_ONLY_ROLE_ID]);
  });

  it('answers 404 for a user who is not a member of the account (tenant isolation)', async () => {
    const { vendor, admin } = await accountWithMembers(server);
    const other = await createTenant(vendor);
    const stranger = await createUser(vendor, other.tenantId);
    for (const userId of [stranger.id, randomUUID()]) {
      const missing = await admin.client.POST(USER_ROLES, { params: path(userId), body: { roleIds: [READ_ONLY_ROLE_ID] } });
      expect(missing.response.status).toBe(404);
      expect(missing.error?.errorCode).toBe('ER-02003');
    }
    const held = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: path(stranger.id) });
    expect(held.data!.tenants[0].roles.map((role) => role.id)).toEqual([ADMIN_ROLE_ID]);
    expect((await admin.client.POST(USER_ROLES, { params: path('not-a-uuid'), body: { roleIds: [] } })).response.status).toBe(400);
  });

  it('lets a member give only roles no stronger than their own (403); the environment may give any', async () => {
    const { vendor, tenant, readerUser } = await accountWithMembers(server);
    const manager = await createRole(vendor, { tenantId: tenant.tenantId, level: 5, permissionIds: [builtInPermissionId('fe.secure.write.users')] });
    const peer = await createRole(vendor, { tenantId: tenant.tenantId, level: 5 });
    const weaker = await createRole(vendor, { tenantId: tenant.tenantId, level: 6 });
    const acting = await memberWith(server, vendor, tenant.tenantId, manager.id);

    const elevated = await acting.client.POST(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [weaker.id, ADMIN_ROLE_ID] } });
    expect(elevated.response.status).toBe(403);
    expect(elevated.error).toEqual({ errors: [expect.stringMatching(/level 5\): Admin$/)], errorCode: 'ER-03007' });
    const self = await acting.client.POST(USER_ROLES, { params: path(acting.user.id), body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(self.response.status).toBe(403);

    const fine = await acting.client.POST(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [peer.id, weaker.id] } });
    expect(fine.response.status).toBe(201);

    const byEnvironment = await vendor.POST(USER_ROLES, {
      params: { ...path(acting.user.id), header: { 'frontegg-tenant-id': tenant.tenantId } },
      body: { roleIds: [ADMIN_ROLE_ID] },
    });
    expect(byEnvironment.response.status).toBe(201);
  });

  it('answers 401 without a token and 403 without fe.secure.write.users', async () => {
    const { reader, readerUser } = await accountWithMembers(server);
    expect((await server.client.POST(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [] } })).response.status).toBe(401);
    const refused = await reader.client.POST(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toContain('fe.secure.write.users');
  });
});

describe('DELETE /identity/resources/users/v1/{userId}/roles', () => {
  it('takes roles away, ignores roles not held, and answers with what is left (200)', async () => {
    const { vendor, tenant, admin, readerUser } = await accountWithMembers(server);
    const own = await createRole(vendor, { tenantId: tenant.tenantId });
    await admin.client.POST(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [own.id] } });
    const taken = await admin.client.DELETE(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [READ_ONLY_ROLE_ID, ADMIN_ROLE_ID] } });
    expect(taken.response.status).toBe(200);
    expect(taken.data).toMatchObject({ tenantId: tenant.tenantId, userId: readerUser.id });
    expect(taken.data!.roles.map((role) => role.id)).toEqual([own.id]);
  });

  it('answers 400 naming unknown roles, 404 for a non-member, 400 without frontegg-tenant-id for the environment', async () => {
    const { vendor, admin, readerUser } = await accountWithMembers(server);
    const other = await createTenant(vendor);
    const stranger = await createUser(vendor, other.tenantId);
    const unknown = randomUUID();
    const refused = await admin.client.DELETE(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [READ_ONLY_ROLE_ID, unknown] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errors[0]).toContain(unknown);
    expect((await admin.client.GET(USERS_ROLES, { params: { query: { ids: [readerUser.id] } } })).data![0].roleIds).toEqual([READ_ONLY_ROLE_ID]);
    const isolated = await admin.client.DELETE(USER_ROLES, { params: path(stranger.id), body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(isolated.response.status).toBe(404);
    expect((await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: path(stranger.id) })).data!.tenants[0].roles).toHaveLength(1);
    expect((await vendor.DELETE(USER_ROLES, { params: path(readerUser.id), body: { roleIds: [] } })).response.status).toBe(400);
  });

  it('lets no weaker member take a stronger role away (403)', async () => {
    const { vendor, tenant, adminUser } = await accountWithMembers(server);
    const manager = await createRole(vendor, { tenantId: tenant.tenantId, level: 5, permissionIds: [builtInPermissionId('fe.secure.write.users')] });
    const acting = await memberWith(server, vendor, tenant.tenantId, manager.id);
    const demote = await acting.client.DELETE(USER_ROLES, { params: path(adminUser.id), body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(demote.response.status).toBe(403);
    expect(demote.error?.errorCode).toBe('ER-03007');
  });

  it('answers 401 without a token and 403 without fe.secure.write.users', async () => {
    const { reader, adminUser } = await accountWithMembers(server);
    expect((await server.client.DELETE(USER_ROLES, { params: path(adminUser.id), body: { roleIds: [] } })).response.status).toBe(401);
    expect((await reader.client.DELETE(USER_ROLES, { params: path(adminUser.id), body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(403);
  });
});

describe('GET /identity/resources/users/v3/roles', () => {
  it('answers the direct roles of each member asked for, in order, and leaves out everyone else', async () => {
    const { vendor, tenant, reader, adminUser, readerUser } = await accountWithMembers(server);
    const stranger = await createUser(vendor, (await createTenant(vendor)).tenantId);
    const listed = await reader.client.GET(USERS_ROLES, { params: { query: { ids: [readerUser.id, stranger.id, 'nope', adminUser.id] } } });
    expect(listed.response.status).toBe(200);
    expect(listed.data).toEqual([
      { vendorId: server.bootstrap.id, tenantId: tenant.tenantId, userId: readerUser.id, roleIds: [READ_ONLY_ROLE_ID] },
      { vendorId: server.bootstrap.id, tenantId: tenant.tenantId, userId: adminUser.id, roleIds: [ADMIN_ROLE_ID] },
    ]);
    // ids=a,b as Frontegg's browser SDK sends them.
    const commas = await fetch(`${server.url}${USERS_ROLES}?ids=${readerUser.id},${adminUser.id}`, {
      headers: { authorization: `Bearer ${reader.accessToken}` },
    });
    expect(((await commas.json()) as { userId: string }[]).map((entry) => entry.userId)).toEqual([readerUser.id, adminUser.id]);
    // A member with no role is listed with none.
    const bare = await memberWith(server, vendor, tenant.tenantId);
    expect((await reader.client.GET(USERS_ROLES, { params: { query: { ids: [bare.user.id] } } })).data).toEqual([
      expect.objectContaining({ userId: bare.user.id, roleIds: [] }),
    ]);
  });

  it('answers 400 without ids, 401 without a token, 403 without fe.secure.read.users', async () => {
    const { vendor, tenant, reader, readerUser } = await accountWithMembers(server);
    expect((await reader.client.GET(USERS_ROLES, { params: { query: {} as never } })).response.status).toBe(400);
    expect((await server.client.GET(USERS_ROLES, { params: { query: { ids: [readerUser.id] } } })).response.status).toBe(401);
    const bare = await memberWith(server, vendor, tenant.tenantId);
    expect((await bare.client.GET(USERS_ROLES, { params: { query: { ids: [readerUser.id] } } })).response.status).toBe(403);
    expect((await vendor.GET(USERS_ROLES, { params: { query: { ids: [readerUser.id] } } })).response.status).toBe(400);
    const named = await vendor.GET(USERS_ROLES, { params: { query: { ids: [readerUser.id] }, header: { 'frontegg-tenant-id': tenant.tenantId } } });
    expect(named.data).toEqual([expect.objectContaining({ userId: readerUser.id, roleIds: [READ_ONLY_ROLE_ID] })]);
    const elsewhere = await vendor.GET(USERS_ROLES, {
      params: { query: { ids: [readerUser.id] }, header: { 'frontegg-tenant-id': (await createTenant(vendor)).tenantId } },
    });
    expect(elsewhere.data).toEqual([]);
  });
});

describe('GET /identity/resources/users/v1/me/authorization', () => {
  it("answers the caller's roles and permissions in their account, as their token carries them", async () => {
    const { vendor, tenant, reader, readerUser } = await accountWithMembers(server);
    const custom = await createPermission(vendor);
    const other = await createTenant(vendor);
    const foreignRole = await createRole(vendor, { tenantId: other.tenantId, permissionIds: [custom.id] });
    const own = await createRole(vendor, { tenantId: tenant.tenantId, level: 7, permissionIds: [custom.id] });
    await vendor.POST(USER_ROLES, { params: { ...path(readerUser.id), header: { 'frontegg-tenant-id': tenant.tenantId } }, body: { roleIds: [own.id] } });

    const held = await reader.client.GET(MY_AUTHORIZATION, {});
    expect(held.response.status).toBe(200);
    expect(held.data!.roles.map((role) => role.key)).toEqual(['ReadOnly', own.key]);
    const permissions = held.data!.permissions;
    expect(permissions.map((permission) => permission.key)).toEqual(expect.arrayContaining(['fe.secure.read.users', custom.key]));
    expect(permissions.map((permission) => permission.key)).not.toContain('fe.secure.write.users');
    // Only roles this account sees show in roleIds.
    expect(permissions.find((permission) => permission.id === custom.id)!.roleIds).toEqual([own.id]);
    expect(permissions.flatMap((permission) => permission.roleIds)).not.toContain(foreignRole.id);
  });

  it('with an environment token, acts for frontegg-user-id in frontegg-tenant-id; 400 without, 404 for a non-member', async () => {
    const { vendor, tenant, adminUser } = await accountWithMembers(server);
    const other = await createTenant(vendor);
    const asAdmin = await vendor.GET(MY_AUTHORIZATION, { params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': adminUser.id } } });
    expect(asAdmin.response.status).toBe(200);
    expect(asAdmin.data!.roles.map((role) => role.key)).toEqual(['Admin']);
    expect((await vendor.GET(MY_AUTHORIZATION, {})).response.status).toBe(400);
    const elsewhere = await vendor.GET(MY_AUTHORIZATION, { params: { header: { 'frontegg-tenant-id': other.tenantId, 'frontegg-user-id': adminUser.id } } });
    expect(elsewhere.response.status).toBe(404);
    const notAnId = await vendor.GET(MY_AUTHORIZATION, { params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': 'nope' } } });
    expect(notAnId.response.status).toBe(404);
  });

  it('needs no permission, only a token (401 without)', async () => {
    const { vendor, tenant } = await accountWithMembers(server);
    const bare = await memberWith(server, vendor, tenant.tenantId);
    const held = await bare.client.GET(MY_AUTHORIZATION, {});
    expect(held.response.status).toBe(200);
    expect(held.data).toEqual({ roles: [], permissions: [] });
    expect((await server.client.GET(MY_AUTHORIZATION, {})).response.status).toBe(401);
  });
});

describe('roles in the user profile', () => {
  it('GET users/v2/me shows the roles of the active account, their permissions, and the roles of every membership', async () => {
    const { vendor, tenant, reader, readerUser } = await accountWithMembers(server);
    const second = await createTenant(vendor);
    await server.db('user_tenants').insert({ user_id: readerUser.id, tenant_id: second.tenantId });
    await vendor.POST(USER_ROLES, {
      params: { ...path(readerUser.id), header: { 'frontegg-tenant-id': second.tenantId } },
      body: { roleIds: [ADMIN_ROLE_ID] },
    });

    const me = await reader.client.GET(ME, {});
    expect(me.response.status).toBe(200);
    expect(me.data!.roles.map((role) => role.key)).toEqual(['ReadOnly']);
    expect(me.data!.permissions.map((permission) => permission.key).sort()).toEqual([
      'fe.account-hierarchy.read.subAccount',
      'fe.account-settings.read.app',
      'fe.secure.read.groups',
      'fe.secure.read.roles',
      'fe.secure.read.securityPolicy',
      'fe.secure.read.users',
    ]);
    const byTenant = Object.fromEntries(me.data!.tenants.map((membership) => [membership.tenantId, membership.roles.map((role) => role.key)]));
    expect(byTenant).toEqual({ [tenant.tenantId]: ['ReadOnly'], [second.tenantId]: ['Admin'] });

    const vendorView = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: path(readerUser.id) });
    expect(vendorView.data!.tenants.map((membership) => membership.roles.map((role) => role.key))).toEqual([['ReadOnly'], ['Admin']]);
  });
});
