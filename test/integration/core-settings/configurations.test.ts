import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { asVendor, login, tenantWithUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('GET /identity/resources/configurations/v1', () => {
  it('returns the settings with their defaults and the PEM public key that verifies our tokens', async () => {
    const { client } = await asVendor(server);
    const { data, response } = await client.GET('/identity/resources/configurations/v1', {});
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      id: server.bootstrap.id,
      defaultTokenExpiration: 300,
      defaultRefreshTokenExpiration: 2592000,
      cookieSameSite: 'LAX',
      jwtAlgorithm: 'RS256',
      rotateRefreshTokens: true,
    });
    expect(data!.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    expect(() => jwt.verify(session.accessToken, data!.publicKey, { algorithms: ['RS256'] })).not.toThrow();
  });

  it('answers 401 without an environment token', async () => {
    const { response, error } = await server.client.GET('/identity/resources/configurations/v1', {});
    expect(response.status).toBe(401);
    expect(error?.errorCode).toBe('ER-01000');
  });
});

describe('GET /identity/resources/configurations/v1/public', () => {
  it('answers without a token, with only what a login box needs', async () => {
    const { data, response } = await server.client.GET('/identity/resources/configurations/v1/public', {});
    expect(response.status).toBe(200);
    expect(data).toEqual({
      allowSignups: true,
      allowNotVerifiedUsersLogin: false,
      apiTokensEnabled: true,
      forcePermissions: false,
      authStrategy: 'EmailAndPassword',
      machineToMachineAuthStrategy: 'ClientCredentials',
    });
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the signing key under the kid our tokens carry, the first 8 hex digits of the client id', async () => {
    const { data, response } = await server.client.GET('/.well-known/jwks.json', {});
    expect(response.status).toBe(200);
    const [key] = data!.keys;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: server.clientId.replace(/-/g, '').slice(0, 8) });

    const { user } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const header = jwt.decode(session.accessToken, { complete: true })!.header;
    expect(header.kid).toBe(key.kid);
    const publicKey = createPublicKey({ key: { kty: key.kty, n: key.n, e: key.e }, format: 'jwk' });
    expect(() => jwt.verify(session.accessToken, publicKey, { algorithms: ['RS256'] })).not.toThrow();
  });
});
