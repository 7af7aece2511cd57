import { asVendor, createTenant, createUser, login, tenantWithUser } from '../../support/fixtures';
import { accountWithMembers, asUser } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * Account-level password policies, on the shared database: every policy here belongs to an account
 * this file made. The environment-level policies are in password-policy-vendor.test.ts.
 */
const server = useTestServer();

const CONFIG = '/identity/resources/configurations/v1/password';
const HISTORY = '/identity/resources/configurations/v1/password-history-policy';
const ROTATION = '/identity/resources/configurations/v1/password-rotation';
const CHANGE = '/identity/resources/users/v1/passwords/change';
const VERIFY = '/identity/resources/users/v1/passwords/reset/verify';
const LOGIN = '/identity/resources/auth/v1/user';
const LONG = 'correct horse battery staple, then a much longer tail to pass sixty-four characters';

const inTenant = (tenantId: string) => ({ header: { 'frontegg-tenant-id': tenantId } });

async function change(accessToken: string, password: string, newPassword: string) {
  return asUser(server, accessToken).POST(CHANGE, { body: { password, newPassword } });
}

describe('POST and GET /identity/resources/configurations/v1/password for an account', () => {
  it('stores the account policy, answers it, and the account users must meet it', async () => {
    const { vendor, tenant, user } = await tenantWithUser(server);
    const policy = { minLength: 12, maxLength: 100, optionalTests: { requireNumbers: true }, requiredTests: { checkThreeRepeatedChars: true } };
    const set = await vendor.POST(CONFIG, { params: inTenant(tenant.tenantId), body: policy });
    expect(set.response.status).toBe(201);
    expect(set.data).toMatchObject({ ...policy, allowPassphrases: false, blockPwnedPasswords: false });
    const read = await vendor.GET(CONFIG, { params: inTenant(tenant.tenantId) });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual(set.data);
    const forUser = await server.client.GET('/identity/resources/users/v1/passwords/config', { params: { query: { userId: user.id } } });
    expect(forUser.data).toMatchObject({ minLength: 12, maxLength: 100 });
    const notAnId = await server.client.GET('/identity/resources/users/v1/passwords/config', { params: { query: { userId: 'not-an-id' } } });
    expect(notAnId.data).toMatchObject({ minLength: 8 });

    const session = await login(server, user.email);
    const noDigit = await change(session.accessToken, user.password, 'a long enough password');
    expect(noDigit.response.status).toBe(400);
    expect(noDigit.error).toEqual({ errorCode: 'ER-06101', errors: ['newPassword is too weak: it must contain a number'] });
    expect((await change(session.accessToken, user.password, 'short 1')).error?.errorCode).toBe('ER-05001');
    expect((await change(session.accessToken, user.password, 'a looong enough passw0rd')).error?.errorCode).toBe('ER-06103');
    expect((await change(session.accessToken, user.password, `${LONG} 1`.repeat(2))).error?.errorCode).toBe('ER-05002');
    expect((await change(session.accessToken, user.password, 'a long enough passw0rd')).response.status).toBe(201);
  });

  it('without a policy of its own, an account answers the defaults; weak passwords are refused, long ones taken', async () => {
    const { vendor, tenant, user } = await tenantWithUser(server);
    const read = await vendor.GET(CONFIG, { params: inTenant(tenant.tenantId) });
    expect(read.data).toMatchObject({ minLength: 8, maxLength: 128, optionalTests: {}, requiredTests: {} });
    const session = await login(server, user.email);
    const weak = await change(session.accessToken, user.password, 'password1234');
    expect(weak.response.status).toBe(400);
    expect(weak.error?.errorCode).toBe('ER-06102');
    expect(LONG.length).toBeGreaterThanOrEqual(64);
    expect((await change(session.accessToken, user.password, LONG)).response.status).toBe(201);
    await expect(login(server, user.email, LONG)).resolves.toMatchObject({ userId: user.id });
    // The whole password counts: the same 64 characters with another ending do not log in.
    await expect(login(server, user.email, `${LONG.slice(0, -1)}X`)).rejects.toThrow(/401/);
  });

  it('bad input is a 400, an unknown account a 404, no environment token a 401', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    expect((await vendor.POST(CONFIG, { params: inTenant(tenant.tenantId), body: { maxLength: 20 } })).response.status).toBe(400);
    const inverted = await vendor.POST(CONFIG, { params: inTenant(tenant.tenantId), body: { minLength: 100, maxLength: 64 } });
    expect(inverted.response.status).toBe(400);
    expect(inverted.error?.errorCode).toBe('ER-06105');
    expect((await vendor.POST(CONFIG, { params: inTenant(tenant.tenantId), body: { minLength: 'x' } as never })).response.status).toBe(400);
    expect((await vendor.GET(CONFIG, { params: inTenant('no-such-account') })).response.status).toBe(404);
    expect((await vendor.POST(CONFIG, { params: inTenant('no-such-account'), body: { minLength: 10 } })).response.status).toBe(404);
    expect((await server.client.GET(CONFIG, {})).response.status).toBe(401);
    expect((await server.client.POST(CONFIG, { body: { minLength: 10 } })).response.status).toBe(401);
  });
});

describe('/identity/resources/configurations/v1/password-history-policy for an account', () => {
  it('creates (then 409), reads, updates; a remembered password is refused, an older one allowed', async () => {
    const { vendor, tenant, user } = await tenantWithUser(server);
    const params = inTenant(tenant.tenantId);
    // Before it has its own, the account reads the policy it inherits (no environment default is set on this database by this file).
    const inherited = await vendor.GET(HISTORY, { params });
    expect(inherited.response.status).toBe(200);
    expect(inherited.data?.level).not.toBe('account');
    const noId = await vendor.PATCH(HISTORY, { params, body: { enabled: true, historySize: 2 } });
    expect(noId.response.status).toBe(404);
    expect(noId.error?.errorCode).toBe('ER-06107');
    const created = await vendor.POST(HISTORY, { params, body: { enabled: true, historySize: 2 } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ enabled: true, historySize: 2, level: 'account' });
    expect((await vendor.POST(HISTORY, { params, body: { enabled: true, historySize: 3 } })).response.status).toBe(409);
    expect((await vendor.POST(HISTORY, { params, body: { enabled: true, historySize: 11 } })).response.status).toBe(400);
    expect((await vendor.GET(HISTORY, { params })).data).toEqual(created.data);

    const session = await login(server, user.email);
    const first = 'the first new password';
    const second = 'the second new password';
    // The current password is part of the history.
    expect((await change(session.accessToken, user.password, user.password)).error?.errorCode).toBe('ER-06104');
    expect((await change(session.accessToken, user.password, first)).response.status).toBe(201);
    const reused = await change(session.accessToken, first, user.password);
    expect(reused.response.status).toBe(400);
    expect(reused.error).toEqual({ errorCode: 'ER-06104', errors: ['newPassword was used recently; choose a password not used before'] });
    expect((await change(session.accessToken, first, second)).response.status).toBe(201);
    // Size 2: the current and one before it; the original is now three back.
    expect((await change(session.accessToken, second, first)).error?.errorCode).toBe('ER-06104');

    // Saved as the Admin Portal does: the whole loaded policy, id and times included.
    const updated = await vendor.PATCH(HISTORY, { params, body: { ...created.data!, enabled: false, historySize: 1 } });
    expect(updated.response.status).toBe(200);
    expect(updated.data).toMatchObject({ id: created.data!.id, enabled: false, historySize: 1 });
    expect((await change(session.accessToken, second, first)).response.status).toBe(201);
  });

  it('two concurrent creates for one account: one 201, one 409', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const both = await Promise.all([1, 2].map(() => vendor.POST(HISTORY, { params: inTenant(tenant.tenantId), body: { enabled: true, historySize: 2 } })));
    expect(both.map((r) => r.response.status).sort()).toEqual([201, 409]);
  });

  it('the reset link refuses a remembered password too', async () => {
    const { vendor, tenant, user } = await tenantWithUser(server);
    await vendor.POST(HISTORY, { params: inTenant(tenant.tenantId), body: { enabled: true, historySize: 3 } });
    await vendor.POST(ROTATION, { params: inTenant(tenant.tenantId), body: { isActive: true, rotationPeriod: 60, notificationPeriod: 10 } });
    await server
      .db('users')
      .where({ id: user.id })
      .update({ password_changed_at: server.db.raw("now() - interval '2 hours'") });
    const expired = await server.client.POST(LOGIN, { body: { email: user.email, password: user.password } });
    const token = expired.data!.resetPasswordToken!;
    // Without a good token, the history is not consulted: no answer tells a stranger the current password.
    const stranger = await server.client.POST(VERIFY, { body: { userId: user.id, token: 'not the token', password: user.password } });
    expect(stranger.response.status).toBe(400);
    expect(stranger.error?.errorCode).not.toBe('ER-06104');
    const same = await server.client.POST(VERIFY, { body: { userId: user.id, token, password: user.password } });
    expect(same.response.status).toBe(400);
    expect(same.error?.errorCode).toBe('ER-06104');
    expect((await server.client.POST(VERIFY, { body: { userId: user.id, token, password: 'weak' } })).error?.errorCode).toBe('ER-05001');
  });
});

describe('/identity/resources/configurations/v1/password-rotation for an account', () => {
  it('stores the policy; a login within the notice period says the minutes left; an expired one gets a reset token, no session', async () => {
    const { vendor, tenant, user } = await tenantWithUser(server);
    const params = inTenant(tenant.tenantId);
    // (No 404 check first: on the shared PostgreSQL database another file may have set the environment's policy.)
    const set = await vendor.POST(ROTATION, { params, body: { isActive: true, rotationPeriod: 60, notificationPeriod: 30 } });
    expect(set.response.status).toBe(200);
    expect(set.data).toMatchObject({ isActive: true, rotationPeriod: 60, notificationPeriod: 30, tenantId: tenant.tenantId });
    expect((await vendor.GET(ROTATION, { params })).data).toEqual(set.data);
    expect((await vendor.POST(ROTATION, { params, body: { rotationPeriod: 0 } })).response.status).toBe(400);
    expect((await vendor.POST(ROTATION, { params: inTenant('no-such-account'), body: { isActive: true } })).response.status).toBe(404);

    const fresh = await login(server, user.email);
    expect(fresh.passwordExpiresIn).toBeUndefined();

    await server
      .db('users')
      .where({ id: user.id })
      .update({ password_changed_at: server.db.raw("now() - interval '45 minutes'") });
    const warned = await login(server, user.email);
    expect(warned.accessToken).toBeTruthy();
    expect(warned.notificationPeriod).toBe(30);
    expect(warned.passwordExpiresIn).toBeGreaterThanOrEqual(13);
    expect(warned.passwordExpiresIn).toBeLessThanOrEqual(15);

    await server
      .db('users')
      .where({ id: user.id })
      .update({ password_changed_at: server.db.raw("now() - interval '61 minutes'") });
    const expired = await server.client.POST(LOGIN, { body: { email: user.email, password: user.password } });
    expect(expired.response.status).toBe(200);
    expect(expired.response.headers.get('set-cookie')).toBeNull();
    expect(expired.data).toMatchObject({ accessToken: '', refreshToken: '', userId: user.id, mfaRequired: false });
    expect(expired.data!.resetPasswordToken).toEqual(expect.any(String));
    // A wrong password is still the usual 401, with no token.
    expect((await server.client.POST(LOGIN, { body: { email: user.email, password: 'not the password' } })).response.status).toBe(401);

    const reset = await server.client.POST(VERIFY, {
      body: { userId: user.id, token: expired.data!.resetPasswordToken!, password: 'a renewed long password' },
    });
    expect(reset.response.status).toBe(201);
    const after = await login(server, user.email, 'a renewed long password');
    expect(after.accessToken).toBeTruthy();
    expect(after.passwordExpiresIn).toBeUndefined();
  });

  it('an account without a rotation policy reads the built-in one, which is off', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const read = await vendor.GET(ROTATION, { params: inTenant(tenant.tenantId) });
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({ isActive: false, rotationPeriod: 129600, notificationPeriod: 10080 });
  });

  it('an account without a rotation policy never expires passwords', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    await server
      .db('users')
      .where({ id: user.id })
      .update({ password_changed_at: server.db.raw("now() - interval '3 years'") });
    const session = await login(server, user.email);
    expect(session.accessToken).toBeTruthy();
    expect(session.resetPasswordToken).toBeUndefined();
  });
});

describe("the password-policy routes with a member's token", () => {
  it("an admin manages their own account's policies only; a reader reads them and may not change them", async () => {
    const { admin, reader, vendor, tenant, readerUser } = await accountWithMembers(server);
    const other = await tenantWithUser(server);

    // The token's account, whatever frontegg-tenant-id says.
    const set = await admin.client.POST(CONFIG, { params: inTenant(other.tenant.tenantId), body: { minLength: 14 } });
    expect(set.response.status).toBe(201);
    expect(set.data).toMatchObject({ minLength: 14 });
    expect((await vendor.GET(CONFIG, { params: inTenant(tenant.tenantId) })).data).toMatchObject({ minLength: 14 });
    expect((await other.vendor.GET(CONFIG, { params: inTenant(other.tenant.tenantId) })).data).toMatchObject({ minLength: 8 });
    expect((await reader.client.GET(CONFIG)).data).toMatchObject({ minLength: 14 });
    expect((await reader.client.POST(CONFIG, { body: { minLength: 8 } })).response.status).toBe(403);

    // The account's policy is the one its members' new passwords meet; the other account keeps the defaults.
    const thirteen = 'violet canyon';
    expect((await change(reader.accessToken, readerUser.password, thirteen)).error?.errorCode).toBe('ER-05001');
    const otherSession = await login(server, other.user.email);
    expect((await change(otherSession.accessToken, other.user.password, thirteen)).response.status).toBe(201);

    const history = await admin.client.POST(HISTORY, { body: { enabled: true, historySize: 3 } });
    expect(history.response.status).toBe(201);
    expect((await vendor.GET(HISTORY, { params: inTenant(tenant.tenantId) })).data).toMatchObject({ id: history.data!.id, historySize: 3 });
    expect((await reader.client.GET(HISTORY)).data).toMatchObject({ id: history.data!.id });
    expect((await reader.client.PATCH(HISTORY, { body: { enabled: false, historySize: 1 } })).response.status).toBe(403);
    expect((await admin.client.PATCH(HISTORY, { body: { enabled: true, historySize: 4 } })).data).toMatchObject({ historySize: 4 });
    // Another account never reads it, nor writes it by its id.
    const otherRead = await other.vendor.GET(HISTORY, { params: inTenant(other.tenant.tenantId) });
    expect(otherRead.data?.id).not.toBe(history.data!.id);
    expect(otherRead.data?.level).not.toBe('account');
    const foreign = await other.vendor.PATCH(HISTORY, { params: inTenant(other.tenant.tenantId), body: { ...history.data!, historySize: 1 } });
    expect(foreign.response.status).toBe(404);
    expect(foreign.error?.errorCode).toBe('ER-06109');
    expect((await reader.client.GET(HISTORY)).data).toMatchObject({ id: history.data!.id, historySize: 4 });

    const rotation = await admin.client.POST(ROTATION, { body: { isActive: true, rotationPeriod: 600, notificationPeriod: 60 } });
    expect(rotation.response.status).toBe(200);
    expect(rotation.data).toMatchObject({ tenantId: tenant.tenantId, rotationPeriod: 600 });
    expect((await reader.client.GET(ROTATION)).data).toMatchObject({ tenantId: tenant.tenantId });
    expect((await reader.client.POST(ROTATION, { body: { isActive: false } })).response.status).toBe(403);

    // The environment's defaults can be read by members, never changed (there is no route for it).
    expect((await reader.client.GET('/identity/resources/configurations/v1/password-history-policy/vendor')).response.status).toBe(200);
    expect((await reader.client.GET('/identity/resources/configurations/v1/password-rotation/vendor')).response.status).toBe(200);
  });
});
