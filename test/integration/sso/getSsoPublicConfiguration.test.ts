import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('GET /team/resources/sso/v2/configurations/public', () => {
  it('answers without a token that the login page offers no SSO', async () => {
    const { data, response } = await server.client.GET('/team/resources/sso/v2/configurations/public', {});
    expect(response.status).toBe(200);
    expect(data).toEqual({ isActive: false });
  });
});
