import { randomUUID } from 'node:crypto';
import { PASSWORD, createTenant, createUser, login, tenantWithUser, uniqueEmail } from '../../support/fixtures';
import { GROUP_USERS, createGroup } from '../../support/groups';
import { REFRESH, asUser } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const BY_EMAIL = '/identity/resources/users/v1/email';
const USER = '/identity/resources/users/v1/{userId}';
const VERIFY_PASSWORD = '/identity/resources/vendor-only/users/v1/passwords/verify';
const VERIFY = '/identity/resources/users/v1/{userId}/verify';
const LOCK = '/identity/resources/users/v1/{userId}/lock';
const UNLOCK = '/identity/resources/users/v1/{userId}/unlock';
const INVISIBLE = '/identity/resources/users/v1/{userId}/invisible';
const SUPERUSER = '/identity/resources/users/v1/{userId}/superuser';
const TENANT = '/identity/resources/users/v1/{userId}/tenant';
const MIGRATE = '/identity/resources/users/v1/tenants/migrate';

const path = (userId: string) => ({ params: { path: { userId } } });

describe('GET /identity/resources/users/v1/email', () => {
  it('finds a user whatever the case of the email (200), 404 for an unknown one, 401 without an environment token', async () => {
    const { vendor, user, tenant } = await tenantWithUser(server);
    const found = await vendor.GET(BY_EMAIL, { params: { query: { email: ` ${user.email.toUpperCase()} ` } } });
    expect(found.response.status).toBe(200);
    expect(found.data).toMatchObject({ id: user.id, email: user.email, tenantIds: [tenant.tenantId], invisible: false, superUser: false });

    const missing = await vendor.GET(BY_EMAIL, { params: { query: { email: uniqueEmail() } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errorCode).toBe('ER-02003');
    expect((await vendor.GET(BY_EMAIL, { params: { query: {} as never } })).response.status).toBe(400);

    const member = asUser(server, (await login(server, user.email)).accessToken);
    expect((await member.GET(BY_EMAIL, { params: { query: { email: user.email } } })).response.status).toBe(401);
    expect((await server.client.GET(BY_EMAIL, { params: { query: { email: user.email } } })).response.status).toBe(401);
  });
});

describe('GET /identity/resources/users/v1/{id}', () => {
  it('reads a member of the account in the header (200); 404 in an account they are not in, or for an unknown id; 400 without the header', async () => {
    const { vendor, user, tenant } = await tenantWithUser(server);
    const other = await createTenant(vendor);
    const ok = await vendor.GET(USER, { params: { path: { userId: user.id }, header: { 'frontegg-tenant-id': tenant.tenantId } } });
    expect(ok.response.status).toBe(200);
    expect(ok.data).toMatchObject({ id: user.id, tenantId: tenant.tenantId });

    const elsewhere = await vendor.GET(USER, { params: { path: { userId: user.id }, header: { 'frontegg-tenant-id': other.tenantId } } });
    expect(elsewhere.response.status).toBe(404);
    const unknown = await vendor.GET(USER, { params: { path: { userId: randomUUID() }, header: { 'frontegg-tenant-id': tenant.tenantId } } });
    expect(unknown.response.status).toBe(404);
    const noHeader = await vendor.GET(USER, { params: { path: { userId: user.id } } as never });
    expect(noHeader.response.status).toBe(400);
    const malformed = await vendor.GET(USER, { params: { path: { userId: 'nope' }, header: { 'frontegg-tenant-id': tenant.tenantId } } });
    expect(malformed.response.status).toBe(400);
  });
});

describe('PUT /identity/resources/users/v1/{userId}', () => {
  it('changes only the fields sent (200), rejects metadata that is not a JSON object (400), 404 for an unknown user', async () => {
    const { vendor, user } = await tenantWithUser(server);
    const updated = await vendor.PUT(USER, {
      ...path(user.id),
      body: { name: 'Grace', metadata: '{"plan":"pro"}', vendorMetadata: '{"crm":7}', externalId: 'ext-1', mfaBypass: true, phoneNumber: '+15551234567' },
    });
    expect(updated.response.status).toBe(200);
    expect(updated.data).toMatchObject({
      name: 'Grace',
      metadata: '{"plan":"pro"}',
      vendorMetadata: '{"crm":7}',
      externalId: 'ext-1',
      mfaBypass: true,
      phoneNumber: '+15551234567',
      email: user.email,
    });

    const partial = await vendor.PUT(USER, { ...path(user.id), body: { profilePictureUrl: 'https://example.com/a.png' } });
    expect(partial.data).toMatchObject({ name: 'Grace', metadata: '{"plan":"pro"}', profilePictureUrl: 'https://example.com/a.png' });

    // The new metadata is in the next access token, as an object.
    const session = await login(server, user.email);
    expect(JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).metadata).toEqual({ plan: 'pro' });

    const bad = await vendor.PUT(USER, { ...path(user.id), body: { metadata: 'not json' } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errorCode).toBe('ER-02005');
    const badVendor = await vendor.PUT(USER, { ...path(user.id), body: { vendorMetadata: '[1]' } });
    expect(badVendor.response.status).toBe(400);
    const tooLong = await vendor.PUT(USER, { ...path(user.id), body: { name: 'x'.repeat(256) } });
    expect(tooLong.response.status).toBe(400);
    const unknownField = await vendor.PUT(USER, { ...path(user.id), body: { email: uniqueEmail() } as never });
    expect(unknownField.response.status).toBe(400);

    expect((await vendor.PUT(USER, { ...path(randomUUID()), body: { name: 'x' } })).response.status).toBe(404);
    const member = asUser(server, session.accessToken);
    expect((await member.PUT(USER, { ...path(user.id), body: { name: 'x' } })).response.status).toBe(401);
  });
});

describe('POST /identity/resources/vendor-only/users/v1/passwords/verify', () => {
  it('answers 200 for the right password and the same 401 for a wrong one or an unknown email', async () => {
    const { vendor, user } = await tenantWithUser(server);
    const right = await vendor.POST(VERIFY_PASSWORD, { body: { email: user.email.toUpperCase(), password: PASSWORD } });
    expect(right.response.status).toBe(200);
    expect(right.data).toEqual({});

    const wrong = await vendor.POST(VERIFY_PASSWORD, { body: { email: user.email, password: 'wrong password' } });
    const unknown = await vendor.POST(VERIFY_PASSWORD, { body: { email: uniqueEmail(), password: 'wrong password' } });
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(unknown.error).toEqual(wrong.error);

    expect((await vendor.POST(VERIFY_PASSWORD, { body: { email: user.email } as never })).response.status).toBe(400);
    const member = asUser(server, (await login(server, user.email)).accessToken);
    expect((await member.POST(VERIFY_PASSWORD, { body: { email: user.email, password: PASSWORD } })).response.status).toBe(401);
  });
});

describe('POST /identity/resources/users/v1/{userId}/verify', () => {
  it('marks the user verified (200); 404 for an unknown user; 400 for a malformed id', async () => {
    const { vendor, user } = await tenantWithUser(server);
    // A user made through the environment is verified already; the route is idempotent.
    expect((await vendor.POST(VERIFY, path(user.id))).response.status).toBe(200);
    const read = await vendor.GET(BY_EMAIL, { params: { query: { email: user.email } } });
    expect(read.data?.verified).toBe(true);
    expect((await vendor.POST(VERIFY, path(randomUUID()))).response.status).toBe(404);
    expect((await vendor.POST(VERIFY, path('nope'))).response.status).toBe(400);
    expect((await server.client.POST(VERIFY, path(user.id))).response.status).toBe(401);
  });
});

describe('POST /identity/resources/users/v1/{userId}/lock and /unlock', () => {
  it('locking ends the sessions at once and refuses login; unlocking lets the user log in again', async () => {
    const { vendor, user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    expect((await vendor.POST(LOCK, path(user.id))).response.status).toBe(200);

    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } });
    expect(refreshed.response.status).toBe(401);
    const loginLocked = await server.client.POST('/identity/resources/auth/v1/user', { body: { email: user.email, password: PASSWORD } });
    // The answer of a wrong password: a locked account is not disclosed to the caller.
    expect(loginLocked.response.status).toBe(401);
    expect(loginLocked.error?.errorCode).toBe('ER-01002');
    expect((await vendor.GET(BY_EMAIL, { params: { query: { email: user.email } } })).data?.isLocked).toBe(true);

    expect((await vendor.POST(UNLOCK, path(user.id))).response.status).toBe(200);
    expect((await vendor.GET(BY_EMAIL, { params: { query: { email: user.email } } })).data?.isLocked).toBe(false);
    const again = await login(server, user.email);
    expect(again.accessToken).toBeTruthy();
    // The session ended by the lock stays ended.
    expect((await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(401);
  });

  it('answers 404 for an unknown user and 401 to a user token', async () => {
    const { vendor, user } = await tenantWithUser(server);
    expect((await vendor.POST(LOCK, path(randomUUID()))).response.status).toBe(404);
    expect((await vendor.POST(UNLOCK, path(randomUUID()))).response.status).toBe(404);
    const member = asUser(server, (await login(server, user.email)).accessToken);
    expect((await member.POST(LOCK, path(user.id))).response.status).toBe(401);
    expect((await member.POST(UNLOCK, path(user.id))).response.status).toBe(401);
  });
});

describe('PUT /identity/resources/users/v1/{userId}/invisible and /superuser', () => {
  it('sets and clears the modes (200), 400 without the flag, 404 for an unknown user', async () => {
    const { vendor, user } = await tenantWithUser(server);
    const hidden = await vendor.PUT(INVISIBLE, { ...path(user.id), body: { invisible: true } });
    expect(hidden.response.status).toBe(200);
    expect(hidden.data).toMatchObject({ id: user.id, invisible: true, superUser: false });
    const superUser = await vendor.PUT(SUPERUSER, { ...path(user.id), body: { superUser: true } });
    expect(superUser.data).toMatchObject({ invisible: true, superUser: true });
    const cleared = await vendor.PUT(INVISIBLE, { ...path(user.id), body: { invisible: false } });
    expect(cleared.data).toMatchObject({ invisible: false, superUser: true });

    expect((await vendor.PUT(INVISIBLE, { ...path(user.id), body: {} as never })).response.status).toBe(400);
    expect((await vendor.PUT(SUPERUSER, { ...path(user.id), body: { superUser: 'yes' } as never })).response.status).toBe(400);
    expect((await vendor.PUT(INVISIBLE, { ...path(randomUUID()), body: { invisible: true } })).response.status).toBe(404);
    expect((await vendor.PUT(SUPERUSER, { ...path(randomUUID()), body: { superUser: true } })).response.status).toBe(404);
    expect((await server.client.PUT(SUPERUSER, { ...path(user.id), body: { superUser: true } })).response.status).toBe(401);
  });
});

describe('POST /identity/resources/users/v1/{userId}/tenant', () => {
  it('adds the user to another account with its roles (201); 409 when a member already; 404 for an unknown account or user', async () => {
    const { vendor, user, tenant } = await tenantWithUser(server);
    const other = await createTenant(vendor);
    await createUser(vendor, other.tenantId); // so the added user gets the default role, not the first user's
    const added = await vendor.POST(TENANT, { ...path(user.id), body: { tenantId: other.tenantId, skipInviteEmail: true } });
    expect(added.response.status).toBe(201);
    expect(added.data?.tenantIds.sort()).toEqual([tenant.tenantId, other.tenantId].sort());
    expect(added.data?.tenants.find((entry) => entry.tenantId === other.tenantId)?.roles.map((role) => role.key)).toEqual(['ReadOnly']);

    const again = await vendor.POST(TENANT, { ...path(user.id), body: { tenantId: other.tenantId } });
    expect(again.response.status).toBe(409);
    expect(again.error?.errorCode).toBe('ER-02301');
    expect((await vendor.POST(TENANT, { ...path(user.id), body: { tenantId: `nope-${randomUUID()}` } })).response.status).toBe(404);
    expect((await vendor.POST(TENANT, { ...path(randomUUID()), body: { tenantId: other.tenantId } })).response.status).toBe(404);
    expect((await vendor.POST(TENANT, { ...path(user.id), body: {} as never })).response.status).toBe(400);
    expect((await server.client.POST(TENANT, { ...path(user.id), body: { tenantId: other.tenantId } })).response.status).toBe(401);
  });
});

describe('PUT /identity/resources/users/v1/{userId}/tenant', () => {
  it('makes the next login open in the chosen account (200); 400 when the user is not a member there; 404 for unknowns', async () => {
    const { vendor, user, tenant } = await tenantWithUser(server);
    const other = await createTenant(vendor);
    expect((await vendor.POST(TENANT, { ...path(user.id), body: { tenantId: other.tenantId } })).response.status).toBe(201);
    const moved = await vendor.PUT(TENANT, { ...path(user.id), body: { tenantId: other.tenantId } });
    expect(moved.response.status).toBe(200);
    expect(moved.data?.tenantId).toBe(other.tenantId);
    const session = await login(server, user.email);
    expect(JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).tenantId).toBe(other.tenantId);

    const notMember = await vendor.PUT(TENANT, { ...path(user.id), body: { tenantId: (await createTenant(vendor)).tenantId } });
    expect(notMember.response.status).toBe(400);
    expect(notMember.error?.errorCode).toBe('ER-02302');
    expect((await vendor.PUT(TENANT, { ...path(user.id), body: { tenantId: `nope-${randomUUID()}` } })).response.status).toBe(404);
    expect((await vendor.PUT(TENANT, { ...path(randomUUID()), body: { tenantId: tenant.tenantId } })).response.status).toBe(404);
    expect((await server.client.PUT(TENANT, { ...path(user.id), body: { tenantId: tenant.tenantId } })).response.status).toBe(401);
  });
});

describe('PUT /identity/resources/users/v1/tenants/migrate', () => {
  it('moves every member to the target account, ending their sessions in the source (200)', async () => {
    const { vendor, user, tenant } = await tenantWithUser(server);
    const second = await createUser(vendor, tenant.tenantId);
    const target = await createTenant(vendor);
    const alreadyThere = await createUser(vendor, target.tenantId);
    expect((await vendor.POST(TENANT, { ...path(second.id), body: { tenantId: target.tenantId } })).response.status).toBe(201);
    const session = await login(server, user.email);
    const admin = asUser(server, session.accessToken);
    const group = await createGroup(admin);
    expect((await admin.POST(GROUP_USERS, { params: { path: { groupId: group.id } }, body: { userIds: [user.id, second.id] } })).response.status).toBe(201);

    const moved = await vendor.PUT(MIGRATE, { body: { srcTenantId: tenant.tenantId, targetTenantId: target.tenantId } });
    expect(moved.response.status).toBe(200);
    for (const member of [user, second]) {
      const read = await vendor.GET(BY_EMAIL, { params: { query: { email: member.email } } });
      expect(read.data?.tenantIds).toEqual([target.tenantId]);
    }
    const moverRoles = (await vendor.GET(BY_EMAIL, { params: { query: { email: user.email } } })).data?.roles.map((role) => role.key);
    expect(moverRoles).toEqual(['ReadOnly']);
    expect((await vendor.GET(BY_EMAIL, { params: { query: { email: alreadyThere.email } } })).data?.tenantIds).toEqual([target.tenantId]);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(401);
    // They left the source account's groups.
    expect(Number((await server.db('group_users').where({ group_id: group.id }).count<{ count: string }[]>('* as count'))[0].count)).toBe(0);
    const next = await login(server, user.email);
    expect(JSON.parse(Buffer.from(next.accessToken.split('.')[1], 'base64url').toString()).tenantId).toBe(target.tenantId);
  });

  it('answers 400 for the same account twice, 404 for an unknown one, 401 without an environment token', async () => {
    const { vendor, tenant, user } = await tenantWithUser(server);
    const same = await vendor.PUT(MIGRATE, { body: { srcTenantId: tenant.tenantId, targetTenantId: tenant.tenantId } });
    expect(same.response.status).toBe(400);
    expect(same.error?.errorCode).toBe('ER-02303');
    expect((await vendor.PUT(MIGRATE, { body: { srcTenantId: tenant.tenantId, targetTenantId: `nope-${randomUUID()}` } })).response.status).toBe(404);
    expect((await vendor.PUT(MIGRATE, { body: { srcTenantId: `nope-${randomUUID()}`, targetTenantId: tenant.tenantId } })).response.status).toBe(404);
    expect((await vendor.PUT(MIGRATE, { body: { srcTenantId: tenant.tenantId } as never })).response.status).toBe(400);
    // Nothing moved.
    expect((await vendor.GET(BY_EMAIL, { params: { query: { email: user.email } } })).data?.tenantIds).toEqual([tenant.tenantId]);
    const member = asUser(server, (await login(server, user.email)).accessToken);
    expect((await member.PUT(MIGRATE, { body: { srcTenantId: tenant.tenantId, targetTenantId: tenant.tenantId } })).response.status).toBe(401);
  });
});
