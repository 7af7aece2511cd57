import { randomUUID } from 'node:crypto';
import { createNesteggClient, type NesteggClient } from '../../../client';
import { PASSWORD, asVendor, createUser, tenantWithUser } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/server';

/**
 * IP restrictions of an account. The servers trust one proxy, so X-Forwarded-For chooses the client
 * address of each request (see trust-proxy.test.ts).
 */
const RULES = '/identity/resources/configurations/v1/restrictions/ip';
const CONFIG = '/identity/resources/configurations/v1/restrictions/ip/config';
const BULK = '/identity/resources/configurations/v1/restrictions/ip/bulk';
const VERIFY = '/identity/resources/configurations/v1/restrictions/ip/verify';
const VERIFY_ALLOW = '/identity/resources/configurations/v1/restrictions/ip/verify/allow';
const ONE = '/identity/resources/configurations/v1/restrictions/ip/{id}';
const LOGIN = '/identity/resources/auth/v1/user';
const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const ME = '/identity/resources/users/v2/me';

const onPostgres = Boolean(process.env.DATABASE_URL);
const describeOnPostgres = onPostgres ? describe : describe.skip;

/** A client whose requests come from `ip`, with a token (and, for the environment token, the account). */
function from(server: TestServer, ip: string, token?: string, tenantId?: string): NesteggClient {
  return createNesteggClient({
    baseUrl: server.url,
    accessToken: token,
    headers: { 'x-forwarded-for': ip, ...(tenantId ? { 'frontegg-tenant-id': tenantId } : {}) },
  });
}

/** An account with its first member (Admin), and the environment token. */
async function account(server: TestServer) {
  const { vendor, vendorToken, tenant, user } = await tenantWithUser(server);
  return { vendor, vendorToken, tenantId: tenant.tenantId, user };
}

async function loginFrom(server: TestServer, ip: string, email: string, password = PASSWORD) {
  return from(server, ip).POST(LOGIN, { body: { email, password } });
}

async function valid(client: NesteggClient, route: typeof VERIFY | typeof VERIFY_ALLOW): Promise<boolean | undefined> {
  const answer = await client.POST(route, {});
  expect(answer.response.status).toBe(201);
  return answer.data?.valid;
}

describe('IP restrictions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ trustProxy: 1 });
  });
  afterAll(() => server.close());

  it('stores rules (canonical form, add again = change), pages and filters them, and deletes them', async () => {
    const { vendorToken, tenantId } = await account(server);
    const vendor = from(server, '192.0.2.1', vendorToken, tenantId);
    expect((await vendor.GET(CONFIG, {})).data).toEqual({ isActive: false, strategy: 'BLOCK' });

    const range = await vendor.POST(RULES, { body: { ip: '203.0.113.9/24', strategy: 'BLOCK', description: 'Office guests' } });
    expect(range.response.status).toBe(201);
    expect(range.data).toMatchObject({ ip: '203.0.113.0/24', strategy: 'BLOCK', isActive: true, description: 'Office guests' });
    const v6 = await vendor.POST(RULES, { body: { ip: '2001:DB8:0:0::/32', strategy: 'BLOCK' } });
    expect(v6.data).toMatchObject({ ip: '2001:db8::/32', description: null });
    const host = await vendor.POST(RULES, { body: { ip: '198.51.100.7', strategy: 'ALLOW' } });
    expect(host.data?.ip).toBe('198.51.100.7');
    const mapped = await vendor.POST(RULES, { body: { ip: '::ffff:198.51.100.8', strategy: 'ALLOW' } });
    expect(mapped.data?.ip).toBe('198.51.100.8');

    // Without a strategy, a bulk rule goes on the list the configuration enforces (BLOCK by default).
    const bulk = await vendor.POST(BULK, {
      body: {
        ips: [
          { ip: '2001:db8:1::1', strategy: 'ALLOW' },
          { ip: '192.0.2.0/28', isActive: false },
        ],
      },
    });
    expect(bulk.response.status).toBe(201);
    expect(bulk.data).toMatchObject([
      { ip: '2001:db8:1::1', strategy: 'ALLOW', isActive: true },
      { ip: '192.0.2.0/28', strategy: 'BLOCK', isActive: false },
    ]);

    // Adding an address again changes its rule: same id, new list, the description kept.
    const again = await vendor.POST(RULES, { body: { ip: '203.0.113.0/24', strategy: 'ALLOW', isActive: false } });
    expect(again.data).toMatchObject({ id: range.data!.id, strategy: 'ALLOW', isActive: false, description: 'Office guests' });

    const first = await vendor.GET(RULES, { params: { query: { _limit: 2, _offset: 0 } } });
    expect(first.data?._metadata).toEqual({ totalItems: 6, totalPages: 3 });
    expect(first.data?.items.map((rule) => rule.ip)).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    expect(first.data?._links.next).toContain('_offset=1');
    const last = await vendor.GET(RULES, { params: { query: { _limit: 2, _offset: 2 } } });
    expect(last.data?.items.map((rule) => rule.ip)).toEqual(['2001:db8:1::1', '192.0.2.0/28']);
    const filtered = await vendor.GET(RULES, { params: { query: { _filter: 'GUESTS' } } });
    expect(filtered.data?.items.map((rule) => rule.id)).toEqual([range.data!.id]);
    expect((await vendor.GET(RULES, { params: { query: { _filter: '2001:db8' } } })).data?._metadata.totalItems).toBe(2);

    expect((await vendor.DELETE(ONE, { params: { path: { id: host.data!.id } } })).response.status).toBe(200);
    expect((await vendor.DELETE(ONE, { params: { path: { id: host.data!.id } } })).response.status).toBe(404);
    expect((await vendor.DELETE(ONE, { params: { path: { id: 'not-a-uuid' } } })).response.status).toBe(404);
    expect((await vendor.GET(RULES, {})).data?._metadata.totalItems).toBe(5);
  });

  it('matches IPv4 and IPv6 addresses against single addresses and CIDR ranges, with the ALLOW or the BLOCK strategy; verify says so', async () => {
    const { vendorToken, tenantId } = await account(server);
    const at = (ip: string) => from(server, ip, vendorToken, tenantId);
    const vendor = at('192.0.2.1');
    await vendor.POST(BULK, {
      body: {
        ips: [
          { ip: '203.0.113.0/24', strategy: 'BLOCK' },
          { ip: '2001:db8::/32', strategy: 'BLOCK' },
          { ip: '198.51.100.7', strategy: 'ALLOW' },
          { ip: '2001:db8:1::/48', strategy: 'ALLOW' },
          { ip: '10.0.0.0/8', strategy: 'ALLOW', isActive: false },
        ],
      },
    });
    // Off: everyone passes; the allow list is checked whatever the configuration.
    expect(await valid(at('203.0.113.200'), VERIFY)).toBe(true);
    expect(await valid(at('198.51.100.7'), VERIFY_ALLOW)).toBe(true);
    expect(await valid(at('198.51.100.8'), VERIFY_ALLOW)).toBe(false);
    expect(await valid(at('10.1.2.3'), VERIFY_ALLOW)).toBe(false);

    expect((await vendor.POST(CONFIG, { body: { isActive: true } })).data).toEqual({ isActive: true, strategy: 'BLOCK' });
    expect(await valid(at('203.0.113.200'), VERIFY)).toBe(false);
    expect(await valid(at('::ffff:203.0.113.5'), VERIFY)).toBe(false);
    expect(await valid(at('203.0.114.1'), VERIFY)).toBe(true);
    expect(await valid(at('2001:db8:ffff::1'), VERIFY)).toBe(false);
    expect(await valid(at('2001:db9::1'), VERIFY)).toBe(true);
    expect(await valid(at('198.51.100.9'), VERIFY)).toBe(true);

    expect((await vendor.POST(CONFIG, { body: { strategy: 'ALLOW' } })).data).toEqual({ isActive: true, strategy: 'ALLOW' });
    expect(await valid(at('198.51.100.7'), VERIFY)).toBe(true);
    expect(await valid(at('198.51.100.9'), VERIFY)).toBe(false);
    expect(await valid(at('2001:db8:1:abcd::5'), VERIFY)).toBe(true);
    expect(await valid(at('2001:db8:2::5'), VERIFY)).toBe(false);
    // An inactive rule never matches.
    expect(await valid(at('10.1.2.3'), VERIFY)).toBe(false);
    expect((await vendor.GET(CONFIG, {})).data).toEqual({ isActive: true, strategy: 'ALLOW' });
  });

  it('refuses a login, a refresh and every user-token request from a refused address, from the next request on; the environment token is never refused', async () => {
    const { vendorToken, tenantId, user } = await account(server);
    const vendor = from(server, '192.0.2.1', vendorToken, tenantId);
    const blocked = '203.0.113.10';
    const elsewhere = '203.0.113.11';
    const session = await loginFrom(server, blocked, user.email);
    expect(session.response.status).toBe(200);
    const token = session.data!.accessToken;
    expect((await from(server, blocked, token).GET(ME, {})).response.status).toBe(200);

    await vendor.POST(RULES, { body: { ip: blocked, strategy: 'BLOCK' } });
    expect((await from(server, blocked, token).GET(ME, {})).response.status).toBe(200);
    await vendor.POST(CONFIG, { body: { isActive: true, strategy: 'BLOCK' } });

    const refused = await from(server, blocked, token).GET(ME, {});
    expect(refused.response.status).toBe(403);
    expect(refused.error).toEqual({ errorCode: 'ER-06401', errors: [`Access from IP address ${blocked} is not allowed for this account`] });
    expect((await from(server, elsewhere, token).GET(ME, {})).response.status).toBe(200);
    // Only the right password learns of the restriction; a wrong one is the usual 401.
    const login = await loginFrom(server, blocked, user.email);
    expect(login.response.status).toBe(403);
    expect(login.error?.errorCode).toBe('ER-06401');
    expect((await loginFrom(server, blocked, user.email, 'not the password')).response.status).toBe(401);
    expect((await loginFrom(server, elsewhere, user.email)).response.status).toBe(200);
    // A refused refresh leaves the refresh token unused.
    const refresh = await from(server, blocked).POST(REFRESH, { body: { refreshToken: session.data!.refreshToken } });
    expect(refresh.response.status).toBe(403);
    expect((await from(server, elsewhere).POST(REFRESH, { body: { refreshToken: session.data!.refreshToken } })).response.status).toBe(201);
    // The environment token is not subject to the account's restrictions.
    expect((await from(server, blocked, vendorToken, tenantId).GET(RULES, {})).response.status).toBe(200);
    // Another account's users are not touched.
    const other = await account(server);
    expect((await loginFrom(server, blocked, other.user.email)).response.status).toBe(200);

    await vendor.POST(CONFIG, { body: { isActive: false } });
    expect((await from(server, blocked, token).GET(ME, {})).response.status).toBe(200);
  });

  it('a member of two accounts cannot move into (switch, token, refresh) the one that refuses the address', async () => {
    const { vendorToken, tenantId: first, user } = await account(server);
    const { client: env } = await asVendor(server);
    const second = (await account(server)).tenantId;
    const added = await env.POST('/identity/resources/users/v2', { headers: { 'frontegg-tenant-id': second }, body: { email: user.email } });
    expect(added.response.status).toBe(201);
    const ip = '203.0.113.60';
    const session = (await loginFrom(server, ip, user.email)).data!;
    expect(JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).tenantId).toBe(first);
    const secondVendor = from(server, '192.0.2.1', vendorToken, second);
    await secondVendor.POST(RULES, { body: { ip, strategy: 'BLOCK' } });
    await secondVendor.POST(CONFIG, { body: { isActive: true } });

    const member = from(server, ip, session.accessToken);
    expect((await member.GET(ME, {})).response.status).toBe(200);
    expect((await member.POST('/identity/resources/users/v3/me/token', { body: { tenantId: second } })).error?.errorCode).toBe('ER-06401');
    expect((await member.PUT('/identity/resources/users/v1/tenant', { body: { tenantId: second } })).error?.errorCode).toBe('ER-06401');
    expect((await from(server, ip).POST(REFRESH, { body: { refreshToken: session.refreshToken, tenantId: second } })).response.status).toBe(403);
    const stayed = await from(server, ip).POST(REFRESH, { body: { refreshToken: session.refreshToken } });
    expect(stayed.response.status).toBe(201);
    expect(JSON.parse(Buffer.from(stayed.data!.accessToken.split('.')[1], 'base64url').toString()).tenantId).toBe(first);
    // From another address, the move is let through.
    expect(
      (await from(server, '203.0.113.61', session.accessToken).POST('/identity/resources/users/v3/me/token', { body: { tenantId: second } })).response.status,
    ).toBe(200);
  });

  it('with ALLOW, only allowed addresses log in; a user cannot lock themselves out (409), the environment token can still change anything', async () => {
    const { vendorToken, tenantId, user } = await account(server);
    const office = '2001:db8:aa::7';
    const home = '198.51.100.40';
    const admin = from(server, office, (await loginFrom(server, office, user.email)).data!.accessToken);

    const lockout = await admin.POST(CONFIG, { body: { isActive: true, strategy: 'ALLOW' } });
    expect(lockout.response.status).toBe(409);
    expect(lockout.error?.errorCode).toBe('ER-06404');
    expect(lockout.error?.errors[0]).toContain(office);
    expect((await admin.GET(CONFIG, {})).data).toEqual({ isActive: false, strategy: 'BLOCK' });

    const allowed = await admin.POST(RULES, { body: { ip: '2001:db8:aa::/48', strategy: 'ALLOW' } });
    expect(allowed.response.status).toBe(201);
    expect((await admin.POST(CONFIG, { body: { isActive: true, strategy: 'ALLOW' } })).response.status).toBe(201);
    expect(await valid(admin, VERIFY)).toBe(true);
    expect((await loginFrom(server, home, user.email)).response.status).toBe(403);
    expect((await loginFrom(server, '2001:db8:aa:1::1', user.email)).response.status).toBe(200);

    // Taking the caller's own rule away, or blocking the caller in BLOCK mode, is refused too.
    expect((await admin.DELETE(ONE, { params: { path: { id: allowed.data!.id } } })).response.status).toBe(409);
    expect((await admin.POST(BULK, { body: { ips: [{ ip: '2001:db8:aa::/48', isActive: false }] } })).response.status).toBe(409);
    expect((await admin.GET(RULES, {})).data?.items).toMatchObject([{ id: allowed.data!.id, strategy: 'ALLOW', isActive: true }]);

    // The environment token is never refused, so it can undo what a user could not.
    const vendor = from(server, home, vendorToken, tenantId);
    expect((await vendor.DELETE(ONE, { params: { path: { id: allowed.data!.id } } })).response.status).toBe(200);
    expect((await admin.GET(CONFIG, {})).response.status).toBe(403);
    expect((await vendor.POST(CONFIG, { body: { isActive: false } })).response.status).toBe(201);
    expect((await admin.GET(CONFIG, {})).response.status).toBe(200);
  });

  it("answers 404 for another account's rule, 400 for a bad address (naming it) or a missing account, and needs the security-policy permissions", async () => {
    const mine = await account(server);
    const theirs = await account(server);
    const vendor = from(server, '192.0.2.1', mine.vendorToken, mine.tenantId);
    const foreign = await from(server, '192.0.2.1', theirs.vendorToken, theirs.tenantId).POST(RULES, { body: { ip: '192.0.2.77', strategy: 'BLOCK' } });
    expect((await vendor.DELETE(ONE, { params: { path: { id: foreign.data!.id } } })).response.status).toBe(404);
    expect((await vendor.GET(RULES, {})).data?.items).toEqual([]);
    expect((await vendor.DELETE(ONE, { params: { path: { id: randomUUID() } } })).response.status).toBe(404);

    for (const ip of ['not-an-ip', '10.0.0.256', '10.0.0.1/33', '2001:db8::/129', '10.0.0.1/8/8', '10.0.0.1/ 8', 'fe80::1%eth0', '']) {
      const bad = await vendor.POST(RULES, { body: { ip, strategy: 'BLOCK' } });
      expect(bad.response.status).toBe(400);
      expect(bad.error).toEqual({ errorCode: 'ER-06402', errors: [`ip is not an IPv4 or IPv6 address or CIDR range: ${ip}`] });
    }
    const badBulk = await vendor.POST(BULK, { body: { ips: [{ ip: '192.0.2.5' }, { ip: '192.0.2.300' }] } });
    expect(badBulk.response.status).toBe(400);
    expect(badBulk.error?.errors[0]).toBe('ips[1].ip is not an IPv4 or IPv6 address or CIDR range: 192.0.2.300');
    expect((await vendor.GET(RULES, {})).data?.items).toEqual([]);
    expect((await vendor.POST(RULES, { body: { ip: '192.0.2.5' } as never })).response.status).toBe(400);
    expect((await vendor.POST(CONFIG, { body: { strategy: 'MAYBE' } as never })).response.status).toBe(400);
    expect((await from(server, '192.0.2.1', mine.vendorToken).GET(CONFIG, {})).response.status).toBe(400);
    expect((await from(server, '192.0.2.1', mine.vendorToken, `t-${randomUUID()}`).POST(CONFIG, { body: { isActive: true } })).response.status).toBe(404);

    const { client: env } = await asVendor(server);
    const reader = await createUser(env, mine.tenantId);
    const readerToken = (await loginFrom(server, '192.0.2.1', reader.email)).data!.accessToken;
    const asReader = from(server, '192.0.2.1', readerToken);
    expect((await asReader.GET(RULES, {})).response.status).toBe(200);
    expect((await asReader.POST(RULES, { body: { ip: '192.0.2.9', strategy: 'BLOCK' } })).response.status).toBe(403);
    expect((await asReader.POST(CONFIG, { body: { isActive: false } })).response.status).toBe(403);
  });
});

describeOnPostgres('IP restrictions across two server processes on one database', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    [first, second] = await Promise.all([startTestServer({ trustProxy: 1 }), startTestServer({ trustProxy: 1 })]);
  });
  afterAll(() => Promise.all([first.close(), second.close()]));

  it('a change made through one is enforced by the other on the next request', async () => {
    const { vendorToken, tenantId, user } = await account(first);
    const ip = '203.0.113.50';
    const token = (await loginFrom(second, ip, user.email)).data!.accessToken;
    const vendor = from(first, '192.0.2.1', vendorToken, tenantId);
    for (let round = 0; round < 3; round += 1) {
      const rule = await vendor.POST(RULES, { body: { ip: '203.0.113.0/26', strategy: 'BLOCK' } });
      await vendor.POST(CONFIG, { body: { isActive: true, strategy: 'BLOCK' } });
      expect((await from(second, ip, token).GET(ME, {})).response.status).toBe(403);
      expect((await loginFrom(second, ip, user.email)).response.status).toBe(403);
      expect((await vendor.DELETE(ONE, { params: { path: { id: rule.data!.id } } })).response.status).toBe(200);
      expect((await from(second, ip, token).GET(ME, {})).response.status).toBe(200);
    }
  });
});
