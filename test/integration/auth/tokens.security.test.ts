import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createNesteggClient } from '../../../client';
import { login, tenantWithUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const ME = '/identity/resources/users/v2/me';

async function meWith(token: string) {
  return createNesteggClient({ baseUrl: server.url, accessToken: token }).GET(ME, {});
}

/** A valid user token's claims and the PEM of the server's public key. */
async function genuine() {
  const { user } = await tenantWithUser(server);
  const session = await login(server, user.email);
  const decoded = jwt.decode(session.accessToken, { complete: true })!;
  const publicKey = (await server.services.keys.activeKey()).publicKeyPem;
  return { session, header: decoded.header, claims: decoded.payload as jwt.JwtPayload, publicKey };
}

describe('access token verification', () => {
  it('accepts a genuine user token', async () => {
    const { session } = await genuine();
    expect((await meWith(session.accessToken)).response.status).toBe(200);
  });

  it('refuses alg "none"', async () => {
    const { claims, header } = await genuine();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT', kid: header.kid })}.${encode(claims)}.`;
    const result = await meWith(unsigned);
    expect(result.response.status).toBe(401);
    expect(result.error).toEqual({ errors: ['Failed to verify authentication'], errorCode: 'ER-01000' });
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const { claims, header, publicKey } = await genuine();
    const forged = jwt.sign(claims, publicKey, { algorithm: 'HS256', keyid: header.kid });
    expect((await meWith(forged)).response.status).toBe(401);
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const { claims, header } = await genuine();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: header.kid });
    expect((await meWith(forged)).response.status).toBe(401);
  });

  it('refuses a wrong audience, a wrong issuer and an expired token', async () => {
    const { claims, header } = await genuine();
    const key = (await server.services.keys.activeKey()).privateKey;
    const sign = (changes: jwt.JwtPayload) => jwt.sign({ ...claims, ...changes }, key, { algorithm: 'RS256', keyid: header.kid });
    expect((await meWith(sign({}))).response.status).toBe(200);
    expect((await meWith(sign({ aud: 'another-client' }))).response.status).toBe(401);
    expect((await meWith(sign({ iss: 'https://evil.example' }))).response.status).toBe(401);
    const past = Math.floor(Date.now() / 1000) - 3600;
    expect((await meWith(sign({ iat: past - 300, exp: past }))).response.status).toBe(401);
  });

  it('refuses a token of the wrong type: a vendor token where only users may call, a user token on a management route', async () => {
    const { claims, header } = await genuine();
    const key = (await server.services.keys.activeKey()).privateKey;
    const asApiToken = jwt.sign({ ...claims, type: 'tenantApiToken' }, key, { algorithm: 'RS256', keyid: header.kid });
    expect((await meWith(asApiToken)).response.status).toBe(401);

    const { session } = await genuine();
    const management = await createNesteggClient({ baseUrl: server.url, accessToken: session.accessToken }).GET(
      '/identity/resources/configurations/v1/delegation',
      {},
    );
    expect(management.response.status).toBe(401);
  });

  it('refuses a refresh token in place of an access token, and garbage', async () => {
    const { session } = await genuine();
    expect((await meWith(session.refreshToken)).response.status).toBe(401);
    expect((await meWith('a.b.c')).response.status).toBe(401);
    const noScheme = await fetch(`${server.url}${ME}`, { headers: { authorization: session.accessToken } });
    expect(noScheme.status).toBe(401);
  });
});
