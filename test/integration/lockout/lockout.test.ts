import { randomUUID } from 'node:crypto';
import { PASSWORD, asVendor, createTenant, createUser, login, tenantWithUser } from '../../support/fixtures';
import { accountWithMembers, vendorIn } from '../../support/roles';
import { useTestServer, type TestServer } from '../../support/server';

/**
 * The lockout policy on the shared database: only accounts' own policies are set here (the
 * environment's default is in lockout-default.test.ts, on a database of its own).
 */
const server = useTestServer();

const POLICY = '/identity/resources/configurations/v1/lockout-policy';
const LOGIN = '/identity/resources/auth/v1/user';

async function attemptLogin(target: TestServer, email: string, password: string) {
  return target.client.POST(LOGIN, { body: { email, password } });
}

async function unlockEmails(target: TestServer, email: string): Promise<number> {
  const row = await target.db('email_outbox').where({ recipient: email, template: 'unlock' }).count<{ count: string }[]>('* as count').first();
  return Number(row?.count ?? 0);
}

async function accountWithPolicy(maxAttempts: number, enabled = true) {
  const { vendor, vendorToken, tenant, user } = await tenantWithUser(server);
  const inTenant = vendorIn(server, vendorToken, tenant.tenantId);
  expect((await inTenant.POST(POLICY, { body: { enabled, maxAttempts } })).response.status).toBe(201);
  return { vendor, inTenant, tenant, user };
}

describe('lockout policy operations', () => {
  it("create, read and change an account's policy; before it exists the read answers the inherited one, 409 on a second create", async () => {
    const { token } = await asVendor(server);
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const inTenant = vendorIn(server, token, tenant.tenantId);

    // This file sets no environment default: the account inherits the built-in policy (or, on a
    // database another run left a default in, that one).
    const inherited = await inTenant.GET(POLICY);
    expect(inherited.response.status).toBe(200);
    expect(inherited.data?.level).not.toBe('account');
    const missing = await inTenant.PATCH(POLICY, { body: { enabled: true, maxAttempts: 3 } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errorCode).toBe('ER-06002');

    const created = await inTenant.POST(POLICY, { body: { enabled: true, maxAttempts: 3 } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ enabled: true, maxAttempts: 3, level: 'account' });
    expect(typeof created.data?.id).toBe('string');

    const again = await inTenant.POST(POLICY, { body: { enabled: true, maxAttempts: 4 } });
    expect(again.response.status).toBe(409);
    expect(again.error).toEqual({ errors: ['Lockout Policy already exists'], errorCode: 'ER-06001' });

    const changed = await inTenant.PATCH(POLICY, { body: { enabled: false, maxAttempts: 7 } });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toMatchObject({ id: created.data?.id, enabled: false, maxAttempts: 7, level: 'account' });
    expect((await inTenant.GET(POLICY)).data).toMatchObject({ id: created.data?.id, enabled: false, maxAttempts: 7 });
    // The whole policy sent back (as the Admin Portal saves) changes it too.
    const echoed = await inTenant.PATCH(POLICY, { body: { ...changed.data!, maxAttempts: 8 } });
    expect(echoed.response.status).toBe(200);
    expect(echoed.data).toMatchObject({ id: created.data?.id, enabled: false, maxAttempts: 8 });
  });

  it('names bad input in a 400, and an unknown account is a 404', async () => {
    const { token } = await asVendor(server);
    const { client: vendor } = await asVendor(server);
    const inTenant = vendorIn(server, token, (await createTenant(vendor)).tenantId);
    const zero = await inTenant.POST(POLICY, { body: { enabled: true, maxAttempts: 0 } });
    expect(zero.response.status).toBe(400);
    expect(zero.error?.errors.join(' ')).toMatch(/maxAttempts/);
    const fraction = await inTenant.POST(POLICY, { body: { enabled: true, maxAttempts: 2.5 } });
    expect(fraction.response.status).toBe(400);
    expect(fraction.error?.errorCode).toBe('ER-06003');
    const noEnabled = await inTenant.POST(POLICY, { body: { maxAttempts: 3 } as never });
    expect(noEnabled.response.status).toBe(400);
    expect(noEnabled.error?.errors.join(' ')).toMatch(/enabled/);

    const unknown = vendorIn(server, token, randomUUID());
    expect((await unknown.POST(POLICY, { body: { enabled: true, maxAttempts: 3 } })).response.status).toBe(404);
  });

  it("a member reads and changes their own account's policy only, with the security-policy permissions", async () => {
    const { admin, reader, vendor } = await accountWithMembers(server);
    const inherited = (await admin.client.GET(POLICY)).data!;
    expect(inherited.level).not.toBe('account');
    // The Admin Portal's first save sends the inherited policy back: the account gets its own.
    const own = await admin.client.PATCH(POLICY, { body: { ...inherited, enabled: true, maxAttempts: 8 } });
    expect(own.response.status).toBe(200);
    expect(own.data).toMatchObject({ enabled: true, maxAttempts: 8, level: 'account' });
    expect(own.data?.id).not.toBe(inherited.id);
    expect((await reader.client.GET(POLICY)).data).toEqual(own.data);
    expect((await reader.client.PATCH(POLICY, { body: { enabled: true, maxAttempts: 1 } })).response.status).toBe(403);
    expect((await admin.client.PATCH(POLICY, { body: { ...own.data!, maxAttempts: 9 } })).data).toMatchObject({ id: own.data?.id, maxAttempts: 9 });

    // Another account never sees it, and cannot write it by its id.
    const other = await createTenant(vendor);
    const { token } = await asVendor(server);
    const inOther = vendorIn(server, token, other.tenantId);
    const otherRead = await inOther.GET(POLICY);
    expect(otherRead.data?.id).not.toBe(own.data?.id);
    expect(otherRead.data?.level).not.toBe('account');
    const foreign = await inOther.PATCH(POLICY, { body: { ...own.data!, maxAttempts: 2 } });
    expect(foreign.response.status).toBe(404);
    expect(foreign.error?.errorCode).toBe('ER-06004');
    expect((await inOther.GET(POLICY)).data).toEqual(otherRead.data);
    expect((await admin.client.GET(POLICY)).data).toMatchObject({ id: own.data?.id, maxAttempts: 9 });
    // An unknown account is a 404, no token a 401.
    expect((await vendorIn(server, token, randomUUID()).GET(POLICY)).response.status).toBe(404);
    expect((await server.client.GET(POLICY)).response.status).toBe(401);
  });
});

describe('locking after wrong passwords', () => {
  it('locks at the limit; the right password then gets the same answer as a wrong one; one unlock email; vendor unlock resets', async () => {
    const { vendor, user } = await accountWithPolicy(3);
    const wrong = await attemptLogin(server, user.email, 'not the password');
    expect(wrong.response.status).toBe(401);
    await attemptLogin(server, user.email, 'not the password');
    expect((await server.db('users').where({ id: user.id }).first('is_locked')).is_locked).toBe(false);
    await attemptLogin(server, user.email, 'not the password');
    expect(await server.db('users').where({ id: user.id }).first('is_locked', 'failed_login_attempts')).toEqual({ is_locked: true, failed_login_attempts: 3 });

    const right = await attemptLogin(server, user.email, PASSWORD);
    expect(right.response.status).toBe(401);
    expect(right.error).toEqual(wrong.error);
    expect(right.error).toEqual({ errors: ['Incorrect email or password'], errorCode: 'ER-01002' });
    expect(await unlockEmails(server, user.email)).toBe(1);

    // More wrong passwords while locked: counted, no second email.
    await attemptLogin(server, user.email, 'not the password');
    expect(await unlockEmails(server, user.email)).toBe(1);

    expect((await vendor.POST('/identity/resources/users/v1/{userId}/unlock', { params: { path: { userId: user.id } } })).response.status).toBeLessThan(300);
    expect((await server.db('users').where({ id: user.id }).first('failed_login_attempts')).failed_login_attempts).toBe(0);
    expect((await attemptLogin(server, user.email, PASSWORD)).response.status).toBe(200);
  });

  it('the unlock link of the email unlocks and resets the count', async () => {
    const { user } = await accountWithPolicy(1);
    await attemptLogin(server, user.email, 'not the password');
    const token = await server.db('link_tokens').where({ user_id: user.id, purpose: 'unlock' }).whereNull('used_at').first('id');
    expect(token).toBeDefined();
    const email = await server.db('email_outbox').where({ recipient: user.email, template: 'unlock' }).first('text');
    const secret = /token=([A-Za-z0-9_-]+)/.exec(email.text)?.[1];
    expect(secret).toBeDefined();
    expect((await server.client.POST('/identity/resources/users/v3/me/unlock', { body: { token: secret! } })).response.status).toBeLessThan(300);
    expect(await server.db('users').where({ id: user.id }).first('is_locked', 'failed_login_attempts')).toEqual({ is_locked: false, failed_login_attempts: 0 });
    expect((await attemptLogin(server, user.email, PASSWORD)).response.status).toBe(200);
  });

  it('a successful login sets the count back to zero', async () => {
    const { user } = await accountWithPolicy(3);
    await attemptLogin(server, user.email, 'not the password');
    await attemptLogin(server, user.email, 'not the password');
    expect((await attemptLogin(server, user.email, PASSWORD)).response.status).toBe(200);
    expect((await server.db('users').where({ id: user.id }).first('failed_login_attempts')).failed_login_attempts).toBe(0);
    await attemptLogin(server, user.email, 'not the password');
    await attemptLogin(server, user.email, 'not the password');
    expect((await attemptLogin(server, user.email, PASSWORD)).response.status).toBe(200);
  });

  it('a disabled policy counts nothing and never locks; a change holds at the next login', async () => {
    const { inTenant, user } = await accountWithPolicy(2, false);
    for (let attempt = 0; attempt < 4; attempt += 1) await attemptLogin(server, user.email, 'not the password');
    expect(await server.db('users').where({ id: user.id }).first('is_locked', 'failed_login_attempts')).toEqual({ is_locked: false, failed_login_attempts: 0 });
    expect((await attemptLogin(server, user.email, PASSWORD)).response.status).toBe(200);
    await inTenant.PATCH(POLICY, { body: { enabled: true, maxAttempts: 1 } });
    await attemptLogin(server, user.email, 'not the password');
    expect((await attemptLogin(server, user.email, PASSWORD)).response.status).toBe(401);
  });

  it('follows the policy of the account the login opens in', async () => {
    const { client: vendor, token } = await asVendor(server);
    const strict = await createTenant(vendor);
    const lenient = await createTenant(vendor);
    await vendorIn(server, token, strict.tenantId).POST(POLICY, { body: { enabled: true, maxAttempts: 1 } });
    await vendorIn(server, token, lenient.tenantId).POST(POLICY, { body: { enabled: false, maxAttempts: 1 } });
    const inLenient = await createUser(vendor, lenient.tenantId);
    for (let attempt = 0; attempt < 3; attempt += 1) await attemptLogin(server, inLenient.email, 'not the password');
    expect((await attemptLogin(server, inLenient.email, PASSWORD)).response.status).toBe(200);
    const inStrict = await createUser(vendor, strict.tenantId);
    await attemptLogin(server, inStrict.email, 'not the password');
    expect((await attemptLogin(server, inStrict.email, PASSWORD)).response.status).toBe(401);
    // A session still opens for users who were not locked.
    expect((await login(server, inLenient.email)).accessToken).toBeTruthy();
  });
});
