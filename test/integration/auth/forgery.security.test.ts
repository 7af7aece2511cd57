import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { impersonate, impersonationAccount } from '../delegation/support';
import { asVendor, login } from '../../support/fixtures';
import { asUser, builtInPermissionId } from '../../support/roles';
import { useServerForFronteggSdk } from '../../support/frontegg-sdk';

/**
 * The forgery set against every kind of token nestegg signs: each forged token is refused (401 on
 * a route that takes the kind), never a 500; and a genuine token of one kind is refused where
 * another kind belongs. Access tokens (`x-api-key`) are checked by the vendor's backend, not by
 * nestegg: their probe is Frontegg's Node SDK pointed at nestegg. Every kind's genuine token is
 * accepted first, so a refusal is the forgery's doing.
 */
const sdk = useServerForFronteggSdk();
const server = new Proxy({} as typeof sdk.server, { get: (_target, key) => Reflect.get(sdk.server, key) });

type Kind = 'vendor' | 'userToken' | 'impersonation' | 'tenantApiToken' | 'userApiToken' | 'tenantAccessToken' | 'userAccessToken';
type Outcome = 'accepted' | 'refused';

const ME = '/identity/resources/users/v2/me';
// An environment-only route (the settings themselves also answer a member, with their view of them).
const SETTINGS = '/identity/resources/configurations/v1/delegation';
const TENANT_API_TOKENS = '/identity/resources/tenants/api-tokens/v1';
const USER_API_TOKENS = '/identity/resources/users/api-tokens/v1';

/** 200 is accepted, 401 refused; any other answer fails the test with its status. */
async function byRoute(call: Promise<{ response: Response }>): Promise<Outcome> {
  const { status } = (await call).response;
  if (status === 200) return 'accepted';
  if (status === 401) return 'refused';
  throw new Error(`expected 200 or 401, got ${status}`);
}

/** Where each kind is used: a route that takes it, or (access tokens, checked by the vendor's backend against our keys) our verifier. */
const probes: Record<Kind, (token: string) => Promise<Outcome>> = {
  vendor: (token) => byRoute(asUser(server, token).GET(SETTINGS, {})),
  userToken: (token) => byRoute(asUser(server, token).GET(ME, {})),
  impersonation: (token) => byRoute(asUser(server, token).GET(ME, {})),
  tenantApiToken: (token) => byRoute(asUser(server, token).GET(TENANT_API_TOKENS, {})),
  userApiToken: (token) => byRoute(asUser(server, token).GET(USER_API_TOKENS, {})),
  tenantAccessToken: (token) => bySdk(token),
  userAccessToken: (token) => bySdk(token),
};

/** What a vendor's backend decides of an `x-api-key` with Frontegg's SDK: its signature by our published key, then whether its id is live. */
async function bySdk(token: string): Promise<Outcome> {
  const { IdentityClient } = await import('@frontegg/client');
  return IdentityClient.getInstance()
    .validateIdentityOnToken(token, { permissions: [] })
    .then(
      () => 'accepted',
      () => 'refused',
    );
}

/** A kind each one is re-typed to: one its probe does not take. */
const RETYPED: Record<Kind, string> = {
  vendor: 'userToken',
  userToken: 'tenantApiToken',
  impersonation: 'userAccessToken',
  tenantApiToken: 'userApiToken',
  userApiToken: 'tenantApiToken',
  tenantAccessToken: 'userAccessToken',
  userAccessToken: 'tenantAccessToken',
};

let genuine: Record<Kind, string>;
let userRefreshToken: string;
let apiRefreshToken: string;

beforeAll(async () => {
  const { admin, reader } = await impersonationAccount(server);
  const asAdmin = asUser(server, admin.token);
  const exchange = async (created: { clientId?: string; secret?: string } | undefined) => {
    const answer = await server.client.POST('/identity/resources/auth/v2/api-token', { body: { clientId: created!.clientId!, secret: created!.secret! } });
    if (answer.response.status !== 200) throw new Error(`API-token exchange failed: ${answer.response.status}`);
    return answer.data!;
  };
  const tenantApi = await exchange(
    (await asAdmin.POST('/identity/resources/tenants/api-tokens/v2', { body: { permissionIds: [builtInPermissionId('fe.account-settings.read.app')] } })).data,
  );
  const userApi = await exchange((await asAdmin.POST(USER_API_TOKENS, { body: {} })).data);
  const impersonated = await impersonate(server, admin.token, reader.id, { reason: 'forgery set' });
  if (impersonated.response.status !== 201) throw new Error(`impersonation failed: ${impersonated.response.status}`);
  genuine = {
    vendor: (await asVendor(server)).token,
    userToken: admin.token,
    impersonation: impersonated.data!.accessToken,
    tenantApiToken: tenantApi.access_token,
    userApiToken: userApi.access_token,
    tenantAccessToken: (await asAdmin.POST('/identity/resources/tenants/access-tokens/v1', { body: {} })).data!.secret!,
    userAccessToken: (await asAdmin.POST('/identity/resources/users/access-tokens/v1', { body: {} })).data!.secret!,
  };
  userRefreshToken = (await login(server, (await server.db('users').where({ id: reader.id }).first('email')).email)).refreshToken;
  apiRefreshToken = tenantApi.refresh_token;
});

const KINDS = Object.keys(probes) as Kind[];

describe.each(KINDS)('%s', (kind) => {
  it('the genuine token is accepted, and a copy re-signed with our key too', async () => {
    const { header, payload } = jwt.decode(genuine[kind], { complete: true })!;
    const key = await server.services.keys.activeKey();
    expect(await probes[kind](genuine[kind])).toBe('accepted');
    expect(await probes[kind](jwt.sign(payload as jwt.JwtPayload, key.privateKey, { algorithm: 'RS256', keyid: header.kid }))).toBe('accepted');
  });

  it('refuses alg none, HS256 keyed with the public key, a foreign key under our kid, an unknown kid, expiry, a wrong aud or iss, and another type', async () => {
    const { header, payload } = jwt.decode(genuine[kind], { complete: true })!;
    const claims = payload as jwt.JwtPayload;
    const key = await server.services.keys.activeKey();
    const sign = (changes: jwt.JwtPayload, kid = header.kid) => jwt.sign({ ...claims, ...changes }, key.privateKey, { algorithm: 'RS256', keyid: kid });
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const past = Math.floor(Date.now() / 1000) - 3600;
    const forged: Record<string, string> = {
      'alg none': `${encode({ alg: 'none', typ: 'JWT', kid: header.kid })}.${encode(claims)}.`,
      'HS256 keyed with the public key': jwt.sign(claims, key.publicKeyPem, { algorithm: 'HS256', keyid: header.kid }),
      'a foreign key under our kid': jwt.sign(claims, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, {
        algorithm: 'RS256',
        keyid: header.kid,
      }),
      'an unknown kid': sign({}, 'no-such-kid'),
      'no kid': jwt.sign(claims, key.privateKey, { algorithm: 'RS256' }),
      expired: sign({ iat: past - 300, exp: past }),
      'a wrong aud': sign({ aud: 'another-client' }),
      'a wrong iss': sign({ iss: 'https://evil.example' }),
      'another type': sign({ type: RETYPED[kind] }),
      garbage: 'not.a.jwt',
    };
    if (kind === 'tenantAccessToken' || kind === 'userAccessToken') {
      // Frontegg's SDK checks the signature with the one public key it reads, and not aud, iss or kid:
      // those forgeries need our private key, and nestegg itself never takes an access token (below).
      for (const name of ['a wrong aud', 'a wrong iss', 'an unknown kid', 'no kid']) delete forged[name];
    }
    const outcomes = Object.fromEntries(await Promise.all(Object.entries(forged).map(async ([name, token]) => [name, await probes[kind](token)] as const)));
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(forged).map((name) => [name, 'refused'])));
  });
});

describe('a token of another kind where it does not belong', () => {
  /**
   * What each probe must refuse besides refresh tokens: the kinds its route does not take. (The
   * profile route also takes the environment token, for the user its headers name; the SDK's check
   * takes any token our key signed.)
   */
  const refuses: Record<Kind, Kind[]> = {
    vendor: ['userToken', 'impersonation', 'tenantApiToken', 'userApiToken', 'tenantAccessToken', 'userAccessToken'],
    userToken: ['tenantApiToken', 'userApiToken', 'tenantAccessToken', 'userAccessToken'],
    impersonation: ['tenantApiToken', 'userApiToken', 'tenantAccessToken', 'userAccessToken'],
    tenantApiToken: ['userApiToken', 'tenantAccessToken', 'userAccessToken'],
    userApiToken: ['tenantApiToken', 'tenantAccessToken', 'userAccessToken'],
    tenantAccessToken: [],
    userAccessToken: [],
  };

  it.each(KINDS)('where %s belongs, the others and refresh tokens are refused', async (kind) => {
    const tried = [
      ...refuses[kind].map((other) => [other, genuine[other]]),
      ['user refresh token', userRefreshToken],
      ['API-token refresh token', apiRefreshToken],
    ];
    const outcomes = Object.fromEntries(await Promise.all(tried.map(async ([name, token]) => [name, await probes[kind](token)] as const)));
    expect(outcomes).toEqual(Object.fromEntries(tried.map(([name]) => [name, 'refused'])));
  });
});
