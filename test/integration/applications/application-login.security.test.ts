import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { ACTIVE_TENANTS, APP, APPS_USER, APP_TENANT, LOGIN, ME, REFRESH, appsAccount, assignTenant, createApp, decode } from '../../support/applications';
import { PASSWORD, createTenant, createUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

function loginFor(email: string, applicationId?: string, password = PASSWORD) {
  return server.client.POST(LOGIN, {
    body: { email, password },
    params: { header: applicationId === undefined ? {} : { 'frontegg-application-id': applicationId } },
  });
}

function refresh(refreshToken: string, tenantId?: string) {
  return server.client.POST(REFRESH, { body: { refreshToken, tenantId } });
}

async function me(accessToken: string): Promise<number> {
  return (await createNesteggClient({ baseUrl: server.url, accessToken }).GET(ME, {})).response.status;
}

describe('login for an application (frontegg-application-id)', () => {
  it('makes aud the application and adds applicationId; the token is accepted; refresh keeps the application', async () => {
    const { vendor, tenantId, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);

    const logged = await loginFor(admin.email, app.id);
    expect(logged.response.status).toBe(200);
    const claims = decode(logged.data!.accessToken);
    expect(claims).toMatchObject({ aud: app.id, applicationId: app.id, tenantId, sub: admin.id });
    expect(await me(logged.data!.accessToken)).toBe(200);

    const refreshed = await refresh(logged.data!.refreshToken);
    expect(refreshed.response.status).toBe(201);
    expect(decode(refreshed.data!.accessToken)).toMatchObject({ aud: app.id, applicationId: app.id, tenantId });
    expect(await me(refreshed.data!.accessToken)).toBe(200);

    const plain = await loginFor(admin.email);
    const plainClaims = decode(plain.data!.accessToken);
    expect(plainClaims.aud).toBe(server.clientId);
    expect(plainClaims).not.toHaveProperty('applicationId');
    expect(decode((await refresh(plain.data!.refreshToken)).data!.accessToken).aud).toBe(server.clientId);
  });

  it('refuses (403) an unknown, malformed or inactive application and an account it is not assigned to; a wrong password stays 401', async () => {
    const { vendor, tenantId, admin } = await appsAccount(server);
    const unknown = await loginFor(admin.email, randomUUID());
    expect(unknown.response.status).toBe(403);
    expect(unknown.error?.errorCode).toBe('ER-04010');
    expect((await loginFor(admin.email, 'not-an-id')).response.status).toBe(403);
    const inactive = await createApp(vendor, { isActive: false });
    await assignTenant(vendor, inactive.id, tenantId);
    expect((await loginFor(admin.email, inactive.id)).error?.errorCode).toBe('ER-04010');
    const unassigned = await createApp(vendor);
    const closed = await loginFor(admin.email, unassigned.id);
    expect(closed.response.status).toBe(403);
    expect(closed.error?.errorCode).toBe('ER-04011');
    const wrongPassword = await loginFor(admin.email, randomUUID(), 'wrong password entirely');
    expect(wrongPassword.response.status).toBe(401);
    expect(wrongPassword.error?.errorCode).toBe('ER-01002');
    const nobody = await loginFor(`nobody-${randomUUID()}@example.com`, unassigned.id);
    expect(nobody.response.status).toBe(401);
  });

  it('with managed access, only members assigned to the application may log in', async () => {
    const { vendor, tenantId, admin, readOnly } = await appsAccount(server);
    const app = await createApp(vendor, { accessType: 'MANAGED_ACCESS' });
    await assignTenant(vendor, app.id, tenantId);
    expect((await loginFor(readOnly.email, app.id)).error?.errorCode).toBe('ER-04011');
    await vendor.POST(APPS_USER, { body: { userId: readOnly.id, tenantId, appIds: [app.id] } });
    const logged = await loginFor(readOnly.email, app.id);
    expect(logged.response.status).toBe(200);
    expect(decode(logged.data!.accessToken).applicationId).toBe(app.id);
    expect((await loginFor(admin.email, app.id)).response.status).toBe(403);
    // The account may set its own access type: free access there opens it to every member.
    await vendor.PUT(APP_TENANT, { params: { path: { appId: app.id, tenantId } }, body: { accessType: 'FREE_ACCESS' } });
    expect((await loginFor(admin.email, app.id)).response.status).toBe(200);
  });

  it('opens the session in the account chosen for the application, else in one where the user may use it', async () => {
    const { vendor, token } = await appsAccount(server);
    const first = await createTenant(vendor);
    const second = await createTenant(vendor);
    const user = await createUser(vendor, first.tenantId);
    await server.db('user_tenants').insert({ user_id: user.id, tenant_id: second.tenantId });
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, second.tenantId);
    // Only the second account has the application: the session opens there.
    expect(decode((await loginFor(user.email, app.id)).data!.accessToken).tenantId).toBe(second.tenantId);
    await assignTenant(vendor, app.id, first.tenantId);
    const asEnvironment = createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-user-id': user.id } });
    expect(
      (await asEnvironment.PUT(ACTIVE_TENANTS, { body: { activeApplicationTenants: [{ applicationId: app.id, tenantId: first.tenantId }] } })).response.status,
    ).toBe(200);
    const logged = await loginFor(user.email, app.id);
    expect(decode(logged.data!.accessToken).tenantId).toBe(first.tenantId);
    // Refreshing into an account without the application is refused; into one with it, the application stays.
    await vendor.DELETE(APP_TENANT, { params: { path: { appId: app.id, tenantId: second.tenantId } } });
    expect((await refresh(logged.data!.refreshToken, second.tenantId)).response.status).toBe(401);
    const stayed = await refresh(logged.data!.refreshToken);
    expect(stayed.response.status).toBe(201);
    expect(decode(stayed.data!.accessToken)).toMatchObject({ aud: app.id, tenantId: first.tenantId });
  });

  it('deactivating the application refuses its tokens and refreshes; reactivating lets them work again', async () => {
    const { vendor, tenantId, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    const logged = await loginFor(admin.email, app.id);
    await vendor.PATCH(APP, { params: { path: { id: app.id } }, body: { isActive: false } });
    expect(await me(logged.data!.accessToken)).toBe(401);
    expect((await refresh(logged.data!.refreshToken)).response.status).toBe(401);
    await vendor.PATCH(APP, { params: { path: { id: app.id } }, body: { isActive: true } });
    expect(await me(logged.data!.accessToken)).toBe(200);
    expect((await refresh(logged.data!.refreshToken)).response.status).toBe(201);
  });

  it('deleting the application ends its sessions: its tokens and refresh tokens are refused', async () => {
    const { vendor, tenantId, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    const logged = await loginFor(admin.email, app.id);
    const plain = await loginFor(admin.email);
    expect((await vendor.DELETE(APP, { params: { path: { id: app.id } } })).response.status).toBe(200);
    expect(await me(logged.data!.accessToken)).toBe(401);
    expect((await refresh(logged.data!.refreshToken)).response.status).toBe(401);
    expect((await refresh(plain.data!.refreshToken)).response.status).toBe(201);
  });

  it('verification takes an application aud only from a user token that names the application, while it is active', async () => {
    const { vendor } = await appsAccount(server);
    const app = await createApp(vendor);
    const { tokens } = server.services;
    const base = {
      sub: randomUUID(),
      name: 'x',
      email: 'x@example.com',
      email_verified: true,
      metadata: {},
      roles: [],
      permissions: [],
      tenantId: 't',
      tenantIds: ['t'],
      profilePictureUrl: null,
      sid: randomUUID(),
      type: 'userToken' as const,
    };
    const forApp = await tokens.sign({ ...base, applicationId: app.id }, 60);
    expect(await tokens.verify(forApp.token, ['userToken'])).toMatchObject({ aud: app.id });
    const unknownApp = await tokens.sign({ ...base, applicationId: randomUUID() }, 60);
    expect(await tokens.verify(unknownApp.token, ['userToken'])).toBeUndefined();
    const vendorForApp = await tokens.sign({ vendorId: app.id, scopes: [], type: 'vendor' }, 60);
    expect((await tokens.verify(vendorForApp.token, ['vendor']))?.aud).toBe(server.clientId);
  });

  it('deleting an application while logins and refreshes for it run answers no 500', async () => {
    const { vendor, tenantId } = await appsAccount(server);
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(vendor, tenantId)));
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    const sessions = await Promise.all(users.map((user) => loginFor(user.email, app.id)));
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Logins and refreshes spread over time, with the deletion in the middle of them.
    const statuses = await Promise.all([
      ...users.map((user) => loginFor(user.email, app.id).then((r) => r.response.status)),
      ...sessions.map((session, i) =>
        later(10 * i)
          .then(() => refresh(session.data!.refreshToken))
          .then((r) => r.response.status),
      ),
      later(25)
        .then(() => vendor.DELETE(APP, { params: { path: { id: app.id } } }))
        .then((r) => r.response.status),
      ...users.flatMap((user, i) =>
        [later(5 * i), later(30 + 5 * i)].map((wait) => wait.then(() => loginFor(user.email, app.id)).then((r) => r.response.status)),
      ),
    ]);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(new Set(statuses.filter((status) => ![200, 201, 401, 403].includes(status)))).toEqual(new Set());
    const remaining = await server.db('sessions').where({ application_id: app.id }).count<{ count: string }[]>({ count: '*' });
    expect(Number(remaining[0].count)).toBe(0);
  });
});
