import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('POST /auth/vendor', () => {
  it('exchanges the client id and API key for an environment token (200)', async () => {
    const { data, response } = await server.client.POST('/auth/vendor', { body: { clientId: server.clientId, secret: server.apiKey } });
    expect(response.status).toBe(200);
    expect(data?.expiresIn).toBe(86400);
    const claims = jwt.decode(data!.token) as jwt.JwtPayload;
    expect(claims).toMatchObject({ type: 'vendor', vendorId: server.bootstrap.id, scopes: [], aud: server.clientId });
    expect(claims.exp! - claims.iat!).toBe(86400);
  });

  it('answers 401 for a wrong API key or client id, alike', async () => {
    const wrongKey = await server.client.POST('/auth/vendor', { body: { clientId: server.clientId, secret: 'x'.repeat(40) } });
    const wrongClient = await server.client.POST('/auth/vendor', { body: { clientId: randomUUID(), secret: server.apiKey } });
    expect(wrongKey.response.status).toBe(401);
    expect(wrongClient.response.status).toBe(401);
    expect(wrongKey.error).toEqual({ errors: ['Invalid authentication'], errorCode: 'ER-01001' });
    expect(wrongClient.error).toEqual(wrongKey.error);
  });

  it('answers 400 naming the missing field', async () => {
    const result = await server.client.POST('/auth/vendor', { body: { clientId: server.clientId } as never });
    expect(result.response.status).toBe(400);
    expect(result.error?.errors.join(' ')).toMatch(/secret/);
  });

  it('is accepted as Authorization: Bearer and as x-access-token on management routes', async () => {
    const { data } = await server.client.POST('/auth/vendor', { body: { clientId: server.clientId, secret: server.apiKey } });
    const config = '/identity/resources/configurations/v1';
    const bearer = await fetch(`${server.url}${config}`, { headers: { authorization: `Bearer ${data!.token}` } });
    const header = await fetch(`${server.url}${config}`, { headers: { 'x-access-token': data!.token } });
    const none = await fetch(`${server.url}${config}`);
    expect([bearer.status, header.status, none.status]).toEqual([200, 200, 401]);
  });
});
