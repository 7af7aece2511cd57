import { PASSWORD, asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { asUser, vendorIn } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * The environment's default lockout policy is environment-wide: this file's server has an embedded
 * database of its own, so that no other test file sees the changes.
 */
const server = useTestServer({ databaseUrl: undefined });

const POLICY = '/identity/resources/configurations/v1/lockout-policy';
const VENDOR_POLICY = '/identity/resources/configurations/v1/lockout-policy/vendor';
const LOGIN = '/identity/resources/auth/v1/user';

const attempt = (email: string, password: string) => server.client.POST(LOGIN, { body: { email, password } });
const BUILT_IN = {
  id: '00000000-0000-0000-0000-000000000000',
  enabled: true,
  maxAttempts: 5,
  level: 'builtIn',
  createdAt: '1970-01-01T00:00:00.000Z',
  updatedAt: '1970-01-01T00:00:00.000Z',
};

const isLocked = async (userId: string) => (await server.db('users').where({ id: userId }).first('is_locked')).is_locked as boolean;

describe("the environment's default lockout policy", () => {
  it('without any stored policy the built-in one holds, and every read answers it: on, 5 wrong passwords', async () => {
    const { client: vendor, token } = await asVendor(server);
    const tenant = await createTenant(vendor);
    expect((await vendor.GET(VENDOR_POLICY)).data).toEqual(BUILT_IN);
    expect((await vendor.GET(POLICY)).data).toEqual(BUILT_IN);
    expect((await vendorIn(server, token, tenant.tenantId).GET(POLICY)).data).toEqual(BUILT_IN);
    const user = await createUser(vendor, tenant.tenantId);
    // The member's own read (the Admin Portal's) answers the same.
    expect((await asUser(server, (await login(server, user.email)).accessToken).GET(POLICY)).data).toEqual(BUILT_IN);
    for (let count = 0; count < 4; count += 1) await attempt(user.email, 'not the password');
    expect(await isLocked(user.id)).toBe(false);
    await attempt(user.email, 'not the password');
    expect(await isLocked(user.id)).toBe(true);
    expect((await attempt(user.email, PASSWORD)).response.status).toBe(401);

    // Saving the built-in policy as loaded creates the account's own; the environment keeps none.
    const other = vendorIn(server, token, (await createTenant(vendor)).tenantId);
    const noId = await other.PATCH(POLICY, { body: { enabled: true, maxAttempts: 6 } });
    expect(noId.response.status).toBe(404);
    expect(noId.error?.errorCode).toBe('ER-06002');
    const saved = await other.PATCH(POLICY, { body: { ...BUILT_IN, maxAttempts: 6 } });
    expect(saved.response.status).toBe(200);
    expect(saved.data).toMatchObject({ enabled: true, maxAttempts: 6, level: 'account' });
    expect((await other.GET(POLICY)).data).toEqual(saved.data);
    expect((await vendor.GET(VENDOR_POLICY)).data).toEqual(BUILT_IN);
  });

  it("is created, read (also through /vendor) and changed without frontegg-tenant-id; an account's own policy wins", async () => {
    const { client: vendor, token } = await asVendor(server);
    const created = await vendor.POST(POLICY, { body: { enabled: true, maxAttempts: 2 } });
    expect(created.response.status).toBe(201);
    expect((await vendor.POST(POLICY, { body: { enabled: true, maxAttempts: 2 } })).response.status).toBe(409);
    expect(created.data).toMatchObject({ enabled: true, maxAttempts: 2, level: 'environment' });
    expect((await vendor.GET(VENDOR_POLICY)).data).toMatchObject({ id: created.data?.id, enabled: true, maxAttempts: 2, level: 'environment' });
    expect((await vendor.GET(POLICY)).data).toMatchObject({ id: created.data?.id, level: 'environment' });

    const withOwn = await createTenant(vendor);
    const withoutOwn = await createTenant(vendor);
    const inOwn = vendorIn(server, token, withOwn.tenantId);
    // An account without its own policy reads the environment's default.
    expect((await inOwn.GET(POLICY)).data).toEqual(created.data);
    expect((await inOwn.POST(POLICY, { body: { enabled: true, maxAttempts: 4 } })).response.status).toBe(201);
    // Then its own wins; /vendor is the environment's default whatever the account named.
    expect((await inOwn.GET(POLICY)).data).toMatchObject({ maxAttempts: 4, level: 'account' });
    expect((await inOwn.GET(VENDOR_POLICY)).data).toMatchObject({ maxAttempts: 2, level: 'environment' });
    expect((await vendorIn(server, token, withoutOwn.tenantId).GET(POLICY)).data).toEqual(created.data);

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

  it("saves as the Admin Portal does: the loaded default sent back creates the level's own policy, never changes the inherited one", async () => {
    const { client: vendor, token } = await asVendor(server);
    // The environment's default as stored by the test above (an environment token without frontegg-tenant-id).
    const environment = (await vendor.GET(POLICY)).data!;
    expect(environment.level).toBe('environment');
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const admin = asUser(server, (await login(server, user.email)).accessToken);

    const loaded = (await admin.GET(POLICY)).data!;
    expect(loaded).toEqual(environment);
    const saved = await admin.PATCH(POLICY, { body: { ...loaded, maxAttempts: 7 } });
    expect(saved.response.status).toBe(200);
    expect(saved.data).toMatchObject({ enabled: environment.enabled, maxAttempts: 7, level: 'account' });
    expect(saved.data?.id).not.toBe(environment.id);
    expect((await vendor.GET(VENDOR_POLICY)).data).toEqual(environment);
    expect((await vendorIn(server, token, tenant.tenantId).GET(POLICY)).data).toEqual(saved.data);

    // The next save sends the account's own policy back, and changes it.
    const again = await admin.PATCH(POLICY, { body: { ...saved.data!, enabled: true, maxAttempts: 3 } });
    expect(again.data).toMatchObject({ id: saved.data?.id, enabled: true, maxAttempts: 3, level: 'account' });
    // A stale id (the default's, read before the account had its own) is a 404 and writes nothing.
    const stale = await admin.PATCH(POLICY, { body: { ...environment, maxAttempts: 9 } });
    expect(stale.response.status).toBe(404);
    expect(stale.error?.errorCode).toBe('ER-06004');
    expect((await admin.GET(POLICY)).data).toMatchObject({ maxAttempts: 3 });
    expect((await vendor.GET(VENDOR_POLICY)).data).toEqual(environment);
  });
});
