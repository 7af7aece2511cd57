import { randomUUID } from 'node:crypto';
import { IMPERSONATION_PERMISSION } from '../../../server/db/migrations/20261128000300_impersonation';
import { IMPERSONATION_LIFETIME_SECONDS } from '../../../server/services/impersonation';
import { asVendor, createTenant, createUser } from '../../support/fixtures';
import { builtInPermissionId, createRole, memberWith, REFRESH } from '../../support/roles';
import { useTestServer } from '../../support/server';
import { CURRENT_SESSION, impersonate, impersonationAccount, impersonationClaims, withToken, IMPERSONATE } from './support';

/**
 * Impersonation on the shared database (PGlite or PostgreSQL). Delegation is environment-wide: this
 * file only ever turns it on (nothing else depends on it being off); the "off" case and the switch
 * itself are tested in delegation.test.ts, on a database of its own; what an impersonation token may
 * not do, in impersonation.security.test.ts.
 */
const server = useTestServer();

let vendorToken: string;
let tenantId: string;
let admin: { id: string; token: string };
let reader: { id: string; token: string };

beforeAll(async () => {
  ({ vendorToken, tenantId, admin, reader } = await impersonationAccount(server));
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
    const maxAge = Number(/Max-Age=(\d+)/i.exec(refreshed.response.headers.get('set-cookie') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(IMPERSONATION_LIFETIME_SECONDS);
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

  it("the environment impersonates across accounts: the one named, else the user's active one", async () => {
    const vendor = await asVendor(server);
    const other = await createTenant(vendor.client);
    const stranger = await createUser(vendor.client, other.tenantId);
    const named = await impersonate(server, vendor.token, stranger.id, { tenantId: other.tenantId, reason: 'vendor support' });
    expect(named.response.status).toBe(201);
    expect(impersonationClaims(named.data!.accessToken)).toMatchObject({
      sub: stranger.id,
      tenantId: other.tenantId,
      act: { sub: server.clientId, type: 'environment' },
    });
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
  it("an actor token that is not the caller's is 400, an invalid one 401, none at all 400; oneself is 400", async () => {
    const mismatch = await withToken(server, admin.token).POST(IMPERSONATE, { body: { impersonatedUserId: reader.id, actorToken: reader.token } });
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
