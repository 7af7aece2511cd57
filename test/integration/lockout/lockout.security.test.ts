import { rmSync } from 'node:fs';
import { PASSWORD, tenantWithUser } from '../../support/fixtures';
import { vendorIn } from '../../support/roles';
import { seededDataDir, startTestServer, type TestServer } from '../../support/server';

/**
 * Lockout across processes and restarts. The race needs two servers on one database, so it runs in
 * the PostgreSQL pass (DATABASE_URL); the restart runs on both (PGlite in a folder of its own).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const describeOnPostgres = onPostgres ? describe : describe.skip;

const POLICY = '/identity/resources/configurations/v1/lockout-policy';
const LOGIN = '/identity/resources/auth/v1/user';
const WRONG = 'not the password';

async function lockedAccountUser(server: TestServer, maxAttempts: number) {
  const { vendorToken, tenant, user } = await tenantWithUser(server);
  expect((await vendorIn(server, vendorToken, tenant.tenantId).POST(POLICY, { body: { enabled: true, maxAttempts } })).response.status).toBe(201);
  return user;
}

describeOnPostgres('lockout with two server processes on one database', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    // The cheapest argon2 allowed (both servers alike), so that 500 password checks stay quick.
    const cheap = { argon2: { memoryCost: 8192, timeCost: 1, parallelism: 1 } };
    [first, second] = await Promise.all([startTestServer(cheap), startTestServer(cheap)]);
  });
  afterAll(() => Promise.all([first.close(), second.close()]));

  it('50 concurrent wrong passwords split across both count exactly 50 and lock once, with one unlock email (10 rounds)', async () => {
    for (let round = 0; round < 10; round += 1) {
      const user = await lockedAccountUser(first, 5);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) => (index % 2 ? first : second).client.POST(LOGIN, { body: { email: user.email, password: WRONG } })),
      );
      expect(results.every((result) => result.response.status === 401)).toBe(true);
      expect(await first.db('users').where({ id: user.id }).first('is_locked', 'failed_login_attempts')).toEqual({
        is_locked: true,
        failed_login_attempts: 50,
      });
      const emails = await first.db('email_outbox').where({ recipient: user.email, template: 'unlock' }).count<{ count: string }[]>('* as count').first();
      expect(Number(emails?.count)).toBe(1);
      const right = await second.client.POST(LOGIN, { body: { email: user.email, password: PASSWORD } });
      expect(right.response.status).toBe(401);
      expect(right.error).toEqual(results[0].error);
    }
  }, 60_000);
});

describe('a lock survives a restart', () => {
  it('the user locked before the restart is still refused after it', async () => {
    const dataDir = onPostgres ? undefined : seededDataDir('lockout-');
    const options = dataDir ? { databaseUrl: undefined, dataDir } : {};
    try {
      const before = await startTestServer(options);
      const user = await lockedAccountUser(before, 2);
      await before.client.POST(LOGIN, { body: { email: user.email, password: WRONG } });
      await before.client.POST(LOGIN, { body: { email: user.email, password: WRONG } });
      expect((await before.client.POST(LOGIN, { body: { email: user.email, password: PASSWORD } })).response.status).toBe(401);
      await before.close();

      const after = await startTestServer(options);
      try {
        const right = await after.client.POST(LOGIN, { body: { email: user.email, password: PASSWORD } });
        expect(right.response.status).toBe(401);
        expect(right.error?.errorCode).toBe('ER-01002');
        expect((await after.db('users').where({ id: user.id }).first('is_locked')).is_locked).toBe(true);
      } finally {
        await after.close();
      }
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
