import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { asUser } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * The environment-level password policies: this file's server has an embedded database of its own,
 * so that no other test file sees the changes.
 */
const server = useTestServer({ databaseUrl: undefined });

const CONFIG = '/identity/resources/configurations/v1/password';
const HISTORY = '/identity/resources/configurations/v1/password-history-policy';
const HISTORY_VENDOR = '/identity/resources/configurations/v1/password-history-policy/vendor';
const ROTATION = '/identity/resources/configurations/v1/password-rotation';
const ROTATION_VENDOR = '/identity/resources/configurations/v1/password-rotation/vendor';
const CHANGE = '/identity/resources/users/v1/passwords/change';
const SIGN_UP = '/identity/resources/users/v1/signUp';

const inTenant = (tenantId: string) => ({ header: { 'frontegg-tenant-id': tenantId } });

describe('the environment password policies', () => {
  it('before any policy is stored: history and rotation reads answer the built-in ones (off), the password policy the defaults', async () => {
    const { client: vendor } = await asVendor(server);
    const builtIn = {
      id: '00000000-0000-0000-0000-000000000000',
      enabled: false,
      historySize: 1,
      level: 'builtIn',
      createdAt: '1970-01-01T00:00:00.000Z',
      updatedAt: '1970-01-01T00:00:00.000Z',
    };
    expect((await vendor.GET(HISTORY_VENDOR, {})).data).toEqual(builtIn);
    expect((await vendor.GET(HISTORY, {})).data).toEqual(builtIn);
    const tenant = await createTenant(vendor);
    expect((await vendor.GET(HISTORY, { params: inTenant(tenant.tenantId) })).data).toEqual(builtIn);
    // Off means what it says: the current password may be set again.
    const user = await createUser(vendor, tenant.tenantId);
    const session = await login(server, user.email);
    expect((await asUser(server, session.accessToken).POST(CHANGE, { body: { password: user.password, newPassword: user.password } })).response.status).toBe(
      201,
    );
    for (const route of [ROTATION_VENDOR, ROTATION] as const) {
      const builtIn = await vendor.GET(route, {});
      expect(builtIn.response.status).toBe(200);
      expect(builtIn.data).toMatchObject({ isActive: false, rotationPeriod: 129600, notificationPeriod: 10080 });
    }
    const config = await vendor.GET(CONFIG, {});
    expect(config.data).toEqual({
      allowPassphrases: false,
      minLength: 8,
      maxLength: 128,
      minPhraseLength: 20,
      minOptionalTestsToPass: 0,
      blockPwnedPasswords: false,
      optionalTests: {},
      requiredTests: {},
    });
    expect((await server.client.GET(HISTORY_VENDOR, {})).response.status).toBe(401);
    expect((await server.client.GET(ROTATION_VENDOR, {})).response.status).toBe(401);
  });

  it('the environment policy binds sign-up and every account without its own; an account policy wins in its account', async () => {
    const { client: vendor } = await asVendor(server);
    const set = await vendor.POST(CONFIG, { body: { minLength: 20 } });
    expect(set.response.status).toBe(201);
    expect((await vendor.GET(CONFIG, {})).data).toMatchObject({ minLength: 20 });

    const tooShort = await server.client.POST(SIGN_UP, { body: { provider: 'local', email: uniqueEmail(), password: 'a fine password', companyName: 'Co' } });
    expect(tooShort.response.status).toBe(400);
    expect(tooShort.error?.errorCode).toBe('ER-05001');
    const weak = await server.client.POST(SIGN_UP, {
      body: { provider: 'local', email: uniqueEmail(), password: 'passwordpasswordpassword', companyName: 'Co' },
    });
    expect(weak.error?.errorCode).toBe('ER-06102');
    const long = 'a passphrase of well over sixty-four characters is always welcome here';
    expect(
      (await server.client.POST(SIGN_UP, { body: { provider: 'local', email: uniqueEmail(), password: long, companyName: 'Co' } })).response.status,
    ).toBeLessThan(300);

    const lenient = await createTenant(vendor);
    const strict = await createTenant(vendor);
    expect((await vendor.POST(CONFIG, { params: inTenant(lenient.tenantId), body: { minLength: 10 } })).response.status).toBe(201);
    expect((await vendor.GET(CONFIG, { params: inTenant(lenient.tenantId) })).data).toMatchObject({ minLength: 10 });
    expect((await vendor.GET(CONFIG, { params: inTenant(strict.tenantId) })).data).toMatchObject({ minLength: 20 });

    const inLenient = await createUser(vendor, lenient.tenantId);
    const inStrict = await createUser(vendor, strict.tenantId);
    const twelve = 'kx8#Vq2m plu';
    const lenientSession = await login(server, inLenient.email);
    expect(
      (await asUser(server, lenientSession.accessToken).POST(CHANGE, { body: { password: inLenient.password, newPassword: twelve } })).response.status,
    ).toBe(201);
    const strictSession = await login(server, inStrict.email);
    const refused = await asUser(server, strictSession.accessToken).POST(CHANGE, { body: { password: inStrict.password, newPassword: twelve } });
    expect(refused.error?.errorCode).toBe('ER-05001');
  });

  it('history and rotation policies of the environment: stored, read by the vendor routes, overridden per account', async () => {
    const { client: vendor } = await asVendor(server);
    // The environment's first save, as the Admin Portal makes it: the built-in policy sent back.
    const builtIn = (await vendor.GET(HISTORY, {})).data!;
    expect(builtIn.level).toBe('builtIn');
    const created = await vendor.PATCH(HISTORY, { body: { ...builtIn, enabled: true } });
    expect(created.response.status).toBe(200);
    expect(created.data).toMatchObject({ enabled: true, historySize: 1, level: 'environment' });
    expect(created.data?.id).not.toBe(builtIn.id);
    expect((await vendor.POST(HISTORY, { body: { enabled: true, historySize: 1 } })).response.status).toBe(409);
    expect((await vendor.GET(HISTORY_VENDOR, {})).data).toEqual(created.data);
    expect((await vendor.PATCH(HISTORY, { body: { enabled: true, historySize: 4 } })).data).toMatchObject({ historySize: 4 });
    // Now the built-in id is stale at the environment's level.
    const stale = await vendor.PATCH(HISTORY, { body: { ...builtIn, historySize: 2 } });
    expect(stale.response.status).toBe(404);
    expect(stale.error?.errorCode).toBe('ER-06109');

    const tenant = await createTenant(vendor);
    // An account without its own policy reads the environment's; the vendor read stays the environment's.
    const inherited = (await vendor.GET(HISTORY, { params: inTenant(tenant.tenantId) })).data!;
    expect(inherited).toMatchObject({ id: created.data?.id, historySize: 4, level: 'environment' });
    // Sending it back creates the account's own; the environment's is not touched.
    const own = await vendor.PATCH(HISTORY, { params: inTenant(tenant.tenantId), body: { ...inherited, enabled: false, historySize: 1 } });
    expect(own.response.status).toBe(200);
    expect(own.data).toMatchObject({ enabled: false, historySize: 1, level: 'account' });
    expect(own.data?.id).not.toBe(created.data?.id);
    expect((await vendor.GET(HISTORY, { params: inTenant(tenant.tenantId) })).data).toEqual(own.data);
    expect((await vendor.GET(HISTORY, {})).data).toMatchObject({ id: created.data?.id, enabled: true, historySize: 4 });
    expect((await vendor.GET(HISTORY_VENDOR, { params: inTenant(tenant.tenantId) } as never)).data).toMatchObject({ enabled: true, historySize: 4 });

    const rotation = await vendor.POST(ROTATION, { body: { isActive: true } });
    expect(rotation.response.status).toBe(200);
    expect(rotation.data).toMatchObject({ isActive: true, rotationPeriod: 129600, notificationPeriod: 10080, tenantId: '' });
    expect((await vendor.GET(ROTATION_VENDOR, {})).data).toEqual(rotation.data);
    const user = await createUser(vendor, tenant.tenantId);
    await server
      .db('users')
      .where({ id: user.id })
      .update({ password_changed_at: server.db.raw("now() - interval '85 days'") });
    const warned = await login(server, user.email);
    expect(warned.notificationPeriod).toBe(10080);
    expect(warned.passwordExpiresIn).toBeGreaterThan(4 * 1440);
    // The account turns expiry off for its users.
    await vendor.POST(ROTATION, { params: inTenant(tenant.tenantId), body: { isActive: false } });
    expect((await login(server, user.email)).passwordExpiresIn).toBeUndefined();
    await vendor.POST(ROTATION, { body: { isActive: false } });
  });
});
