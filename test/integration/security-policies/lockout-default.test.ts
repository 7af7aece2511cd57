import { PASSWORD, asVendor, createTenant, createUser } from '../../support/fixtures';
import { vendorIn } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * The environment's default lockout policy is environment-wide: this file's server has an embedded
 * database of its own, so that no other test file sees the changes.
 */
const server = useTestServer({ databaseUrl: undefined, ...(process.env.NESTEGG_TEST_PGLITE_DUMP ? {} : { dataDir: 'memory://' }) });

const POLICY = '/identity/resources/configurations/v1/lockout-policy';
const VENDOR_POLICY = '/identity/resources/configurations/v1/lockout-policy/vendor';
const LOGIN = '/identity/resources/auth/v1/user';

const attempt = (email: string, password: string) => server.client.POST(LOGIN, { body: { email, password } });
const isLocked = async (userId: string) => (await server.db('users').where({ id: userId }).first('is_locked')).is_locked as boolean;

describe('the environment\'s default lockout policy', () => {
  it('without any stored policy the built-in one holds: on, 5 wrong passwords', async () => {
    const { client: vendor } = await asVendor(server);
    expect((await vendor.GET(VENDOR_POLICY)).response.status).toBe(404);
    expect((await vendor.GET(POLICY)).response.status).toBe(404);
    const user = await createUser(vendor, (await createTenant(vendor)).tenantId);
    for (let count = 0; count < 4; count += 1) await attempt(user.email, 'not the password');
    expect(await isLocked(user.id)).toBe(false);
    await attempt(user.email, 'not the password');
    expect(await isLocked(user.id)).toBe(true);
    expect((await attempt(user.email, PASSWORD)).response.status).toBe(401);
  });

  it('is created, read (also through /vendor) and changed without frontegg-tenant-id; an account\'s own policy wins', async () => {
    const { client: vendor, token } = await asVendor(server);
    const created = await vendor.POST(POLICY, { body: { enabled: true, maxAttempts: 2 } });
    expect(created.response.status).toBe(201);
    expect((await vendor.POST(POLICY, { body: { enabled: true, maxAttempts: 2 } })).response.status).toBe(409);
    expect((await vendor.GET(VENDOR_POLICY)).data).toMatchObject({ id: created.data?.id, enabled: true, maxAttempts: 2 });
    expect((await vendor.GET(POLICY)).data).toMatchObject({ id: created.data?.id });

    const withOwn = await createTenant(vendor);
    const withoutOwn = await createTenant(vendor);
    const inOwn = vendorIn(server, token, withOwn.tenantId);
    expect((await inOwn.POST(POLICY, { body: { enabled: true, maxAttempts: 4 } })).response.status).toBe(201);
    // /vendor is the environment's default whatever the account named.
    expect((await inOwn.GET(VENDOR_POLICY)).data).toMatchObject({ maxAttempts: 2 });

    const follower = await createUser(vendor, withoutOwn.tenantId);
    const ownRules = await createUser(vendor, withOwn.tenantId);
    for (let count = 0; count < 3; count += 1) {
      await attempt(follower.email, 'not the password');
      await attempt(ownRules.email, 'not the password');
    }
    expect(await isLocked(follower.id)).toBe(true);
    expect(await isLocked(ownRules.id)).toBe(false);

    // Turning the default off holds at the next login.
    const changed = await vendor.PATCH(POLICY, { body: { enabled: false, maxAttempts: 2 } });
    expect(changed.data).toMatchObject({ enabled: false, maxAttempts: 2 });
    const free = await createUser(vendor, withoutOwn.tenantId);
    for (let count = 0; count < 6; count += 1) await attempt(free.email, 'not the password');
    expect(await isLocked(free.id)).toBe(false);
    expect((await attempt(free.email, PASSWORD)).response.status).toBe(200);
  });
});
