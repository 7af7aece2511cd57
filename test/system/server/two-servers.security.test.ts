import { login, tenantWithUser } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/server';

/**
 * Two nestegg servers on one PostgreSQL database, each with its own connection pool, as two
 * processes would have, behave as one: a refresh token rotated by one is
 * known as used by the other, and reuse detected by either ends the session for both. Needs a
 * shared database, so it runs in the PostgreSQL pass (DATABASE_URL), which CI always runs.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres('two server processes on one database', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    [first, second] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterAll(() => Promise.all([first.close(), second.close()]));

  const REFRESH = '/identity/resources/auth/v1/user/token/refresh';

  it('share sessions, rotation and reuse detection', async () => {
    const { user } = await tenantWithUser(first);
    const session = await login(first, user.email);
    const rotated = await second.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } });
    expect(rotated.response.status).toBe(201);
    // The first server sees the token as used: replaying it there ends the session everywhere.
    expect((await first.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(401);
    expect((await second.client.POST(REFRESH, { body: { refreshToken: rotated.data!.refreshToken } })).response.status).toBe(401);
  });

  it('let exactly one of 20 parallel refreshes succeed when they are split across both', async () => {
    const { user } = await tenantWithUser(first);
    const { refreshToken } = await login(first, user.email);
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? first : second).client.POST(REFRESH, { body: { refreshToken } })));
    expect(results.filter((result) => result.response.status === 201)).toHaveLength(1);
  });

  it("verify each other's access tokens (one signing key)", async () => {
    const { user } = await tenantWithUser(first);
    const session = await login(first, user.email);
    const me = await second.client.GET('/identity/resources/users/v2/me', { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.response.status).toBe(200);
  });
});
