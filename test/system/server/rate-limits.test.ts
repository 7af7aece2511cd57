import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../support/server';

/**
 * Rate limits are counted in the database: concurrent hits each count once, and on PostgreSQL two
 * servers (each with its own connection pool, as two processes have) share the counts.
 */
describe('rate limits', () => {
  const servers: TestServer[] = [];
  beforeAll(async () => {
    servers.push(await startTestServer());
    if (process.env.DATABASE_URL) servers.push(await startTestServer());
  });
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it(`allow exactly the limit of concurrent hits${process.env.DATABASE_URL ? ', split across two servers' : ''} (10 rounds)`, async () => {
    const limit = { max: 5, windowSeconds: 600 };
    for (let round = 0; round < 10; round += 1) {
      const key = `round-${round}-${randomUUID()}`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) => servers[index % servers.length].services.rateLimits.allow('test', key, limit)),
      );
      expect(answers.filter(Boolean)).toHaveLength(5);
    }
    const key = `someone-${randomUUID()}@example.com`;
    await Promise.all(Array.from({ length: 5 }, () => servers[0].services.rateLimits.allow('test', key, limit)));
    // Keys and names are counted apart; keys without case.
    expect(await servers[0].services.rateLimits.allow('test', `other-${key}`, limit)).toBe(true);
    expect(await servers[0].services.rateLimits.allow('other', key, limit)).toBe(true);
    expect(await servers[0].services.rateLimits.allow('test', key.toUpperCase(), limit)).toBe(false);
  });

  it('start again in the next window', async () => {
    const key = randomUUID();
    const limit = { max: 1, windowSeconds: 600 };
    expect(await servers[0].services.rateLimits.allow('test', key, limit)).toBe(true);
    expect(await servers[0].services.rateLimits.allow('test', key, limit)).toBe(false);
    // Time moves on by a window: the window of the count so far is moved into the past.
    await servers[0]
      .db('rate_limits')
      .where({ name: 'test', key: key.toLowerCase() })
      .update({ window_start: servers[0].db.raw("window_start - interval '600 seconds'") });
    expect(await servers[0].services.rateLimits.allow('test', key, limit)).toBe(true);
  });
});
