import { randomBytes } from 'node:crypto';
import { asVendor, createTenant, createUser, uniqueEmail } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/server';
import { runMailbox, testMailConfig, useMailServers } from '../../support/smtp';
import { expectSameTiming, pairedTimings } from '../../support/timing';

/**
 * A password-reset request must not tell whether the email belongs to a user: not by its status,
 * body or headers, nor by its timing. And the per-email limit holds across server processes: the 6th
 * request for one address within the window queues no email, and is answered like the others.
 */
const APP_URL = 'https://app.nestegg.test';
const RESET = '/identity/resources/users/v1/passwords/reset';
const RESET_V2 = '/identity/resources/users/v2/passwords/reset/email';
const onPostgres = Boolean(process.env.DATABASE_URL);

/** The names of an answer's headers, sorted. */
const headerNames = (response: Response) => [...response.headers.keys()].sort();

/** Waits until the current rate-limit window (aligned on the clock) has at least `seconds` left. */
async function awayFromWindowEdge(windowSeconds: number, seconds: number): Promise<void> {
  const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

describe('no user enumeration through the reset routes', () => {
  const servers = useMailServers(APP_URL);
  let server: TestServer;
  let known: string[];
  beforeAll(async () => {
    server = servers.server;
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    known = [];
    for (let i = 0; i < 4; i += 1) known.push((await createUser(vendor, tenant.tenantId)).email);
  });

  it('answers a known and an unknown email with the same status, body and header names (v1 and v2)', async () => {
    const v1 = await Promise.all([known[0], uniqueEmail()].map((email) => server.client.POST(RESET, { body: { email } })));
    expect(v1.map((answer) => answer.response.status)).toEqual([201, 201]);
    // No body either time.
    expect(v1.map((answer) => [answer.data, answer.response.headers.get('content-length') ?? '0'])).toEqual([
      [undefined, '0'],
      [undefined, '0'],
    ]);
    expect(headerNames(v1[1].response)).toEqual(headerNames(v1[0].response));

    const v2 = await Promise.all(
      [known[1], uniqueEmail()].map((identifier) => server.client.POST(RESET_V2, { body: { identifier, identifierType: 'email' } })),
    );
    expect(v2.map((answer) => answer.response.status)).toEqual([200, 200]);
    expect(Object.keys(v2[0].data!)).toEqual(['sessionId']);
    expect(Object.keys(v2[1].data!)).toEqual(['sessionId']);
    expect(v2[1].data!.sessionId.length).toBe(v2[0].data!.sessionId.length);
    expect(headerNames(v2[1].response)).toEqual(headerNames(v2[0].response));
    await server.services.passwordRecovery.settle();
  });

  it('takes the same time for a known and an unknown email: in 100 pairs, either is the slower about half the time', async () => {
    const send = async (email: string) => {
      const answer = await server.client.POST(RESET, { body: { email } });
      expect(answer.response.status).toBe(201);
    };
    // The work after the answer (limits, lookup, email) is let finish outside the measurement, so
    // that it does not land on the next request's.
    const settle = async () => {
      await server.services.passwordRecovery.settle();
      await server.services.mail.flush();
    };
    // As many unknown addresses as known ones, each asked for as often: an address asked for
    // recently answers about a millisecond faster than a fresh one, known or not (its counters
    // exist), which is not what this test is about.
    const unknown = known.map(() => uniqueEmail());
    const timings = await pairedTimings(
      100,
      (index) => send(known[index % known.length]!),
      (index) => send(unknown[index % unknown.length]!),
      settle,
    );
    process.stdout.write(`reset timing: median known ${timings.medians.first.toFixed(2)} ms, unknown ${timings.medians.second.toFixed(2)} ms\n`);
    expectSameTiming(timings);
  }, 60_000);
});

describe(`the per-email limit on reset emails (${onPostgres ? 'two server processes on one PostgreSQL' : 'one server on PGlite'})`, () => {
  const WINDOW = 600;
  let servers: TestServer[];
  const smtp = runMailbox();
  beforeAll(async () => {
    const limits = { perEmail: { max: 5, windowSeconds: WINDOW }, perIp: { max: 1_000_000, windowSeconds: WINDOW } };
    servers = await Promise.all(
      Array.from({ length: onPostgres ? 2 : 1 }, () => startTestServer({ appUrl: APP_URL, mail: testMailConfig(smtp.url), passwordResetLimits: limits })),
    );
  });
  afterAll(async () => {
    await Promise.all((servers ?? []).map((server) => server.close()));
  });

  const settle = () => Promise.all(servers.map((server) => server.services.passwordRecovery.settle()));
  const queued = (email: string) => servers[0].db('email_outbox').where({ recipient: email, template: 'password-reset' });

  it('the 6th request within the window queues no email, and is answered like the first five', async () => {
    const { client: vendor } = await asVendor(servers[0]);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    await awayFromWindowEdge(WINDOW, 10);

    const answers = [];
    for (let i = 0; i < 5; i += 1) {
      // Alternating between the servers (on PostgreSQL): the count is the database's, not a process's.
      answers.push(await servers[i % servers.length].client.POST(RESET, { body: { email: i % 2 ? user.email.toUpperCase() : user.email } }));
      await settle();
    }
    expect(await queued(user.email)).toHaveLength(5);

    const sixth = await servers[5 % servers.length].client.POST(RESET, { body: { email: user.email } });
    await settle();
    expect(await queued(user.email)).toHaveLength(5);
    expect(sixth.response.status).toBe(answers[0].response.status);
    expect(headerNames(sixth.response)).toEqual(headerNames(answers[0].response));

    // Another address is not held back by this one's limit.
    const other = await createUser(vendor, tenant.tenantId);
    await servers[servers.length - 1].client.POST(RESET, { body: { email: other.email } });
    await settle();
    expect(await queued(other.email)).toHaveLength(1);
  });

  it('the per-address limit counts every email asked for from one client address', async () => {
    // A server of its own with a low per-address limit, and a client address of its own (from the
    // documentation range), through the service: over HTTP every test calls from 127.0.0.1.
    const limited = await startTestServer({
      appUrl: APP_URL,
      mail: testMailConfig(smtp.url),
      passwordResetLimits: { perEmail: { max: 5, windowSeconds: WINDOW }, perIp: { max: 3, windowSeconds: WINDOW } },
    });
    const ipAddress = `2001:db8::${randomBytes(6).toString('hex').match(/.{4}/g)!.join(':')}`;
    try {
      const { client: vendor } = await asVendor(limited);
      const tenant = await createTenant(vendor);
      const users = await Promise.all(Array.from({ length: 4 }, () => createUser(vendor, tenant.tenantId)));
      await awayFromWindowEdge(WINDOW, 10);
      for (const user of users) limited.services.passwordRecovery.requestReset({ email: user.email }, { ipAddress });
      await limited.services.passwordRecovery.settle();
      const rows = await limited
        .db('email_outbox')
        .whereIn(
          'recipient',
          users.map((user) => user.email),
        )
        .andWhere({ template: 'password-reset' });
      expect(rows).toHaveLength(3);
    } finally {
      await limited.close();
    }
  });
});
