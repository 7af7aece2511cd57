import { login, tenantWithUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const expected = {
  mainAuthStrategies: [{ strategy: 'EmailAndPassword' }],
  secondaryAuthStrategies: expect.arrayContaining([
    { strategy: 'Passkeys', isActive: false },
    { strategy: 'SmsCode', isActive: false },
    { strategy: 'UsernameAndPassword', isActive: true },
  ]),
};

describe('GET /identity/resources/configurations/v1/auth/strategies/public', () => {
  it('answers without a token: email and password, a username and password, every other strategy off', async () => {
    const { data, response } = await server.client.GET('/identity/resources/configurations/v1/auth/strategies/public', {});
    expect(response.status).toBe(200);
    expect(data).toEqual(expected);
    expect(data?.secondaryAuthStrategies.filter((strategy) => strategy.isActive)).toEqual([{ strategy: 'UsernameAndPassword', isActive: true }]);
  });
});

describe('GET /identity/resources/configurations/v1/auth/strategies', () => {
  it('answers a logged-in user the same, and 401 without a token', async () => {
    const { user } = await tenantWithUser(server);
    const { accessToken } = await login(server, user.email);
    const ok = await server.client.GET('/identity/resources/configurations/v1/auth/strategies', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(ok.response.status).toBe(200);
    expect(ok.data).toEqual(expected);
    const anonymous = await server.client.GET('/identity/resources/configurations/v1/auth/strategies', {});
    expect(anonymous.response.status).toBe(401);
  });
});
