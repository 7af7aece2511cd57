import { login, tenantWithUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('social login providers (none until social login exists)', () => {
  it('GET /identity/resources/sso/v1 and /sso/v2 answer an empty list without a token', async () => {
    const v1 = await server.client.GET('/identity/resources/sso/v1', {});
    expect(v1.response.status).toBe(200);
    expect(v1.data).toEqual([]);
    const v2 = await server.client.GET('/identity/resources/sso/v2', {});
    expect(v2.response.status).toBe(200);
    expect(v2.data).toEqual([]);
  });

  it('GET /identity/resources/sso/custom/v1 answers no custom providers', async () => {
    const { data, response } = await server.client.GET('/identity/resources/sso/custom/v1', {});
    expect(response.status).toBe(200);
    expect(data).toEqual({ providers: [] });
  });

  it('GET /identity/resources/sso/v2/authenticated answers a logged-in user, and 401 without a token', async () => {
    const { user } = await tenantWithUser(server);
    const { accessToken } = await login(server, user.email);
    const ok = await server.client.GET('/identity/resources/sso/v2/authenticated', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(ok.response.status).toBe(200);
    expect(ok.data).toEqual([]);
    const anonymous = await server.client.GET('/identity/resources/sso/v2/authenticated', {});
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error?.errorCode).toBe('ER-01000');
  });
});
