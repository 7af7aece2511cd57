import jwt from 'jsonwebtoken';
import { PASSWORD, asVendor, createTenant, createUser, login, tenantWithUser, uniqueEmail } from '../../support/fixtures';
import { PRODUCTION_ARGON2, startTestServer, useTestServer } from '../../support/server';
import { expectSameTiming, pairedTimings } from '../../support/timing';

const server = useTestServer();

const LOGIN = '/identity/resources/auth/v1/user';

describe('POST /identity/resources/auth/v1/user', () => {
  it('logs in with email and password: tokens in the body, the refresh token in an HttpOnly cookie', async () => {
    const { tenant, user } = await tenantWithUser(server);
    const { data, response } = await server.client.POST(LOGIN, { body: { email: user.email, password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.headers.get('frontegg-trace-id')).toBeTruthy();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(data).toMatchObject({ tokenType: 'bearer', mfaRequired: false, expiresIn: 300, userId: user.id, userEmail: user.email, emailVerified: true });
    expect(new Date(data!.expires).getTime()).toBeGreaterThan(Date.now());

    const cookie = response.headers.get('set-cookie') ?? '';
    const name = `fe_refresh_${server.clientId.replace(/-/g, '')}`;
    expect(cookie).toContain(`${name}=${data!.refreshToken}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=2592000/);

    const decoded = jwt.decode(data!.accessToken, { complete: true })!;
    expect(decoded.header).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    const claims = decoded.payload as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: user.id,
      email: user.email,
      name: 'Test User',
      email_verified: true,
      metadata: {},
      roles: ['Admin'], // the account's first member
      permissions: expect.arrayContaining(['fe.secure.read.users', 'fe.secure.write.users']),
      tenantId: tenant.tenantId,
      tenantIds: [tenant.tenantId],
      profilePictureUrl: null,
      type: 'userToken',
      aud: server.clientId,
      iss: server.config.baseUrl,
    });
    expect(claims.sid).toEqual(expect.any(String));
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
  });

  it('matches the email without regard to case, and carries metadata as an object in the token', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const email = uniqueEmail();
    await createUser(vendor, tenant.tenantId, { email, metadata: JSON.stringify({ plan: 'gold', seats: 3 }) });
    const result = await login(server, email.toUpperCase());
    expect(jwt.decode(result.accessToken)).toMatchObject({ metadata: { plan: 'gold', seats: 3 } });
  });

  it('answers a wrong password and an unknown email alike: same status, body and headers', async () => {
    const { user } = await tenantWithUser(server);
    const wrong = await server.client.POST(LOGIN, { body: { email: user.email, password: 'not the password' } });
    const unknown = await server.client.POST(LOGIN, { body: { email: uniqueEmail(), password: 'not the password' } });
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.error).toEqual(unknown.error);
    expect(wrong.error).toEqual({ errors: ['Incorrect email or password'], errorCode: 'ER-01002' });
    const headerNames = (response: Response) => [...response.headers.keys()].filter((name) => !['date', 'frontegg-trace-id', 'etag'].includes(name)).sort();
    expect(headerNames(wrong.response)).toEqual(headerNames(unknown.response));
    expect(wrong.response.headers.get('set-cookie')).toBeNull();
  });

  it('spends a password hash on unknown emails too, so timing does not tell whether an account exists', async () => {
    // On a server with the production hash cost: without the dummy hash an unknown email answers
    // faster than a wrong password in every pair (no argon2 work at all).
    const own = await startTestServer({ argon2: PRODUCTION_ARGON2 });
    try {
      const { user } = await tenantWithUser(own);
      const attempt = (email: string) => own.client.POST(LOGIN, { body: { email, password: 'not the password' } });
      expectSameTiming(
        await pairedTimings(
          30,
          () => attempt(user.email),
          () => attempt(uniqueEmail()),
        ),
      );
    } finally {
      await own.close();
    }
  });

  it('names the field of a malformed body in a 400', async () => {
    const missingPassword = await server.client.POST(LOGIN, { body: { email: 'a@example.com' } as never });
    expect(missingPassword.response.status).toBe(400);
    expect(missingPassword.error?.errors.join(' ')).toMatch(/password/);
    expect(missingPassword.error?.errorCode).toBe('ER-00001');

    const badEmail = await server.client.POST(LOGIN, { body: { email: 'not-an-email', password: 'x' } });
    expect(badEmail.response.status).toBe(400);
    expect(badEmail.error?.errors[0]).toMatch(/email/);

    const noEmail = await server.client.POST(LOGIN, { body: { password: 'x' } });
    expect(noEmail.response.status).toBe(400);
    expect(noEmail.error?.errors[0]).toMatch(/email/);

    const notJson = await fetch(`${server.url}${LOGIN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ errors: ['Invalid input json'], errorCode: 'ER-00006' });
  });

  it('refuses a locked user, an unverified user and a user with no live account, after checking the password', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const locked = await createUser(vendor, tenant.tenantId);
    const unverified = await createUser(vendor, tenant.tenantId);
    const disabled = await createUser(vendor, tenant.tenantId);
    // No route of this issue locks, unverifies or disables a user yet: set the state directly.
    await server.db('users').where({ id: locked.id }).update({ is_locked: true });
    await server.db('users').where({ id: unverified.id }).update({ verified: false });
    await server.db('user_tenants').where({ user_id: disabled.id }).update({ is_disabled: true });

    const attempt = (email: string, password = PASSWORD) => server.client.POST(LOGIN, { body: { email, password } });
    // A locked user gets the answer of a wrong password, even with the right one (no user enumeration).
    expect((await attempt(locked.email)).error).toEqual({ errors: ['Incorrect email or password'], errorCode: 'ER-01002' });
    expect((await attempt(unverified.email)).error).toEqual({ errors: ['User is not verified'], errorCode: 'ER-01007' });
    const noTenant = await attempt(disabled.email);
    expect(noTenant.response.status).toBe(403);
    expect(noTenant.error?.errorCode).toBe('ER-01006');
    // With a wrong password these users get the generic answer: the state is not disclosed.
    expect((await attempt(locked.email, 'wrong')).response.status).toBe(401);
  });

  it('also answers under the /frontegg prefix the browser SDK uses', async () => {
    const { user } = await tenantWithUser(server);
    const response = await fetch(`${server.url}/frontegg${LOGIN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: user.id });
  });
});
