import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { builtInPermissionId, accountWithMembers, asUser } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * Forged client-credentials tokens: every one is a 401 (never a 500) on a route that takes
 * tenantApiToken JWTs, and a genuine one of the wrong kind is refused where it does not belong.
 */
const server = useTestServer();
const TENANT_V1 = '/identity/resources/tenants/api-tokens/v1';
const USER_TOKENS = '/identity/resources/users/api-tokens/v1';
const ME = '/identity/resources/users/v2/me';

async function genuine() {
  const { admin } = await accountWithMembers(server);
  const created = await admin.client.POST('/identity/resources/tenants/api-tokens/v2', {
    body: { permissionIds: [builtInPermissionId('fe.account-settings.read.app')] },
  });
  const exchanged = await server.client.POST('/identity/resources/auth/v2/api-token', {
    body: { clientId: created.data!.clientId, secret: created.data!.secret },
  });
  const token = exchanged.data!.access_token;
  const decoded = jwt.decode(token, { complete: true })!;
  const key = await server.services.keys.activeKey();
  return { admin, token, refreshToken: exchanged.data!.refresh_token, header: decoded.header, claims: decoded.payload as jwt.JwtPayload, key };
}

const list = (token: string) => asUser(server, token).GET(TENANT_V1, {});

describe('API-token JWT forgery', () => {
  it('accepts the genuine token and a re-signed copy with our key, and refuses alg none, HS256 keyed with the public key, and a foreign key', async () => {
    const { token, claims, header, key } = await genuine();
    expect((await list(token)).response.status).toBe(200);
    expect((await list(jwt.sign(claims, key.privateKey, { algorithm: 'RS256', keyid: header.kid }))).response.status).toBe(200);

    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = await list(`${encode({ alg: 'none', typ: 'JWT', kid: header.kid })}.${encode(claims)}.`);
    expect(none.response.status).toBe(401);
    expect(none.error).toEqual({ errors: ['Failed to verify authentication'], errorCode: 'ER-01000' });
    expect((await list(jwt.sign(claims, key.publicKeyPem, { algorithm: 'HS256', keyid: header.kid }))).response.status).toBe(401);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await list(jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: header.kid }))).response.status).toBe(401);
  });

  it('refuses an expired token, a wrong aud or iss, an unknown kid, and a changed type', async () => {
    const { claims, header, key } = await genuine();
    const sign = (changes: jwt.JwtPayload, kid = header.kid) => jwt.sign({ ...claims, ...changes }, key.privateKey, { algorithm: 'RS256', keyid: kid });
    const past = Math.floor(Date.now() / 1000) - 3600;
    for (const forged of [
      sign({ iat: past - 300, exp: past }),
      sign({ aud: 'another-client' }),
      sign({ iss: 'https://evil.example' }),
      sign({}, 'no-such-kid'),
      sign({ type: 'userApiToken' }),
    ]) {
      const answer = await list(forged);
      expect(answer.response.status).toBe(401);
    }
    // A signed token for an API token that does not exist.
    expect((await list(sign({ sub: '00000000-0000-4000-8000-000000000000' }))).response.status).toBe(401);
  });

  it('a tenantApiToken is not a user token, and a user token is not a refresh token or an API-token credential', async () => {
    const { admin, token, refreshToken } = await genuine();
    expect((await asUser(server, token).GET(ME, {})).response.status).toBe(401);
    expect((await asUser(server, token).GET(USER_TOKENS, {})).response.status).toBe(401);
    // Our verifier takes a user token only where userToken is named.
    expect(await server.services.tokens.verify(admin.accessToken, ['tenantApiToken', 'userApiToken'])).toBeUndefined();
    expect(await server.services.tokens.verify(token, ['userToken', 'vendor'])).toBeUndefined();
    const asRefresh = await server.client.POST('/identity/resources/auth/v2/api-token/token/refresh', { body: { refreshToken: admin.accessToken } });
    expect(asRefresh.response.status).toBe(401);
    // The API-token refresh token is not a user refresh token.
    const asUserRefresh = await server.client.POST('/identity/resources/auth/v1/user/token/refresh', { body: { refreshToken } });
    expect(asUserRefresh.response.status).toBe(401);
  });
});
