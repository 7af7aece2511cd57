import { login, tenantWithUser } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/server';

/**
 * The cap on concurrent sessions holds when logins of one user arrive at two server processes at
 * once. Needs a shared database, so it runs in the PostgreSQL pass (DATABASE_URL).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres('maximum concurrent sessions across two server processes', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    [first, second] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterAll(() => Promise.all([first.close(), second.close()]));

  it('logins at once on both never leave more live sessions than the maximum (10 rounds)', async () => {
    const { user, vendor, tenant } = await tenantWithUser(first);
    const header = { 'frontegg-tenant-id': tenant.tenantId };
    const set = await vendor.POST('/identity/resources/configurations/sessions/v1', {
      params: { header },
      body: { sessionConcurrentConfiguration: { isActive: true, maxSessions: 2 } },
    });
    expect(set.response.status).toBe(201);
    for (let round = 0; round < 10; round += 1) {
      const logins = await Promise.all(Array.from({ length: 4 }, (_, index) => login(index % 2 ? first : second, user.email)));
      expect(logins).toHaveLength(4);
      const live = await first.db('sessions').where({ user_id: user.id }).whereNull('revoked_at').count<{ count: string }[]>('id as count');
      expect(Number(live[0].count)).toBe(2);
    }
  });
});
