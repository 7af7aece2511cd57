import jwt from 'jsonwebtoken';
import { asVendor, cookieFrom, createTenant, createUser, login, tenantWithUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const LOGOUT = '/identity/resources/auth/v1/logout';

function refreshWithCookie(cookie: string, body: Record<string, unknown> = {}) {
  return server.client.POST(REFRESH, { body, headers: { cookie } });
}

describe('POST /identity/resources/auth/v1/user/token/refresh', () => {
  it('exchanges the refresh cookie for a new pair (201), rotating the refresh token', async () => {
    const { user } = await tenantWithUser(server);
    const first = await login(server, user.email);
    const refreshed = await refreshWithCookie(cookieFrom(first.setCookie));
    expect(refreshed.response.status).toBe(201);
    expect(refreshed.data?.refreshToken).toBeTruthy();
    expect(refreshed.data?.refreshToken).not.toBe(first.refreshToken);
    expect(refreshed.response.headers.get('set-cookie')).toContain(refreshed.data!.refreshToken);
    const before = jwt.decode(first.accessToken) as jwt.JwtPayload;
    const after = jwt.decode(refreshed.data!.accessToken) as jwt.JwtPayload;
    expect(after.sid).toBe(before.sid);
    expect(after.sub).toBe(user.id);
  });

  it('takes tenantId null, as the browser SDK sends it, for no account given', async () => {
    const { user } = await tenantWithUser(server);
    const first = await login(server, user.email);
    const refreshed = await refreshWithCookie(cookieFrom(first.setCookie), { tenantId: null });
    expect(refreshed.response.status).toBe(201);
    const anonymous = await server.client.POST(REFRESH, { body: { tenantId: null } });
    expect(anonymous.response.status).toBe(401);
  });

  it('accepts the refresh token in the body for clients without cookies', async () => {
    const { user } = await tenantWithUser(server);
    const first = await login(server, user.email);
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: first.refreshToken } });
    expect(refreshed.response.status).toBe(201);
  });

  it('takes tenantId: null, as the browser SDK sends on every page load, as no account named', async () => {
    const { user, tenant } = await tenantWithUser(server);
    const first = await login(server, user.email);
    const refreshed = await refreshWithCookie(cookieFrom(first.setCookie), { tenantId: null });
    expect(refreshed.response.status).toBe(201);
    expect(jwt.decode(refreshed.data!.accessToken)).toMatchObject({ tenantId: tenant.tenantId });
  });

  it('revokes the whole session when a rotated token is presented again', async () => {
    const { user } = await tenantWithUser(server);
    const first = await login(server, user.email);
    const second = await refreshWithCookie(cookieFrom(first.setCookie));
    expect(second.response.status).toBe(201);

    const replay = await refreshWithCookie(cookieFrom(first.setCookie));
    expect(replay.response.status).toBe(401);
    expect(replay.error).toEqual({ errors: ['Session expired or invalid, please log in again'], errorCode: 'ER-01003' });

    // The newest token of the family is dead too.
    const afterReuse = await server.client.POST(REFRESH, { body: { refreshToken: second.data!.refreshToken } });
    expect(afterReuse.response.status).toBe(401);

    // Another session of the same user is untouched.
    const other = await login(server, user.email);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: other.refreshToken } })).response.status).toBe(201);
  });

  it('lets exactly one of 20 parallel refreshes with one token succeed', async () => {
    const { user } = await tenantWithUser(server);
    const { refreshToken } = await login(server, user.email);
    const results = await Promise.all(Array.from({ length: 20 }, () => server.client.POST(REFRESH, { body: { refreshToken } })));
    const statuses = results.map((result) => result.response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(19);
  });

  it('answers 401 without a token, with an unknown token, and after logout', async () => {
    expect((await server.client.POST(REFRESH, { body: {} })).response.status).toBe(401);
    expect((await server.client.POST(REFRESH, {})).response.status).toBe(401);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: 'nope' } })).response.status).toBe(401);

    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const out = await server.client.POST(LOGOUT, { headers: { cookie: cookieFrom(session.setCookie) } });
    expect(out.response.status).toBe(201);
    expect((await refreshWithCookie(cookieFrom(session.setCookie))).response.status).toBe(401);
  });

  it('fails once the user is locked or leaves the account, and leaves the token unused on failure', async () => {
    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    await server.db('users').where({ id: user.id }).update({ is_locked: true });
    expect((await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(401);
    await server.db('users').where({ id: user.id }).update({ is_locked: false });
    // The failed attempt changed nothing: the same token still works once the lock is lifted.
    expect((await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(201);
  });

  it('moves the session to another account of the user when tenantId is sent, and refuses an account the user is not in', async () => {
    const { client: vendor } = await asVendor(server);
    const first = await createTenant(vendor, 'First');
    const second = await createTenant(vendor, 'Second');
    const user = await createUser(vendor, first.tenantId);
    await server.db('user_tenants').insert({ user_id: user.id, tenant_id: second.tenantId });
    const session = await login(server, user.email);
    expect(jwt.decode(session.accessToken)).toMatchObject({ tenantId: first.tenantId });

    const moved = await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken, tenantId: second.tenantId } });
    expect(moved.response.status).toBe(201);
    expect(jwt.decode(moved.data!.accessToken)).toMatchObject({
      tenantId: second.tenantId,
      tenantIds: expect.arrayContaining([first.tenantId, second.tenantId]),
    });

    const stranger = await createTenant(vendor, 'Stranger');
    const refused = await server.client.POST(REFRESH, { body: { refreshToken: moved.data!.refreshToken, tenantId: stranger.tenantId } });
    expect(refused.response.status).toBe(401);
  });
});

describe('POST /identity/resources/auth/v1/logout', () => {
  it('revokes the session and clears the cookie (201)', async () => {
    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const out = await server.client.POST(LOGOUT, { headers: { cookie: cookieFrom(session.setCookie) } });
    expect(out.response.status).toBe(201);
    const cleared = out.response.headers.get('set-cookie') ?? '';
    expect(cleared).toMatch(new RegExp(`^fe_refresh_${server.clientId.replace(/-/g, '')}=;`));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(401);
  });

  it('answers 201 and clears the cookie even without a session', async () => {
    const out = await server.client.POST(LOGOUT, {});
    expect(out.response.status).toBe(201);
    expect(out.response.headers.get('set-cookie')).toMatch(/^fe_refresh_/);
  });
});
