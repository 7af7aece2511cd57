import { asVendor, createTenant, createUser, login, tenantWithUser, uniqueEmail } from '../../support/fixtures';
import { asUser } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const CHANGE = '/identity/resources/users/v1/passwords/change';
const CONFIG = '/identity/resources/users/v1/passwords/config';
const STRATEGIES = '/identity/resources/configurations/v1/password-recovery/strategies';
const RESET = '/identity/resources/users/v1/passwords/reset';
const RESET_V2 = '/identity/resources/users/v2/passwords/reset/email';
const VALIDATE = '/identity/resources/users/v1/passwords/reset/validate';
const VERIFY = '/identity/resources/users/v1/passwords/reset/verify';
const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const NEW_PASSWORD = 'a fresh and long password';
/** In the bundled list of breached passwords. */
const BREACHED = 'qwertyuiop';

const refresh = (refreshToken: string) => server.client.POST(REFRESH, { body: { refreshToken } });
const breachedAt = async (userId: string) => (await server.db('users').where({ id: userId }).first('password_breached_at')).password_breached_at as Date | null;

describe('POST /identity/resources/users/v1/passwords/change', () => {
  it('changes the password with the current one; the calling session stays, every other ends', async () => {
    const { user } = await tenantWithUser(server);
    const current = await login(server, user.email);
    const other = await login(server, user.email);
    const third = await login(server, user.email);

    const changed = await asUser(server, current.accessToken).POST(CHANGE, { body: { password: user.password, newPassword: NEW_PASSWORD } });
    expect(changed.response.status).toBe(201);

    expect((await refresh(other.refreshToken)).response.status).toBe(401);
    expect((await refresh(third.refreshToken)).response.status).toBe(401);
    expect((await refresh(current.refreshToken)).response.status).toBe(201);
    await expect(login(server, user.email, user.password)).rejects.toThrow(/401/);
    await expect(login(server, user.email, NEW_PASSWORD)).resolves.toMatchObject({ userId: user.id });
  });

  it('a wrong current password or a weak new one is a 400 naming it; nothing changes', async () => {
    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const other = await login(server, user.email);
    const client = asUser(server, session.accessToken);

    const wrong = await client.POST(CHANGE, { body: { password: 'not the password', newPassword: NEW_PASSWORD } });
    expect(wrong.response.status).toBe(400);
    expect(wrong.error).toEqual({ errors: ['password is not the current password'], errorCode: 'ER-05003' });

    const weak = await client.POST(CHANGE, { body: { password: user.password, newPassword: 'abc' } });
    expect(weak.response.status).toBe(400);
    expect(weak.error?.errorCode).toBe('ER-05001');
    expect(weak.error?.errors[0]).toMatch(/^newPassword is too weak: it must be at least 8 characters long$/);

    const tooLong = await client.POST(CHANGE, { body: { password: user.password, newPassword: 'x'.repeat(129) } });
    expect(tooLong.response.status).toBe(400);
    expect(tooLong.error?.errorCode).toBe('ER-05002');

    const missing = await client.POST(CHANGE, { body: { password: user.password } as never });
    expect(missing.response.status).toBe(400);
    expect(missing.error?.errors.join(' ')).toContain('newPassword');

    expect((await refresh(other.refreshToken)).response.status).toBe(201);
    await expect(login(server, user.email, user.password)).resolves.toMatchObject({ userId: user.id });
  });

  it('with an environment token acts for frontegg-user-id and ends every session; without credentials it is a 401', async () => {
    const { vendor, tenant, user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const changed = await vendor.POST(CHANGE, {
      params: { header: { 'frontegg-user-id': user.id, 'frontegg-tenant-id': tenant.tenantId } },
      body: { password: user.password, newPassword: NEW_PASSWORD },
    });
    expect(changed.response.status).toBe(201);
    expect((await refresh(session.refreshToken)).response.status).toBe(401);

    const anonymous = await server.client.POST(CHANGE, { body: { password: NEW_PASSWORD, newPassword: 'another good one' } });
    expect(anonymous.response.status).toBe(401);
  });

  it('refuses a password from the common list as too easy to guess; a new password clears an earlier breached mark', async () => {
    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const client = asUser(server, session.accessToken);
    expect(await breachedAt(user.id)).toBeNull();

    // The strength check (zxcvbn, whose common list is the offline breached list) refuses it first.
    const common = await client.POST(CHANGE, { body: { password: user.password, newPassword: BREACHED.toUpperCase() } });
    expect(common.response.status).toBe(400);
    expect(common.error?.errorCode).toBe('ER-06102');

    await server.db('users').where({ id: user.id }).update({ password_breached_at: server.db.fn.now() });
    expect((await client.POST(CHANGE, { body: { password: user.password, newPassword: NEW_PASSWORD } })).response.status).toBe(201);
    expect(await breachedAt(user.id)).toBeNull();
  });
});

describe('breached passwords at login', () => {
  it('a login with a password from the list marks the user; a password set by any route clears the mark', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId, { password: BREACHED });
    expect(await breachedAt(user.id)).toBeNull();
    await login(server, user.email, BREACHED);
    const first = await breachedAt(user.id);
    expect(first).toBeInstanceOf(Date);
    await login(server, user.email, BREACHED);
    expect(await breachedAt(user.id)).toEqual(first);

    // A password set by a route that does not check the list (here, straight in the table): the mark goes.
    await server.db('users').where({ id: user.id }).update({ password_hash: 'set elsewhere' });
    expect(await breachedAt(user.id)).toBeNull();
  });
});

describe('GET /identity/resources/users/v1/passwords/config and the recovery strategies', () => {
  it('answers the password rules, the same with or without a user', async () => {
    const expected = {
      allowPassphrases: false,
      minLength: 8,
      maxLength: 128,
      minPhraseLength: 20,
      minOptionalTestsToPass: 0,
      blockPwnedPasswords: false,
      optionalTests: {},
      requiredTests: {},
    };
    const anyone = await server.client.GET(CONFIG, {});
    expect(anyone.response.status).toBe(200);
    expect(anyone.data).toEqual(expected);
    const { user } = await tenantWithUser(server);
    const forUser = await server.client.GET(CONFIG, { params: { query: { userId: user.id } } });
    expect(forUser.data).toEqual(expected);
  });

  it('lists email as active and SMS as inactive', async () => {
    const strategies = await server.client.GET(STRATEGIES, {});
    expect(strategies.response.status).toBe(200);
    expect(strategies.data).toEqual([
      { strategy: 'email', isActive: true },
      { strategy: 'sms', isActive: false },
    ]);
  });
});

describe('bad input to the reset routes', () => {
  it('reset: a 400 naming what is wrong', async () => {
    const nothing = await server.client.POST(RESET, { body: {} });
    expect([nothing.response.status, nothing.error?.errorCode]).toEqual([400, 'ER-05005']);
    const malformed = await server.client.POST(RESET, { body: { email: 'not an email' } });
    expect(malformed.response.status).toBe(400);
    expect(malformed.error?.errors.join(' ')).toContain('email');
    const byPhone = await server.client.POST(RESET_V2, { body: { identifier: '+15555550100', identifierType: 'phoneNumber' } });
    expect([byPhone.response.status, byPhone.error?.errorCode]).toEqual([400, 'ER-05006']);
    const badEmail = await server.client.POST(RESET_V2, { body: { identifier: 'nobody', identifierType: 'email' } });
    expect([badEmail.response.status, badEmail.error?.errorCode]).toEqual([400, 'ER-05007']);
    const noType = await server.client.POST(RESET_V2, { body: { identifier: uniqueEmail() } as never });
    expect(noType.response.status).toBe(400);
    expect(noType.error?.errors.join(' ')).toContain('identifierType');
  });

  it('validate: 400 for malformed input, 410 for a token that does not work', async () => {
    const notUuid = await server.client.POST(VALIDATE, { body: { userId: 'someone', token: 'abc' } });
    expect(notUuid.response.status).toBe(400);
    expect(notUuid.error?.errors.join(' ')).toContain('userId');
    const noToken = await server.client.POST(VALIDATE, { body: { userId: '00000000-0000-4000-8000-000000000000' } as never });
    expect(noToken.response.status).toBe(400);
    const unknown = await server.client.POST(VALIDATE, { body: { userId: '00000000-0000-4000-8000-000000000000', token: 'abc' } });
    expect([unknown.response.status, unknown.error?.errorCode]).toEqual([410, 'ER-05004']);
  });

  it('verify: 400 for a weak or missing password, before the token is looked at; the same 400 for any bad token', async () => {
    const userId = '00000000-0000-4000-8000-000000000000';
    const weak = await server.client.POST(VERIFY, { body: { userId, token: 'abc', password: 'short' } });
    expect([weak.response.status, weak.error?.errorCode]).toEqual([400, 'ER-05001']);
    const missing = await server.client.POST(VERIFY, { body: { userId, token: 'abc' } as never });
    expect(missing.response.status).toBe(400);
    expect(missing.error?.errors.join(' ')).toContain('password');
    const unknown = await server.client.POST(VERIFY, { body: { userId, token: 'abc', password: NEW_PASSWORD } });
    expect([unknown.response.status, unknown.error?.errorCode]).toEqual([400, 'ER-02701']);
  });
});

describe('POST /identity/resources/users/v1/passwords/breached/reset/bulk', () => {
  it('needs fe.secure.write.users: a read-only member is a 403, no credentials a 401', async () => {
    const { vendor, tenant } = await tenantWithUser(server);
    const readOnly = await createUser(vendor, tenant.tenantId);
    const session = await login(server, readOnly.email);
    const denied = await asUser(server, session.accessToken).POST('/identity/resources/users/v1/passwords/breached/reset/bulk', {});
    expect(denied.response.status).toBe(403);
    const anonymous = await server.client.POST('/identity/resources/users/v1/passwords/breached/reset/bulk', {});
    expect(anonymous.response.status).toBe(401);
  });
});
