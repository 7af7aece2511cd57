import { randomUUID } from 'node:crypto';
import { PASSWORD, asVendor, createTenant, createUser, login, tenantWithUser, uniqueEmail } from '../../support/fixtures';
import { bulkInvite, waitForBulkInvite } from '../../support/invitations';
import { REFRESH, asUser, claimsOf } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const STATUSES = '/identity/resources/tenants/users/v1/statuses';
const PHONES = '/identity/resources/users/phone-numbers/v1/vendor/{userId}';
const PHONE = '/identity/resources/users/phone-numbers/v1/vendor/{userId}/{phoneId}';
const TEMPORARY_CONFIGURATION = '/identity/resources/users/temporary/v1/configuration';
const TEMPORARY_USER = '/identity/resources/users/temporary/v1/{userId}';
const DISABLE = '/identity/resources/tenants/users/v1/{userId}/disable';
const ENABLE = '/identity/resources/tenants/users/v1/{userId}/enable';
const ADD_TO_TENANT = '/identity/resources/users/v1/{userId}/tenant';
const LOGIN = '/identity/resources/auth/v1/user';
const VENDOR_CREATE = '/identity/resources/vendor-only/users/v1';
const BULK_INVITE = '/identity/resources/users/bulk/v1/invite';
const USERNAME_ME = '/identity/resources/usernames/v1/me';

const path = (userId: string) => ({ params: { path: { userId } } });

describe('GET /identity/resources/tenants/users/v1/statuses', () => {
  it("answers each user's status per account, filtered by status; unknown ids are left out", async () => {
    const { vendor, user, tenant } = await tenantWithUser(server);
    const other = await createTenant(vendor);
    expect((await vendor.POST(ADD_TO_TENANT, { ...path(user.id), body: { tenantId: other.tenantId } })).response.status).toBe(201);
    const second = await createUser(vendor, tenant.tenantId);
    await login(server, user.email);

    const all = await vendor.GET(STATUSES, { params: { query: { userIds: [user.id, second.id, randomUUID()] } } });
    expect(all.response.status).toBe(200);
    expect(all.data).toEqual([
      {
        userId: user.id,
        tenantsStatuses: [
          { tenantId: tenant.tenantId, status: 'Activated' },
          { tenantId: other.tenantId, status: 'PendingLogin' },
        ],
      },
      { userId: second.id, tenantsStatuses: [{ tenantId: tenant.tenantId, status: 'PendingLogin' }] },
    ]);
    const filtered = await vendor.GET(STATUSES, { params: { query: { userIds: [user.id], userTenantStatuses: ['PendingLogin'] } } });
    expect(filtered.data).toEqual([{ userId: user.id, tenantsStatuses: [{ tenantId: other.tenantId, status: 'PendingLogin' }] }]);

    expect((await vendor.GET(STATUSES, { params: { query: {} as never } })).response.status).toBe(400);
    expect((await vendor.GET(STATUSES, { params: { query: { userIds: ['nope'] } } })).response.status).toBe(400);
    expect((await vendor.GET(STATUSES, { params: { query: { userIds: [user.id], userTenantStatuses: ['Bogus' as never] } } })).response.status).toBe(400);
    const member = asUser(server, (await login(server, user.email)).accessToken);
    expect((await member.GET(STATUSES, { params: { query: { userIds: [user.id] } } })).response.status).toBe(401);
  });
});

describe('POST and DELETE /identity/resources/users/phone-numbers/v1/vendor/{userId}[/{phoneId}]', () => {
  it('stores a phone number (201), refuses it twice (409), deletes it by id (200, then 404)', async () => {
    const { vendor, user } = await tenantWithUser(server);
    const added = await vendor.POST(PHONES, { ...path(user.id), body: { phoneNumber: '+15550001111' } });
    expect(added.response.status).toBe(201);
    expect(added.data).toMatchObject({ phoneNumber: '+15550001111', id: expect.any(String) });
    const twice = await vendor.POST(PHONES, { ...path(user.id), body: { phoneNumber: '+15550001111' } });
    expect(twice.response.status).toBe(409);
    expect(twice.error?.errorCode).toBe('ER-02304');

    const other = await tenantWithUser(server);
    // Another user's phone id is not found under this user.
    expect((await vendor.DELETE(PHONE, { params: { path: { userId: other.user.id, phoneId: added.data!.id } } })).response.status).toBe(404);
    const deleted = await vendor.DELETE(PHONE, { params: { path: { userId: user.id, phoneId: added.data!.id } } });
    expect(deleted.error).toBeUndefined();
    expect(deleted.response.status).toBe(200);
    expect((await vendor.DELETE(PHONE, { params: { path: { userId: user.id, phoneId: added.data!.id } } })).response.status).toBe(404);
  });

  it('answers 400 for a malformed number, 404 for an unknown user, 401 without an environment token', async () => {
    const { vendor, user } = await tenantWithUser(server);
    expect((await vendor.POST(PHONES, { ...path(user.id), body: { phoneNumber: 'call me' } })).response.status).toBe(400);
    expect((await vendor.POST(PHONES, { ...path(user.id), body: {} as never })).response.status).toBe(400);
    expect((await vendor.POST(PHONES, { ...path(randomUUID()), body: { phoneNumber: '+15550001111' } })).response.status).toBe(404);
    const member = asUser(server, (await login(server, user.email)).accessToken);
    expect((await member.POST(PHONES, { ...path(user.id), body: { phoneNumber: '+15550001111' } })).response.status).toBe(401);
    expect((await member.DELETE(PHONE, { params: { path: { userId: user.id, phoneId: randomUUID() } } })).response.status).toBe(401);
  });
});

describe('temporary users', () => {
  it('configuration: off by default, switched on and off (200); 400 for a bad body; a member reads it but cannot change it (401)', async () => {
    const { client: vendor } = await asVendor(server);
    const initial = await vendor.GET(TEMPORARY_CONFIGURATION);
    expect(initial.response.status).toBe(200);
    expect(initial.data).toEqual({ enabled: false });
    expect((await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: true } })).data).toEqual({ enabled: true });
    expect((await vendor.GET(TEMPORARY_CONFIGURATION)).data).toEqual({ enabled: true });
    expect((await vendor.PUT(TEMPORARY_CONFIGURATION, { body: {} as never })).response.status).toBe(400);
    const { user } = await tenantWithUser(server);
    const member = asUser(server, (await login(server, user.email)).accessToken);
    expect((await member.GET(TEMPORARY_CONFIGURATION)).response.status).toBe(200);
    expect((await member.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: false } })).response.status).toBe(401);
  });

  it('a temporary user can neither refresh nor log in once the time is up; made permanent, they can', async () => {
    const { vendor, user } = await tenantWithUser(server);
    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: true } });
    const session = await login(server, user.email);
    const limited = await vendor.PUT(TEMPORARY_USER, { ...path(user.id), body: { expirationInSeconds: 3600 } });
    expect(limited.response.status).toBe(201);
    expect(limited.data).toEqual({ expirationInSeconds: 3600 });
    // Still in time: a refresh works.
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } });
    expect(refreshed.response.status).toBe(201);

    // Time passes (the expiry is moved into the past, as the clock would).
    await server
      .db('users')
      .where({ id: user.id })
      .update({ temporary_expires_at: server.db.raw("now() - interval '1 second'") });
    expect((await server.client.POST(REFRESH, { body: { refreshToken: refreshed.data!.refreshToken } })).response.status).toBe(401);
    const refused = await server.client.POST(LOGIN, { body: { email: user.email, password: PASSWORD } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errorCode).toBe('ER-02307');

    expect((await vendor.DELETE(TEMPORARY_USER, path(user.id))).response.status).toBe(200);
    expect((await login(server, user.email)).accessToken).toBeTruthy();
  });

  it('answers 400 below five minutes or while disabled, 404 for an unknown user; a member acts only in their account', async () => {
    const { vendor, user } = await tenantWithUser(server);
    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: true } });
    expect((await vendor.PUT(TEMPORARY_USER, { ...path(user.id), body: { expirationInSeconds: 10 } })).response.status).toBe(400);
    expect((await vendor.PUT(TEMPORARY_USER, { ...path(randomUUID()), body: { expirationInSeconds: 600 } })).response.status).toBe(404);
    expect((await vendor.DELETE(TEMPORARY_USER, path(randomUUID()))).response.status).toBe(404);
    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: false } });
    const disabled = await vendor.PUT(TEMPORARY_USER, { ...path(user.id), body: { expirationInSeconds: 600 } });
    expect(disabled.response.status).toBe(400);
    expect(disabled.error?.errorCode).toBe('ER-02306');
    const member = asUser(server, (await login(server, user.email)).accessToken);
    // The Admin Portal calls these with the member's token (fe.secure.write.users): in their account only.
    expect((await member.PUT(TEMPORARY_USER, { ...path(user.id), body: { expirationInSeconds: 600 } })).response.status).toBe(400);
    expect((await member.DELETE(TEMPORARY_USER, path(user.id))).response.status).toBe(200);
    const { user: stranger } = await tenantWithUser(server);
    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: true } });
    expect((await member.PUT(TEMPORARY_USER, { ...path(stranger.id), body: { expirationInSeconds: 600 } })).response.status).toBe(404);
    expect((await member.DELETE(TEMPORARY_USER, path(stranger.id))).response.status).toBe(404);
    expect((await member.PUT(TEMPORARY_USER, { ...path(user.id), body: { expirationInSeconds: 600 } })).response.status).toBe(201);
    expect((await vendor.DELETE(TEMPORARY_USER, path(user.id))).response.status).toBe(200);
    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: false } });
  });

  // Here, with the other tests that switch temporary users on and off (the setting is environment-wide).
  it('a user created with expirationInSeconds, by the environment or in a bulk invite, is temporary; while disabled it is a 400', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: false } });
    const created = { tenantId: tenant.tenantId, email: uniqueEmail(), expirationInSeconds: 3600, username: `Temp.${randomUUID().slice(0, 8)}` };
    const refused = await vendor.POST(VENDOR_CREATE, { body: created });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-02306');
    const bulkRefused = await vendor.POST(BULK_INVITE, {
      params: { header: { 'frontegg-tenant-id': tenant.tenantId } },
      body: { users: [{ email: uniqueEmail(), expirationInSeconds: 3600 }] },
    });
    expect(bulkRefused.response.status).toBe(400);
    expect(bulkRefused.error?.errorCode).toBe('ER-02306');

    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: true } });
    const made = await vendor.POST(VENDOR_CREATE, { body: created });
    expect(made.response.status).toBe(201);
    const invitedEmail = uniqueEmail();
    const id = await bulkInvite(vendor, [{ email: invitedEmail, expirationInSeconds: 7200 }], tenant.tenantId);
    expect((await waitForBulkInvite(vendor, id)).invitedUsers).toBe(1);
    const rows = await server
      .db('users')
      .whereIn('email_normalized', [created.email, invitedEmail])
      .select('email_normalized', server.db.raw('extract(epoch from temporary_expires_at - now()) as seconds'));
    const seconds = Object.fromEntries(rows.map((row) => [row.email_normalized, Number(row.seconds)]));
    expect(seconds[created.email]).toBeGreaterThan(3500);
    expect(seconds[created.email]).toBeLessThanOrEqual(3600);
    expect(seconds[invitedEmail]).toBeGreaterThan(7100);
    // The username sent is the user's, in lower case; another user cannot have it.
    const username = await vendor.GET(USERNAME_ME, { params: { header: { 'frontegg-user-id': made.data!.id, 'frontegg-tenant-id': tenant.tenantId } } });
    expect(username.data).toMatchObject({ username: created.username.toLowerCase() });
    const taken = await vendor.POST(VENDOR_CREATE, { body: { tenantId: tenant.tenantId, email: uniqueEmail(), username: created.username } });
    expect(taken.response.status).toBe(409);
    await vendor.PUT(TEMPORARY_CONFIGURATION, { body: { enabled: false } });
  });
});

describe('POST /identity/resources/tenants/users/v1/{userId}/disable and /enable', () => {
  it("disabling ends the member's sessions in that account only; enabling lets them back in", async () => {
    const { vendor, user, tenant } = await tenantWithUser(server);
    const other = await createTenant(vendor);
    expect((await vendor.POST(ADD_TO_TENANT, { ...path(user.id), body: { tenantId: other.tenantId } })).response.status).toBe(201);
    const here = await login(server, user.email);
    expect(claimsOf(here.accessToken).tenantId).toBe(tenant.tenantId);

    const disabled = await vendor.POST(DISABLE, { params: { path: { userId: user.id }, header: { 'frontegg-tenant-id': tenant.tenantId } } });
    expect(disabled.response.status).toBe(200);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: here.refreshToken } })).response.status).toBe(401);
    // A new login opens in the account where the user is still enabled.
    const elsewhere = await login(server, user.email);
    expect(claimsOf(elsewhere.accessToken).tenantId).toBe(other.tenantId);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: elsewhere.refreshToken } })).response.status).toBe(201);

    const enabled = await vendor.POST(ENABLE, { params: { path: { userId: user.id }, header: { 'frontegg-tenant-id': tenant.tenantId } } });
    expect(enabled.response.status).toBe(200);
    const read = await vendor.GET('/identity/resources/users/v1/email', { params: { query: { email: user.email } } });
    expect(read.data?.tenants.find((entry) => entry.tenantId === tenant.tenantId)?.isDisabled).toBe(false);
  });

  it("an admin acts in their own account (200); another account's user is 404; a read-only member is 403; 400 without the header", async () => {
    const { vendor, user: admin, tenant } = await tenantWithUser(server);
    const member = await createUser(vendor, tenant.tenantId);
    const adminClient = asUser(server, (await login(server, admin.email)).accessToken);
    expect((await adminClient.POST(DISABLE, path(member.id))).response.status).toBe(200);
    expect((await adminClient.POST(ENABLE, path(member.id))).response.status).toBe(200);

    const stranger = await tenantWithUser(server);
    expect((await adminClient.POST(DISABLE, path(stranger.user.id))).response.status).toBe(404);
    expect((await adminClient.POST(ENABLE, path(stranger.user.id))).response.status).toBe(404);
    expect((await adminClient.POST(DISABLE, path(randomUUID()))).response.status).toBe(404);

    const readOnly = asUser(server, (await login(server, member.email)).accessToken);
    expect((await readOnly.POST(DISABLE, path(admin.id))).response.status).toBe(403);
    expect((await vendor.POST(DISABLE, path(member.id))).response.status).toBe(400);
    expect((await server.client.POST(DISABLE, path(member.id))).response.status).toBe(401);
  });
});
