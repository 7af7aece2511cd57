import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import {
  ACTIVE_TENANTS,
  APPS_USER,
  APPS_USERS,
  APP_USERS,
  APP_USERS_ASSIGN,
  USERS_APPS,
  USER_APPS,
  USER_APPS_SDK,
  appsAccount,
  assignTenant,
  createApp,
} from '../../support/applications';
import { login } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

/** An account with an application assigned to it, and a member whose roles were all taken away (holds no permission). */
async function setup() {
  const account = await appsAccount(server);
  const app = await createApp(account.vendor, { accessType: 'MANAGED_ACCESS' });
  await assignTenant(account.vendor, app.id, account.tenantId);
  const bare = await account.addMember();
  const me = await bare.client.GET('/identity/resources/users/v2/me', {});
  await account.vendor.DELETE('/identity/resources/users/v1/{userId}/roles', {
    params: { path: { userId: bare.id }, header: { 'frontegg-tenant-id': account.tenantId } },
    body: { roleIds: (me.data?.roles ?? []).map((role) => role.id) },
  });
  const { accessToken } = await login(server, bare.email);
  const noPermissions = createNesteggClient({ baseUrl: server.url, accessToken });
  return { ...account, app, noPermissions };
}

describe('POST /identity/resources/applications/v1 (assign users to an application)', () => {
  it('assigns members (201), answers their assignments, and keeps earlier ones', async () => {
    const { admin, readOnly, tenantId, app } = await setup();
    const first = await admin.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } });
    expect(first.response.status).toBe(201);
    expect(first.data).toEqual([{ appId: app.id, userTenantId: expect.stringMatching(/^[0-9a-f-]{36}$/), createdAt: expect.any(String) }]);
    const second = await admin.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id, admin.id] } });
    expect(second.data).toHaveLength(2);
    expect(second.data).toContainEqual(first.data![0]);
    const users = await admin.client.GET(APP_USERS, { params: { path: { appId: app.id } } });
    expect(users.data?.sort()).toEqual([admin.id, readOnly.id].sort());
  });

  it('answers 400 naming non-members, 404 for an unknown or unassigned application, 403 without fe.secure.write.users, 401 without a token', async () => {
    const { admin, readOnly, vendor, tenantId, app } = await setup();
    const stranger = await appsAccount(server);
    const notMembers = await admin.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id, stranger.admin.id, 'bad'] } });
    expect(notMembers.response.status).toBe(400);
    expect(notMembers.error?.errorCode).toBe('ER-03105');
    expect(notMembers.error?.errors[0]).toContain(stranger.admin.id);
    expect((await admin.client.GET(APP_USERS, { params: { path: { appId: app.id } } })).data).toEqual([]);
    const unknown = await admin.client.POST(APP_USERS_ASSIGN, { body: { appId: randomUUID(), tenantId, userIds: [readOnly.id] } });
    expect(unknown.response.status).toBe(404);
    const unassigned = await createApp(vendor);
    const closed = await admin.client.POST(APP_USERS_ASSIGN, { body: { appId: unassigned.id, tenantId, userIds: [readOnly.id] } });
    expect(closed.response.status).toBe(404);
    expect(closed.error?.errorCode).toBe('ER-04006');
    expect((await admin.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [] } })).response.status).toBe(400);
    const refused = await readOnly.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.secure\.write\.users/);
    expect((await server.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } })).response.status).toBe(401);
  });

  it('a user of another account cannot assign in this account (404); the environment token can', async () => {
    const { readOnly, tenantId, app, vendor } = await setup();
    const other = await appsAccount(server);
    const crossed = await other.admin.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } });
    expect(crossed.response.status).toBe(404);
    expect(crossed.error?.errorCode).toBe('ER-02001');
    expect((await vendor.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } })).response.status).toBe(201);
  });
});

describe('DELETE /identity/resources/applications/v1 (unassign users)', () => {
  it('takes members off the application (200); users not assigned are ignored', async () => {
    const { admin, readOnly, tenantId, app } = await setup();
    await admin.client.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id, admin.id] } });
    const removed = await admin.client.DELETE(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } });
    expect(removed.response.status).toBe(200);
    expect((await admin.client.GET(APP_USERS, { params: { path: { appId: app.id } } })).data).toEqual([admin.id]);
    expect((await admin.client.DELETE(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } })).response.status).toBe(200);
  });

  it('answers 400, 404, 403, 401, and 404 for another account', async () => {
    const { admin, readOnly, tenantId, app } = await setup();
    const other = await appsAccount(server);
    expect((await admin.client.DELETE(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [other.admin.id] } })).response.status).toBe(400);
    expect((await admin.client.DELETE(APP_USERS_ASSIGN, { body: { appId: randomUUID(), tenantId, userIds: [readOnly.id] } })).response.status).toBe(404);
    expect((await readOnly.client.DELETE(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } })).response.status).toBe(403);
    expect((await server.client.DELETE(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } })).response.status).toBe(401);
    expect((await other.admin.client.DELETE(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } })).response.status).toBe(404);
  });
});

describe('GET /identity/resources/applications/v1/{appId}/users and /v1/{userId}/apps', () => {
  it("list assignments within the caller's account; the environment sees every account, or the one of frontegg-tenant-id", async () => {
    const { admin, readOnly, tenantId, app, vendor, asEnvironment } = await setup();
    const other = await appsAccount(server);
    await assignTenant(vendor, app.id, other.tenantId);
    await vendor.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId, userIds: [readOnly.id] } });
    await vendor.POST(APP_USERS_ASSIGN, { body: { appId: app.id, tenantId: other.tenantId, userIds: [other.readOnly.id] } });

    expect((await readOnly.client.GET(APP_USERS, { params: { path: { appId: app.id } } })).data).toEqual([readOnly.id]);
    expect((await other.readOnly.client.GET(APP_USERS, { params: { path: { appId: app.id } } })).data).toEqual([other.readOnly.id]);
    expect((await asEnvironment.GET(APP_USERS, { params: { path: { appId: app.id } } })).data).toEqual([readOnly.id]);
    expect((await vendor.GET(APP_USERS, { params: { path: { appId: app.id } } })).data?.sort()).toEqual([readOnly.id, other.readOnly.id].sort());

    const apps = await admin.client.GET(USER_APPS, { params: { path: { userId: readOnly.id } } });
    expect(apps.response.status).toBe(200);
    expect(apps.data).toEqual([app.id]);
    expect((await admin.client.GET(USER_APPS, { params: { path: { userId: admin.id } } })).data).toEqual([]);
    const foreign = await admin.client.GET(USER_APPS, { params: { path: { userId: other.readOnly.id } } });
    expect(foreign.response.status).toBe(404);
    expect((await vendor.GET(USER_APPS, { params: { path: { userId: other.readOnly.id } } })).data).toEqual([app.id]);
  });

  it('answer 404 for an unknown application or user, 400 for malformed ids, 403 without fe.secure.read.users, 401 without a token', async () => {
    const { admin, app, noPermissions } = await setup();
    expect((await admin.client.GET(APP_USERS, { params: { path: { appId: randomUUID() } } })).response.status).toBe(404);
    expect((await admin.client.GET(USER_APPS, { params: { path: { userId: randomUUID() } } })).response.status).toBe(404);
    expect((await admin.client.GET(APP_USERS, { params: { path: { appId: 'x' } } })).response.status).toBe(400);
    expect((await admin.client.GET(USER_APPS, { params: { path: { userId: 'x' } } })).response.status).toBe(400);
    const refused = await noPermissions.GET(APP_USERS, { params: { path: { appId: app.id } } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.secure\.read\.users/);
    expect((await noPermissions.GET(USER_APPS, { params: { path: { userId: admin.id } } })).response.status).toBe(403);
    expect((await server.client.GET(APP_USERS, { params: { path: { appId: app.id } } })).response.status).toBe(401);
    expect((await server.client.GET(USER_APPS, { params: { path: { userId: admin.id } } })).response.status).toBe(401);
  });
});

describe('the SDK routes: users-apps, apps-users, apps-user, user-apps', () => {
  it('assign one user to several applications (201), list both ways, unassign (200)', async () => {
    const { admin, readOnly, tenantId, app, vendor } = await setup();
    const second = await createApp(vendor);
    await assignTenant(vendor, second.id, tenantId);
    const assigned = await admin.client.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [app.id, second.id] } });
    expect(assigned.response.status).toBe(201);

    const usersApps = await admin.client.GET(USERS_APPS, { params: { query: { userIds: `${readOnly.id},${admin.id},${randomUUID()},bad` } } });
    expect(usersApps.response.status).toBe(200);
    expect(usersApps.data).toEqual([
      { userId: readOnly.id, appIds: expect.arrayContaining([app.id, second.id]) },
      { userId: admin.id, appIds: [] },
    ]);
    const appsUsers = await readOnly.client.GET(APPS_USERS, { params: { query: { appIds: `${app.id},${second.id},${randomUUID()}` } } });
    expect(appsUsers.data).toEqual([
      { appId: app.id, userIds: [readOnly.id] },
      { appId: second.id, userIds: [readOnly.id] },
    ]);

    const removed = await admin.client.DELETE(USER_APPS_SDK, { body: { userId: readOnly.id, tenantId, appIds: [second.id] } });
    expect(removed.response.status).toBe(200);
    expect((await admin.client.GET(USER_APPS, { params: { path: { userId: readOnly.id } } })).data).toEqual([app.id]);
  });

  it('answer 400 naming unknown or unassigned applications, 404 for a non-member or another account, 403, 401', async () => {
    const { admin, readOnly, tenantId, app, vendor, noPermissions } = await setup();
    const other = await appsAccount(server);
    const closed = await createApp(vendor);
    const unknownId = randomUUID();
    const unknown = await admin.client.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [app.id, unknownId] } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error).toMatchObject({ errorCode: 'ER-04008', errors: [expect.stringContaining(unknownId)] });
    const notAssigned = await admin.client.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [closed.id] } });
    expect(notAssigned.response.status).toBe(400);
    expect(notAssigned.error?.errorCode).toBe('ER-04009');
    expect((await admin.client.GET(USER_APPS, { params: { path: { userId: readOnly.id } } })).data).toEqual([]);
    expect((await admin.client.POST(APPS_USER, { body: { userId: other.admin.id, tenantId, appIds: [app.id] } })).response.status).toBe(404);
    expect((await other.admin.client.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } })).response.status).toBe(404);
    expect((await other.admin.client.DELETE(USER_APPS_SDK, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } })).response.status).toBe(404);
    expect((await admin.client.DELETE(USER_APPS_SDK, { body: { userId: readOnly.id, tenantId, appIds: ['bad'] } })).response.status).toBe(400);
    expect((await admin.client.POST(APPS_USER, { body: { userId: 'bad', tenantId, appIds: [app.id] } })).response.status).toBe(400);
    expect((await readOnly.client.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } })).response.status).toBe(403);
    expect((await readOnly.client.DELETE(USER_APPS_SDK, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } })).response.status).toBe(403);
    expect((await noPermissions.GET(USERS_APPS, { params: { query: { userIds: readOnly.id } } })).response.status).toBe(403);
    expect((await noPermissions.GET(APPS_USERS, { params: { query: { appIds: app.id } } })).response.status).toBe(403);
    expect((await server.client.GET(USERS_APPS, { params: { query: { userIds: readOnly.id } } })).response.status).toBe(401);
    expect((await server.client.GET(APPS_USERS, { params: { query: { appIds: app.id } } })).response.status).toBe(401);
    expect((await server.client.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } })).response.status).toBe(401);
    expect((await server.client.DELETE(USER_APPS_SDK, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } })).response.status).toBe(401);
    expect((await admin.client.GET(USERS_APPS, {} as never)).response.status).toBe(400);
    // Another account's user reads nothing of this account through the lists.
    await vendor.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } });
    expect((await other.admin.client.GET(USERS_APPS, { params: { query: { userIds: readOnly.id } } })).data).toEqual([]);
    expect((await other.admin.client.GET(APPS_USERS, { params: { query: { appIds: app.id } } })).data).toEqual([{ appId: app.id, userIds: [] }]);
  });
});

describe('GET and PUT /identity/resources/applications/user-tenants/active/v1', () => {
  it('saves and reads, per application, the account the user logs in to', async () => {
    const { vendor, admin, tenantId } = await setup();
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    expect((await admin.client.GET(ACTIVE_TENANTS, {})).data).toEqual({ applicationActiveTenants: [] });
    const saved = await admin.client.PUT(ACTIVE_TENANTS, { body: { activeApplicationTenants: [{ applicationId: app.id, tenantId }] } });
    expect(saved.response.status).toBe(200);
    const read = await admin.client.GET(ACTIVE_TENANTS, {});
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({ applicationActiveTenants: [{ applicationId: app.id, tenantId }] });
    const asEnvironment = await vendor.GET(ACTIVE_TENANTS, { params: { header: { 'frontegg-user-id': admin.id } } });
    expect(asEnvironment.data).toEqual(read.data);
  });

  it('answers 400 for an account the user is not in or that cannot use the application, 404 for an unknown application or user, 400 without frontegg-user-id, 401', async () => {
    const { vendor, admin, tenantId, app } = await setup();
    const other = await appsAccount(server);
    const closed = await createApp(vendor);
    const notMember = await admin.client.PUT(ACTIVE_TENANTS, { body: { activeApplicationTenants: [{ applicationId: app.id, tenantId: other.tenantId }] } });
    expect(notMember.response.status).toBe(400);
    expect(notMember.error?.errorCode).toBe('ER-04012');
    expect((await admin.client.PUT(ACTIVE_TENANTS, { body: { activeApplicationTenants: [{ applicationId: closed.id, tenantId }] } })).response.status).toBe(
      400,
    );
    expect((await admin.client.PUT(ACTIVE_TENANTS, { body: { activeApplicationTenants: [{ applicationId: randomUUID(), tenantId }] } })).response.status).toBe(
      404,
    );
    expect((await admin.client.PUT(ACTIVE_TENANTS, { body: {} as never })).response.status).toBe(400);
    expect((await admin.client.GET(ACTIVE_TENANTS, {})).data).toEqual({ applicationActiveTenants: [] });
    expect((await vendor.GET(ACTIVE_TENANTS, {})).response.status).toBe(400);
    expect((await vendor.GET(ACTIVE_TENANTS, { params: { header: { 'frontegg-user-id': randomUUID() } } })).response.status).toBe(404);
    expect((await server.client.GET(ACTIVE_TENANTS, {})).response.status).toBe(401);
    expect((await server.client.PUT(ACTIVE_TENANTS, { body: { activeApplicationTenants: [] } })).response.status).toBe(401);
  });
});
