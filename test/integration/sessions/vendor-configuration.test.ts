import { asVendor, login, tenantWithUser } from '../../support/fixtures';
import { asUser } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * The environment's default session policy. Environment-wide: this file's server has an embedded
 * database of its own, so that no other test file sees the changes.
 */
const server = useTestServer({ databaseUrl: undefined });

const VENDOR = '/identity/resources/configurations/sessions/v1/vendor';
const CONFIG = '/identity/resources/configurations/sessions/v1';
const REFRESH = '/identity/resources/auth/v1/user/token/refresh';

function sid(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
}

describe('the environment default session policy', () => {
  it("is all off until set; set without frontegg-tenant-id; applies to accounts without their own; an account's own wins", async () => {
    const { client: vendor } = await asVendor(server);
    const initial = await vendor.GET(VENDOR);
    expect(initial.response.status).toBe(200);
    expect(initial.data).toEqual({
      sessionIdleTimeoutConfiguration: { isActive: false, timeout: 1800 },
      sessionTimeoutConfiguration: { isActive: false, timeout: 2592000 },
      sessionConcurrentConfiguration: { isActive: false, maxSessions: 10 },
    });
    expect((await server.client.GET(VENDOR)).response.status).toBe(401);

    const set = await vendor.POST(CONFIG, { body: { sessionIdleTimeoutConfiguration: { isActive: true, timeout: 120 } } });
    expect(set.response.status).toBe(201);
    expect((await vendor.GET(VENDOR)).data!.sessionIdleTimeoutConfiguration).toEqual({ isActive: true, timeout: 120 });
    expect((await vendor.GET(CONFIG)).data).toEqual((await vendor.GET(VENDOR)).data);

    // An account without its own policy follows the default, read by its members too.
    const plain = await tenantWithUser(server);
    const plainSession = await login(server, plain.user.email);
    expect(
      (await vendor.GET(CONFIG, { params: { header: { 'frontegg-tenant-id': plain.tenant.tenantId } } })).data!.sessionIdleTimeoutConfiguration.isActive,
    ).toBe(true);
    expect((await asUser(server, plainSession.accessToken).GET(CONFIG)).data!.sessionIdleTimeoutConfiguration.timeout).toBe(120);
    await server
      .db('sessions')
      .where({ id: sid(plainSession.accessToken) })
      .update({ last_active_at: server.db.raw("now() - interval '121 seconds'") });
    expect((await server.client.POST(REFRESH, { body: { refreshToken: plainSession.refreshToken } })).response.status).toBe(401);

    // An account with its own policy (idle off) follows it instead.
    const own = await tenantWithUser(server);
    const header = { 'frontegg-tenant-id': own.tenant.tenantId };
    expect(
      (await vendor.POST(CONFIG, { params: { header }, body: { sessionIdleTimeoutConfiguration: { isActive: false, timeout: 120 } } })).response.status,
    ).toBe(201);
    const ownSession = await login(server, own.user.email);
    await server
      .db('sessions')
      .where({ id: sid(ownSession.accessToken) })
      .update({ last_active_at: server.db.raw("now() - interval '1 day'") });
    expect((await server.client.POST(REFRESH, { body: { refreshToken: ownSession.refreshToken } })).response.status).toBe(201);
    // The default is unchanged by the account's.
    expect((await vendor.GET(VENDOR)).data!.sessionIdleTimeoutConfiguration).toEqual({ isActive: true, timeout: 120 });
  });

  it('a default cap on concurrent sessions holds for accounts without their own', async () => {
    const { client: vendor } = await asVendor(server);
    expect((await vendor.POST(CONFIG, { body: { sessionConcurrentConfiguration: { isActive: true, maxSessions: 1 } } })).response.status).toBe(201);
    const { user } = await tenantWithUser(server);
    const first = await login(server, user.email);
    const second = await login(server, user.email);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: first.refreshToken } })).response.status).toBe(401);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: second.refreshToken } })).response.status).toBe(201);
  });
});
