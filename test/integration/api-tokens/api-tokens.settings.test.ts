import { accountWithMembers, claimsOf } from '../../support/roles';
import { useTestServer } from '../../support/server';

/** Environment settings that shape API tokens; this file changes them, so it has its own database. */
const server = useTestServer({ databaseUrl: undefined });

describe('API tokens and the environment settings', () => {
  afterEach(() =>
    server.services.environment.updateSettings({ defaultTokenExpiration: 300, defaultRefreshTokenExpiration: 2_592_000, apiTokensEnabled: true }),
  );

  it('the access token lives defaultTokenExpiration; a refresh token older than defaultRefreshTokenExpiration is refused', async () => {
    await server.services.environment.updateSettings({ defaultTokenExpiration: 120, defaultRefreshTokenExpiration: 3600 });
    const { admin } = await accountWithMembers(server);
    const token = (await admin.client.POST('/identity/resources/tenants/api-tokens/v2', { body: {} })).data!;
    const exchanged = await server.client.POST('/identity/resources/auth/v2/api-token', { body: { clientId: token.clientId, secret: token.secret } });
    expect(exchanged.data?.expires_in).toBe(120);
    const claims = claimsOf(exchanged.data!.access_token) as unknown as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(120);
    const young = (await server.client.POST('/identity/resources/auth/v2/api-token', { body: { clientId: token.clientId, secret: token.secret } })).data!;
    // Back-dated past the refresh lifetime, by the database clock.
    await server
      .db('api_token_refresh_tokens')
      .where({ api_token_id: token.clientId })
      .update({ created_at: server.db.raw(`now() - interval '3601 seconds'`) });
    expect(
      (await server.client.POST('/identity/resources/auth/v2/api-token/token/refresh', { body: { refreshToken: young.refresh_token } })).response.status,
    ).toBe(401);
  });

  it('with apiTokensEnabled off, no token can be created', async () => {
    await server.services.environment.updateSettings({ apiTokensEnabled: false });
    const { admin } = await accountWithMembers(server);
    for (const route of ['/identity/resources/tenants/api-tokens/v2', '/identity/resources/users/api-tokens/v1'] as const) {
      const answer = await admin.client.POST(route, { body: {} });
      expect(answer.response.status).toBe(403);
      expect(answer.error).toEqual({ errors: ['Api tokens are disabled'], errorCode: 'ER-07007' });
    }
  });
});
