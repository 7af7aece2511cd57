import { login, tenantWithUser } from '../../support/fixtures';
import { accountWithMembers, asUser } from '../../support/roles';
import { useTestServer, type TestServer } from '../../support/server';

/**
 * A user's own sessions, an admin's revocation, and the per-account session policy (timeouts and the
 * cap on concurrent sessions). Time moves by setting timestamps in the database into the past.
 * Only account-level policies here: the environment default is tested on a database of its own.
 */
const server = useTestServer();

const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const CONFIG = '/identity/resources/configurations/sessions/v1';
const ME = '/identity/resources/users/sessions/v1/me';
const CURRENT = '/identity/resources/users/sessions/v1/me/current';
const ALL = '/identity/resources/users/sessions/v1/me/all';
const ONE = '/identity/resources/users/sessions/v1/me/{id}';
const REVOKE = '/identity/resources/users/sessions/v1/revoke';

function sid(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
}

async function refresh(on: TestServer, refreshToken: string) {
  return on.client.POST(REFRESH, { body: { refreshToken } });
}

async function loginWithAgent(email: string, userAgent: string) {
  const result = await server.client.POST('/identity/resources/auth/v1/user', {
    body: { email, password: 'correct horse battery staple' },
    headers: { 'user-agent': userAgent },
  });
  expect(result.response.status).toBe(200);
  return result.data!;
}

describe("a user's own sessions", () => {
  it('lists the live sessions with device, address, times and the current flag', async () => {
    const { user } = await tenantWithUser(server);
    const first = await loginWithAgent(user.email, 'agent-one');
    const second = await loginWithAgent(user.email, 'agent-two');
    const { data, response } = await asUser(server, second.accessToken).GET(ME);
    expect(response.status).toBe(200);
    expect(data!.map((session) => session.id)).toEqual([sid(second.accessToken), sid(first.accessToken)]);
    expect(data!.map((session) => session.current)).toEqual([true, false]);
    expect(data![0]).toMatchObject({ userId: user.id, userAgent: 'agent-two', impersonated: false });
    expect(data![0].ipAddress).toBeTruthy();
    expect(Date.parse(data![0].createdAt)).not.toBeNaN();
    expect(Date.parse(data![0].lastActiveAt)).not.toBeNaN();
  });

  it('records the last refresh as last active', async () => {
    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    await server
      .db('sessions')
      .where({ id: sid(session.accessToken) })
      .update({ last_active_at: server.db.raw("now() - interval '1 hour'") });
    expect((await refresh(server, session.refreshToken)).response.status).toBe(201);
    const { data } = await asUser(server, session.accessToken).GET(CURRENT);
    expect(Date.now() - Date.parse(data!.lastActiveAt)).toBeLessThan(60_000);
  });

  it('reads the current session; an environment token has none (404)', async () => {
    const { user, vendor, tenant } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const { data, response } = await asUser(server, session.accessToken).GET(CURRENT);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: sid(session.accessToken), current: true });
    const asEnvironment = await vendor.GET(CURRENT, { params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': user.id } } });
    expect(asEnvironment.response.status).toBe(404);
    // The environment lists the user's sessions, none of them current.
    const listed = await vendor.GET(ME, { params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': user.id } } });
    expect(listed.data!.map((entry) => [entry.id, entry.current])).toEqual([[sid(session.accessToken), false]]);
  });

  it("ends one session: its refresh fails, the others still work; another user's session is 404", async () => {
    const { user } = await tenantWithUser(server);
    const kept = await login(server, user.email);
    const ended = await login(server, user.email);
    const self = asUser(server, kept.accessToken);
    expect((await self.DELETE(ONE, { params: { path: { id: sid(ended.accessToken) } } })).response.status).toBe(200);
    expect((await refresh(server, ended.refreshToken)).response.status).toBe(401);
    expect((await refresh(server, kept.refreshToken)).response.status).toBe(201);
    expect((await self.GET(ME)).data!.map((session) => session.id)).toEqual([sid(kept.accessToken)]);
    // Ended already, unknown, not an id, or someone else's: 404.
    expect((await self.DELETE(ONE, { params: { path: { id: sid(ended.accessToken) } } })).response.status).toBe(404);
    expect((await self.DELETE(ONE, { params: { path: { id: 'not-a-session' } } })).response.status).toBe(404);
    const stranger = await login(server, (await tenantWithUser(server)).user.email);
    expect((await self.DELETE(ONE, { params: { path: { id: sid(stranger.accessToken) } } })).response.status).toBe(404);
    expect((await refresh(server, stranger.refreshToken)).response.status).toBe(201);
  });

  it('ends all sessions but the current one', async () => {
    const { user } = await tenantWithUser(server);
    const others = [await login(server, user.email), await login(server, user.email)];
    const current = await login(server, user.email);
    expect((await asUser(server, current.accessToken).DELETE(ALL)).response.status).toBe(200);
    for (const other of others) expect((await refresh(server, other.refreshToken)).response.status).toBe(401);
    expect((await refresh(server, current.refreshToken)).response.status).toBe(201);
  });

  it('needs a caller', async () => {
    expect((await server.client.GET(ME)).response.status).toBe(401);
    expect((await server.client.DELETE(ALL)).response.status).toBe(401);
  });
});

describe("an admin ending a user's sessions", () => {
  it('ends every session of a member; a user of another account is 404; a reader may not (403)', async () => {
    const { admin, reader, readerUser } = await accountWithMembers(server);
    const again = await login(server, readerUser.email);
    expect((await reader.client.POST(REVOKE, { body: { userId: readerUser.id } })).response.status).toBe(403);
    expect((await admin.client.POST(REVOKE, { body: { userId: readerUser.id } })).response.status).toBe(200);
    expect((await refresh(server, reader.refreshToken)).response.status).toBe(401);
    expect((await refresh(server, again.refreshToken)).response.status).toBe(401);
    // The reader's access token lives until its own exp.
    expect((await reader.client.GET('/identity/resources/users/v2/me')).response.status).toBe(200);

    const other = await tenantWithUser(server);
    const foreign = await login(server, other.user.email);
    expect((await admin.client.POST(REVOKE, { body: { userId: other.user.id } })).response.status).toBe(404);
    expect((await admin.client.POST(REVOKE, { body: { userId: 'nobody' } })).response.status).toBe(404);
    expect((await refresh(server, foreign.refreshToken)).response.status).toBe(201);
    expect((await admin.client.POST(REVOKE, { body: {} as never })).response.status).toBe(400);
  });

  it("the environment ends any user's sessions", async () => {
    const { user, vendor } = await tenantWithUser(server);
    const session = await login(server, user.email);
    expect((await vendor.POST(REVOKE, { body: { userId: user.id } })).response.status).toBe(200);
    expect((await refresh(server, session.refreshToken)).response.status).toBe(401);
  });
});

describe("an account's session policy", () => {
  it('reads the defaults, changes parts, keeps the rest; validates; a reader may read but not change', async () => {
    const { admin, reader } = await accountWithMembers(server);
    const read = await admin.client.GET(CONFIG);
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({
      sessionIdleTimeoutConfiguration: { isActive: false, timeout: 1800 },
      sessionTimeoutConfiguration: { isActive: false, timeout: 2592000 },
      sessionConcurrentConfiguration: { isActive: false, maxSessions: 10 },
    });
    const set = await admin.client.POST(CONFIG, { body: { sessionIdleTimeoutConfiguration: { isActive: true, timeout: 600 } } });
    expect(set.response.status).toBe(201);
    expect(set.data!.sessionIdleTimeoutConfiguration).toEqual({ isActive: true, timeout: 600 });
    expect(set.data!.sessionConcurrentConfiguration).toEqual({ isActive: false, maxSessions: 10 });
    expect((await reader.client.GET(CONFIG)).data).toEqual(set.data);
    expect((await reader.client.POST(CONFIG, { body: { sessionConcurrentConfiguration: { isActive: true, maxSessions: 1 } } })).response.status).toBe(403);
    expect((await admin.client.POST(CONFIG, { body: {} })).response.status).toBe(400);
    expect((await admin.client.POST(CONFIG, { body: { sessionIdleTimeoutConfiguration: { isActive: true, timeout: 5 } } })).response.status).toBe(400);
    expect((await admin.client.POST(CONFIG, { body: { sessionConcurrentConfiguration: { isActive: true, maxSessions: 0 } } })).response.status).toBe(400);
  });

  it("the environment reads and sets an account's policy with frontegg-tenant-id; an unknown account is 404", async () => {
    const { vendor, tenant } = await tenantWithUser(server);
    const header = { 'frontegg-tenant-id': tenant.tenantId };
    const set = await vendor.POST(CONFIG, { params: { header }, body: { sessionTimeoutConfiguration: { isActive: true, timeout: 3600 } } });
    expect(set.response.status).toBe(201);
    expect((await vendor.GET(CONFIG, { params: { header } })).data!.sessionTimeoutConfiguration).toEqual({ isActive: true, timeout: 3600 });
    expect((await vendor.GET(CONFIG, { params: { header: { 'frontegg-tenant-id': 'no-such-account' } } })).response.status).toBe(404);
  });

  it('idle timeout: a session not refreshed within it cannot refresh', async () => {
    const { admin, adminUser } = await accountWithMembers(server);
    await admin.client.POST(CONFIG, { body: { sessionIdleTimeoutConfiguration: { isActive: true, timeout: 600 } } });
    const idle = await login(server, adminUser.email);
    const busy = await login(server, adminUser.email);
    await server
      .db('sessions')
      .where({ id: sid(idle.accessToken) })
      .update({ last_active_at: server.db.raw("now() - interval '601 seconds'") });
    await server
      .db('sessions')
      .where({ id: sid(busy.accessToken) })
      .update({ last_active_at: server.db.raw("now() - interval '500 seconds'") });
    expect((await refresh(server, idle.refreshToken)).response.status).toBe(401);
    const refreshed = await refresh(server, busy.refreshToken);
    expect(refreshed.response.status).toBe(201);
    // The timed-out session is ended: no longer listed, and stays ended when the policy loosens.
    const listed = (await admin.client.GET(ME)).data!.map((session) => session.id);
    expect(listed).not.toContain(sid(idle.accessToken));
    expect(listed).toContain(sid(busy.accessToken));
    await admin.client.POST(CONFIG, { body: { sessionIdleTimeoutConfiguration: { isActive: false, timeout: 600 } } });
    expect((await refresh(server, idle.refreshToken)).response.status).toBe(401);
  });

  it('absolute timeout: no refresh later than the timeout after login, however active', async () => {
    const { admin, adminUser } = await accountWithMembers(server);
    await admin.client.POST(CONFIG, { body: { sessionTimeoutConfiguration: { isActive: true, timeout: 3600 } } });
    const old = await login(server, adminUser.email);
    const young = await login(server, adminUser.email);
    await server
      .db('sessions')
      .where({ id: sid(old.accessToken) })
      .update({ created_at: server.db.raw("now() - interval '3601 seconds'") });
    await server
      .db('sessions')
      .where({ id: sid(young.accessToken) })
      .update({ created_at: server.db.raw("now() - interval '3500 seconds'") });
    expect((await refresh(server, old.refreshToken)).response.status).toBe(401);
    expect((await refresh(server, young.refreshToken)).response.status).toBe(201);
  });

  it("another account's policy does not apply", async () => {
    const strict = await accountWithMembers(server);
    await strict.admin.client.POST(CONFIG, { body: { sessionIdleTimeoutConfiguration: { isActive: true, timeout: 60 } } });
    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    await server
      .db('sessions')
      .where({ id: sid(session.accessToken) })
      .update({ last_active_at: server.db.raw("now() - interval '1 day'") });
    expect((await refresh(server, session.refreshToken)).response.status).toBe(201);
  });

  it('maximum concurrent sessions: a login beyond it ends the oldest', async () => {
    const { admin, adminUser } = await accountWithMembers(server);
    await admin.client.POST(CONFIG, { body: { sessionConcurrentConfiguration: { isActive: true, maxSessions: 2 } } });
    // The admin's first session (from accountWithMembers) counts: two more logins end it.
    const second = await login(server, adminUser.email);
    const third = await login(server, adminUser.email);
    expect((await refresh(server, admin.refreshToken)).response.status).toBe(401);
    const live = (await asUser(server, third.accessToken).GET(ME)).data!.map((session) => session.id);
    expect(live).toEqual([sid(third.accessToken), sid(second.accessToken)]);
    expect((await refresh(server, second.refreshToken)).response.status).toBe(201);
    expect((await refresh(server, third.refreshToken)).response.status).toBe(201);
  });
});
