import { generateKeyPairSync, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createNesteggClient } from '../../../client';
import { asVendor, login, tenantWithUser, uniqueEmail } from '../../support/fixtures';
import { accountWithMembers, memberWith } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * POST/GET /identity/resources/configurations/v1 and .../basic: every field is honored by the flows
 * or refused. These tests change environment-wide settings: the server has its own embedded database.
 */
const server = useTestServer({
  databaseUrl: undefined,
  secretsKey: randomBytes(32),
});

const CONFIG = '/identity/resources/configurations/v1';
const BASIC = '/identity/resources/configurations/v1/basic';
const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const ME = '/identity/resources/users/v2/me';
const LOCKOUT = '/identity/resources/configurations/v1/lockout-policy';

type ConfigBody = NonNullable<Parameters<Awaited<ReturnType<typeof asVendor>>['client']['POST']>[1]>['body'];

async function configure(body: Record<string, unknown>) {
  const { client } = await asVendor(server);
  return client.POST(CONFIG, { body: body as ConfigBody });
}

async function meWith(token: string) {
  return createNesteggClient({ baseUrl: server.url, accessToken: token }).GET(ME, {});
}

function lifetimeOf(token: string): number {
  const claims = jwt.decode(token) as jwt.JwtPayload;
  return claims.exp! - claims.iat!;
}

describe('POST/GET /identity/resources/configurations/v1', () => {
  afterEach(async () => {
    // Back to the defaults for the next test.
    await configure({
      defaultTokenExpiration: 300,
      defaultRefreshTokenExpiration: 2_592_000,
      cookieSameSite: 'LAX',
      jwtAlgorithm: 'RS256',
      rotateRefreshTokens: true,
      allowSignups: true,
      addRolesToJwt: true,
      addPermissionsToJwt: true,
      machineToMachineAuthStrategy: 'ClientCredentials',
    });
  });

  it('changes the fields sent, keeps the others, answers 201 with the whole configuration, and the GETs show it', async () => {
    const answer = await configure({ machineToMachineAuthStrategy: 'AccessToken', allowSignups: false });
    expect(answer.response.status).toBe(201);
    expect(answer.data).toMatchObject({
      id: server.bootstrap.id,
      machineToMachineAuthStrategy: 'AccessToken',
      allowSignups: false,
      defaultTokenExpiration: 300,
      jwtAlgorithm: 'RS256',
      jwtSecret: expect.any(String),
      authStrategy: 'EmailAndPassword',
      refreshTokensRotationLimit: 1,
      addRolesToJwt: true,
      addPermissionsToJwt: true,
    });
    expect(answer.data!.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const { client } = await asVendor(server);
    expect((await client.GET(CONFIG, {})).data).toEqual(answer.data);
    const basic = await client.GET(BASIC, {});
    expect(basic.response.status).toBe(200);
    expect(basic.data).toEqual({ forcePermissions: false, machineToMachineAuthStrategy: 'AccessToken' });
    expect((await server.client.GET('/identity/resources/configurations/v1/public', {})).data).toMatchObject({
      allowSignups: false,
      machineToMachineAuthStrategy: 'AccessToken',
    });
    // allowSignups off: sign-up is closed.
    const signUp = await server.client.POST('/identity/resources/users/v1/signUp', {
      body: { provider: 'local', email: uniqueEmail(), companyName: 'Closed' },
    });
    expect(signUp.response.status).toBe(403);
  });

  it('answers 401 without an environment token', async () => {
    expect((await server.client.POST(CONFIG, { body: {} })).response.status).toBe(401);
    expect((await server.client.GET(BASIC, {})).response.status).toBe(401);
  });

  it('refuses a value for a field nestegg does not act on, naming the field; the value it behaves by is accepted', async () => {
    for (const [field, value] of [
      ['authStrategy', 'MagicLink'],
      ['forcePermissions', true],
      ['apiTokensEnabled', false],
      ['addSamlAttributesToJwt', true],
      ['defaultPasswordlessTokenExpiration', 600],
      ['forceSameDeviceOnAuth', true],
      ['allowTenantInvitations', false],
      ['skipTenantValidation', true],
      ['allowCustomLoginTenantSwitch', true],
      ['allowOverridePasswordComplexity', false],
    ] as const) {
      const refused = await configure({ [field]: value });
      expect(refused.response.status).toBe(400);
      expect(refused.error?.errorCode).toBe('ER-07101');
      expect(refused.error?.errors[0]).toContain(field);
    }
    expect((await configure({ authStrategy: 'EmailAndPassword', forcePermissions: false })).response.status).toBe(201);
    // Fields outside the request schema (read-only ones, made-up ones) are refused, not ignored.
    for (const field of ['jwtSecret', 'refreshTokensRotationLimit', 'publicKey', 'madeUp']) {
      const refused = await configure({ [field]: 'x' });
      expect(refused.response.status).toBe(400);
      expect(JSON.stringify(refused.error)).toContain(field);
    }
  });

  it('refuses lifetimes out of range, naming the field', async () => {
    for (const body of [{ defaultTokenExpiration: 5 }, { defaultTokenExpiration: 1.5 }, { defaultRefreshTokenExpiration: 10 }]) {
      const refused = await configure(body);
      expect(refused.response.status).toBe(400);
      expect(refused.error?.errors[0]).toContain(Object.keys(body)[0]);
    }
    const tooLong = await configure({ defaultRefreshTokenExpiration: 15_552_001 });
    expect(tooLong.response.status).toBe(400);
    expect(JSON.stringify(tooLong.error)).toContain('defaultRefreshTokenExpiration');
    expect((await configure({ cookieSameSite: 'SOMETIMES' })).response.status).toBe(400);
  });

  it('token and refresh lifetimes: the next login and refresh follow them', async () => {
    const { user } = await tenantWithUser(server);
    expect((await configure({ defaultTokenExpiration: 120, defaultRefreshTokenExpiration: 3600 })).response.status).toBe(201);
    const session = await login(server, user.email);
    expect(lifetimeOf(session.accessToken)).toBe(120);
    expect(session.setCookie).toMatch(/Max-Age=3600/);
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } });
    expect(lifetimeOf(refreshed.data!.accessToken)).toBe(120);
  });

  it('allowNotVerifiedUsersLogin: an unverified user logs in only while it is on', async () => {
    const { user } = await tenantWithUser(server);
    await server.db('users').where({ id: user.id }).update({ verified: false });
    const body = { email: user.email, password: user.password };
    expect((await server.client.POST('/identity/resources/auth/v1/user', { body })).response.status).not.toBe(200);
    await configure({ allowNotVerifiedUsersLogin: true });
    try {
      expect((await server.client.POST('/identity/resources/auth/v1/user', { body })).response.status).toBe(200);
    } finally {
      await configure({ allowNotVerifiedUsersLogin: false });
    }
  });

  it('cookieSameSite: the next refresh cookie carries it', async () => {
    const { user } = await tenantWithUser(server);
    await configure({ cookieSameSite: 'STRICT' });
    expect((await login(server, user.email)).setCookie).toMatch(/SameSite=Strict/i);
    await configure({ cookieSameSite: 'NONE' });
    expect((await login(server, user.email)).setCookie).toMatch(/SameSite=None.*Secure|Secure.*SameSite=None/i);
  });

  it('rotateRefreshTokens off: a refresh hands back the same token, which keeps working; on again: used up', async () => {
    const { user } = await tenantWithUser(server);
    const answer = await configure({ rotateRefreshTokens: false });
    expect(answer.data).toMatchObject({ rotateRefreshTokens: false, refreshTokensRotationLimit: 0 });
    const session = await login(server, user.email);
    for (let round = 0; round < 3; round += 1) {
      const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } });
      expect(refreshed.response.status).toBe(201);
      expect(refreshed.data!.refreshToken).toBe(session.refreshToken);
    }
    await configure({ rotateRefreshTokens: true });
    const rotated = await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } });
    expect(rotated.data!.refreshToken).not.toBe(session.refreshToken);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(401);
  });

  it('addRolesToJwt / addPermissionsToJwt off: tokens leave them out, and permissions are still enforced from the database', async () => {
    await configure({ addRolesToJwt: false, addPermissionsToJwt: false });
    const { adminUser, vendor, tenant } = await accountWithMembers(server);
    const session = await login(server, adminUser.email);
    const claims = jwt.decode(session.accessToken) as jwt.JwtPayload;
    expect(claims).not.toHaveProperty('roles');
    expect(claims).not.toHaveProperty('permissions');
    const admin = createNesteggClient({ baseUrl: server.url, accessToken: session.accessToken });
    expect((await admin.GET(LOCKOUT, {})).response.status).not.toBe(403);
    const noRoles = await memberWith(server, vendor, tenant.tenantId);
    expect((await noRoles.client.GET(LOCKOUT, {})).response.status).toBe(403);

    await configure({ addRolesToJwt: true, addPermissionsToJwt: false });
    const partly = jwt.decode((await login(server, adminUser.email)).accessToken) as jwt.JwtPayload;
    expect(partly.roles).toEqual(expect.any(Array));
    expect(partly).not.toHaveProperty('permissions');
  });

  it('jwtAlgorithm HS256: a secret is made, user tokens are HS256 with it, and each algorithm refuses the other', async () => {
    const { user } = await tenantWithUser(server);
    const rsaSession = await login(server, user.email);
    const publicKeyPem = (await server.services.keys.activeKey()).publicKeyPem;

    const answer = await configure({ jwtAlgorithm: 'HS256' });
    expect(answer.data).toMatchObject({ jwtAlgorithm: 'HS256' });
    const secret = answer.data!.jwtSecret;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    // Kept sealed with NESTEGG_SECRETS_KEY, answered as made.
    const stored = (await server.db('environments').first('jwt_secret')).jwt_secret as string;
    expect(stored).toMatch(/^sealed:v1:/);
    expect(stored).not.toContain(secret);
    const hsSession = await login(server, user.email);
    expect(jwt.decode(hsSession.accessToken, { complete: true })!.header.alg).toBe('HS256');
    expect(() => jwt.verify(hsSession.accessToken, secret, { algorithms: ['HS256'] })).not.toThrow();
    expect((await meWith(hsSession.accessToken)).response.status).toBe(200);
    // An RS256 token is refused while HS256 is configured; environment tokens stay RS256 and work.
    expect((await meWith(rsaSession.accessToken)).response.status).toBe(401);
    const { client: vendor } = await asVendor(server);
    expect((await vendor.GET(CONFIG, {})).response.status).toBe(200);
    // The same secret stays across switches.
    expect((await configure({ jwtAlgorithm: 'HS256' })).data!.jwtSecret).toBe(secret);

    await configure({ jwtAlgorithm: 'RS256' });
    expect((await meWith(hsSession.accessToken)).response.status).toBe(401);
    const claims = jwt.decode(hsSession.accessToken) as jwt.JwtPayload;
    const keyedWithPublicKey = jwt.sign(claims, publicKeyPem, { algorithm: 'HS256' });
    expect((await meWith(keyedWithPublicKey)).response.status).toBe(401);
    expect((await meWith((await login(server, user.email)).accessToken)).response.status).toBe(200);
  });
});

describe('token forgery (401, never 500)', () => {
  it('refuses alg none, HS256 keyed with the RSA public key, an unknown kid, an expired token, a wrong aud or iss', async () => {
    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const { header, payload } = jwt.decode(session.accessToken, { complete: true })! as { header: jwt.JwtHeader; payload: jwt.JwtPayload };
    const key = await server.services.keys.activeKey();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const sign = (changes: jwt.JwtPayload, kid = header.kid) => jwt.sign({ ...payload, ...changes }, key.privateKey, { algorithm: 'RS256', keyid: kid });
    const past = Math.floor(Date.now() / 1000) - 3600;
    const forged = {
      none: `${encode({ alg: 'none', typ: 'JWT', kid: header.kid })}.${encode(payload)}.`,
      hsWithPublicPem: jwt.sign(payload, key.publicKeyPem, { algorithm: 'HS256', keyid: header.kid }),
      unknownKid: sign({}, 'deadbeef'),
      otherKeySameKid: jwt.sign(payload, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { algorithm: 'RS256', keyid: header.kid }),
      expired: sign({ iat: past - 300, exp: past }),
      wrongAud: sign({ aud: 'another-client' }),
      wrongIss: sign({ iss: 'https://evil.example' }),
      garbage: 'not.a.jwt',
    };
    expect((await meWith(sign({}))).response.status).toBe(200);
    for (const [name, token] of Object.entries(forged)) {
      const answer = await meWith(token);
      expect({ name, status: answer.response.status }).toEqual({ name, status: 401 });
    }
  });
});
