import { randomUUID } from 'node:crypto';
import { IMPERSONATION_PERMISSION } from '../../../server/db/migrations/20261128000300_impersonation';
import { IMPERSONATION_LIFETIME_SECONDS } from '../../../server/services/impersonation';
import { PASSWORD, asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { ADMIN_ROLE_ID, builtInPermissionId, createRole, memberWith, REFRESH, USER_ROLES } from '../../support/roles';
import { useTestServer } from '../../support/server';
import { CURRENT_SESSION, DELEGATION, impersonate, impersonationClaims, withToken, IMPERSONATE } from './support';

/**
 * Impersonation on the shared database (PGlite or PostgreSQL). Delegation is environment-wide: this
 * file only ever turns it on (nothing else depends on it being off); the "off" case and the switch
 * itself are tested in delegation.test.ts, on a database of its own.
 */
const server = useTestServer();

let vendorToken: string;
let tenantId: string;
let admin: { id: string; token: string };
let secondAdmin: { id: string; token: string };
let reader: { id: string; token: string };

beforeAll(async () => {
  const vendor = await asVendor(server);
  vendorToken = vendor.token;
  expect((await vendor.client.POST(DELEGATION, { body: { enabled: true } })).response.status).toBe(200);
  tenantId = (await createTenant(vendor.client)).tenantId;
  const adminUser = await createUser(vendor.client, tenantId);
  const readerUser = await createUser(vendor.client, tenantId);
  const secondAdminUser = await createUser(vendor.client, tenantId);
  const assigned = await vendor.client.POST(USER_ROLES, {
    params: { path: { userId: secondAdminUser.id }, header: { 'frontegg-tenant-id': tenantId } },
    body: { roleIds: [ADMIN_ROLE_ID] },
  });
  expect(assigned.response.status).toBe(201);
  admin = { id: adminUser.id, token: (await login(server, adminUser.email)).accessToken };
  reader = { id: readerUser.id, token: (await login(server, readerUser.email)).accessToken };
  secondAdmin = { id: secondAdminUser.id, token: (await login(server, secondAdminUser.email)).accessToken };
});

describe('an admin impersonating a member of their account', () => {
  it('gets a short user token of the member with an act claim, a session marked impersonated, and a record', async () => {
    const answer = await impersonate(server, admin.token, reader.id, { reason: 'support ticket 42' });
    expect(answer.response.status).toBe(201);
    const body = answer.data!;
    expect(body.tokenType).toBe('bearer');
    const claims = impersonationClaims(body.accessToken);
    expect(claims).toMatchObject({ sub: reader.id, tenantId, type: 'userToken', act: { sub: admin.id, type: 'user' } });
    expect(claims.permissions).not.toContain(IMPERSONATION_PERMISSION.key);
    expect(claims.exp - claims.iat).toBe(body.expiresIn);
    expect(body.expiresIn).toBeLessThanOrEqual(IMPERSONATION_LIFETIME_SECONDS);

    const current = await withToken(server, body.accessToken).GET(CURRENT_SESSION);
    expect(current.response.status).toBe(200);
    expect(current.data).toMatchObject({
      id: claims.sid,
      userId: reader.id,
      tenantId,
      impersonated: true,
      impersonatedBy: { type: 'user', userId: admin.id, reason: 'support ticket 42' },
    });
    const sessionLength = Date.parse(current.data!.expires) - Date.parse(current.data!.createdAt);
    expect(sessionLength).toBeLessThanOrEqual(IMPERSONATION_LIFETIME_SECONDS * 1000 + 1000);

    const own = await withToken(server, admin.token).GET(CURRENT_SESSION);
    expect(own.data).toMatchObject({ impersonated: false });
    expect(own.data?.impersonatedBy).toBeUndefined();

    const records = await server.db('impersonations').where({ session_id: claims.sid });
    expect(records).toEqual([
      expect.objectContaining({ tenant_id: tenantId, actor_type: 'user', actor_user_id: admin.id, target_user_id: reader.id, reason: 'support ticket 42' }),
    ]);
    expect(records[0].created_at).toBeInstanceOf(Date);
  });

  it('refreshes keep the act claim and never go past the impersonation end', async () => {
    const answer = await impersonate(server, admin.token, reader.id, { reason: 'refresh check' });
    const first = impersonationClaims(answer.data!.accessToken);
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: answer.data!.refreshToken } });
    expect(refreshed.response.status).toBe(201);
    const claims = impersonationClaims(refreshed.data!.accessToken);
    expect(claims).toMatchObject({ sub: reader.id, sid: first.sid, act: { sub: admin.id, type: 'user' } });
    const [session] = await server.db('sessions').where({ id: first.sid }).select('expires_at', 'impersonation_ends_at', 'created_at');
    expect(new Date(session.expires_at).getTime()).toBeLessThanOrEqual(new Date(session.impersonation_ends_at).getTime());
    expect(claims.exp).toBeLessThanOrEqual(Math.ceil(new Date(session.impersonation_ends_at).getTime() / 1000));
    const tokens = await server.db('refresh_tokens').where({ session_id: first.sid }).select('expires_at');
    for (const token of tokens) expect(new Date(token.expires_at).getTime()).toBeLessThanOrEqual(new Date(session.impersonation_ends_at).getTime());
    // Moving the impersonated session to another account is refused.
    const moved = await server.client.POST(REFRESH, { body: { refreshToken: refreshed.data!.refreshToken, tenantId: `t-${randomUUID()}` } });
    expect(moved.response.status).toBe(401);
  });

  it('an impersonation token cannot impersonate again, nor be the actor token, nor change the password or emails (403)', async () => {
    // The second admin holds what the first holds, so may be impersonated; their token then holds the permission.
    const answer = await impersonate(server, admin.token, secondAdmin.id, { reason: 'chaining check' });
    expect(answer.response.status).toBe(201);
    const token = answer.data!.accessToken;
    expect(impersonationClaims(token).permissions).toContain(IMPERSONATION_PERMISSION.key);

    const chained = await impersonate(server, token, reader.id);
    expect(chained.response.status).toBe(403);
    expect(chained.error?.errorCode).toBe('ER-07202');
    const asActor = await withToken(server, admin.token).POST(IMPERSONATE, { body: { impersonatedUserId: reader.id, actorToken: token } });
    expect(asActor.response.status).toBe(403);
    expect(asActor.error?.errorCode).toBe('ER-07202');

    const password = await withToken(server, token).POST('/identity/resources/users/v1/passwords/change', { body: { password: PASSWORD, newPassword: `${PASSWORD} again` } });
    expect(password.response.status).toBe(403);
    expect(password.error?.errorCode).toBe('ER-07202');
    const email = await withToken(server, token).POST('/identity/resources/users/emails/v1', { body: { email: uniqueEmail() } });
    expect(email.response.status).toBe(403);
    // The user's own login still works with the unchanged password.
    expect((await login(server, (await server.db('users').where({ id: secondAdmin.id }).first('email')).email)).accessToken).toBeTruthy();
  });

  it('an impersonated session stays in its account: no token for another account, no switch, and moves of the user leave it', async () => {
    const vendor = withToken(server, vendorToken);
    const second = await createTenant(vendor);
    const target = await createUser(vendor, tenantId);
    const added = await vendor.POST('/identity/resources/users/v2', { headers: { 'frontegg-tenant-id': second.tenantId }, body: { email: target.email } });
    expect(added.response.status).toBe(201);
    const answer = await impersonate(server, admin.token, target.id, { reason: 'stay in account' });
    expect(answer.response.status).toBe(201);
    const token = answer.data!.accessToken;
    const other = await withToken(server, token).POST('/identity/resources/users/v3/me/token', { body: { tenantId: second.tenantId } });
    expect(other.response.status).toBe(403);
    expect(other.error?.errorCode).toBe('ER-07202');
    const switched = await withToken(server, token).PUT('/identity/resources/users/v1/tenant', { body: { tenantId: second.tenantId } });
    expect(switched.response.status).toBe(403);
    // The environment moving every session of the user leaves the impersonated one where it is.
    const moved = await withToken(server, vendorToken).PUT('/identity/resources/users/v1/tenant', {
      headers: { 'frontegg-tenant-id': tenantId, 'frontegg-user-id': target.id },
      body: { tenantId: second.tenantId },
    });
    expect(moved.response.status).toBe(200);
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: answer.data!.refreshToken } });
    expect(refreshed.response.status).toBe(201);
    expect(impersonationClaims(refreshed.data!.accessToken)).toMatchObject({ sub: target.id, tenantId, act: { sub: admin.id } });
    const movedAway = await server.client.POST(REFRESH, { body: { refreshToken: refreshed.data!.refreshToken, tenantId: second.tenantId } });
    expect(movedAway.response.status).toBe(401);
  });

  it('records no reason when none is given, and shows it as null', async () => {
    const answer = await impersonate(server, admin.token, reader.id);
    expect(answer.response.status).toBe(201);
    const current = await withToken(server, answer.data!.accessToken).GET(CURRENT_SESSION);
    expect(current.data?.impersonatedBy).toEqual({ type: 'user', userId: admin.id, reason: null });
    const [record] = await server.db('impersonations').where({ session_id: impersonationClaims(answer.data!.accessToken).sid });
    expect(record.reason).toBeNull();
  });
});

describe('who may impersonate whom', () => {
  it('a member without the permission is refused (403)', async () => {
    const answer = await impersonate(server, reader.token, admin.id);
    expect(answer.response.status).toBe(403);
    expect(answer.error?.errorCode).toBe('ER-01004');
  });

  it('never a user holding a permission the impersonator lacks (403); one holding less is fine', async () => {
    const vendor = withToken(server, vendorToken);
    const role = await createRole(vendor, { tenantId, permissionIds: [builtInPermissionId('fe.secure.read.users'), IMPERSONATION_PERMISSION.id] });
    const helper = await memberWith(server, vendor, tenantId, role.id);
    const outranks = await impersonate(server, helper.accessToken, admin.id);
    expect(outranks.response.status).toBe(403);
    expect(outranks.error?.errorCode).toBe('ER-07204');
    const readerOutranks = await impersonate(server, helper.accessToken, reader.id); // ReadOnly holds more reads
    expect(readerOutranks.response.status).toBe(403);
    const nobody = await memberWith(server, vendor, tenantId);
    const fine = await impersonate(server, helper.accessToken, nobody.user.id, { reason: 'lesser member' });
    expect(fine.response.status).toBe(201);
    expect(impersonationClaims(fine.data!.accessToken)).toMatchObject({ sub: nobody.user.id, permissions: [], act: { sub: helper.user.id } });
  });

  it("another account's user is not found (404), and an unknown user id is 404", async () => {
    const vendor = await asVendor(server);
    const other = await createTenant(vendor.client);
    const stranger = await createUser(vendor.client, other.tenantId);
    const foreign = await impersonate(server, admin.token, stranger.id);
    expect(foreign.response.status).toBe(404);
    expect(foreign.error?.errorCode).toBe('ER-07205');
    expect((await impersonate(server, admin.token, randomUUID())).response.status).toBe(404);
    expect((await server.db('impersonations').where({ target_user_id: stranger.id })).length).toBe(0);
  });

  it('the environment impersonates across accounts: the one named, else the user\'s active one', async () => {
    const vendor = await asVendor(server);
    const other = await createTenant(vendor.client);
    const stranger = await createUser(vendor.client, other.tenantId);
    const named = await impersonate(server, vendor.token, stranger.id, { tenantId: other.tenantId, reason: 'vendor support' });
    expect(named.response.status).toBe(201);
    expect(impersonationClaims(named.data!.accessToken)).toMatchObject({ sub: stranger.id, tenantId: other.tenantId, act: { sub: server.clientId, type: 'environment' } });
    const current = await withToken(server, named.data!.accessToken).GET(CURRENT_SESSION);
    expect(current.data).toMatchObject({ impersonated: true, impersonatedBy: { type: 'environment', reason: 'vendor support' } });
    const [record] = await server.db('impersonations').where({ session_id: impersonationClaims(named.data!.accessToken).sid });
    expect(record).toMatchObject({ actor_type: 'environment', actor_user_id: null, tenant_id: other.tenantId });

    const unnamed = await impersonate(server, vendor.token, stranger.id);
    expect(unnamed.response.status).toBe(201);
    expect(impersonationClaims(unnamed.data!.accessToken).tenantId).toBe(other.tenantId);
    // Named account the user is not in: 404.
    expect((await impersonate(server, vendor.token, stranger.id, { tenantId })).response.status).toBe(404);
  });
});

describe('bad input', () => {
  it('an actor token that is not the caller\'s is 400, an invalid one 401, none at all 400; oneself is 400', async () => {
    const mismatch = await withToken(server, admin.token).POST(IMPERSONATE, { body: { impersonatedUserId: reader.id, actorToken: secondAdmin.token } });
    expect(mismatch.response.status).toBe(400);
    expect(mismatch.error?.errorCode).toBe('ER-07203');
    const invalid = await withToken(server, admin.token).POST(IMPERSONATE, { body: { impersonatedUserId: reader.id, actorToken: 'not-a-token' } });
    expect(invalid.response.status).toBe(401);
    const missing = await withToken(server, admin.token).POST(IMPERSONATE, { body: { impersonatedUserId: reader.id } as never });
    expect(missing.response.status).toBe(400);
    const notUuid = await impersonate(server, admin.token, 'nope');
    expect(notUuid.response.status).toBe(400);
    const self = await impersonate(server, admin.token, admin.id);
    expect(self.response.status).toBe(400);
    expect(self.error?.errorCode).toBe('ER-07206');
    expect((await server.client.POST(IMPERSONATE, { body: { impersonatedUserId: reader.id, actorToken: admin.token } })).response.status).toBe(401);
  });
});
