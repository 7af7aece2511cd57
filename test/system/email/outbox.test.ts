import pino from 'pino';
import { createMail } from '../../../server/services/mail';
import { asVendor, createTenant, createUser } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/server';
import { closedPort } from '../../support/ports';
import { linkIn, recipients, runMailbox, testMailConfig } from '../../support/smtp';
import { capturingLogger } from '../../support/logs';

const RESET = '/identity/resources/users/v1/activate/reset';

async function pendingUser(server: TestServer) {
  const { client: vendor } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const user = await createUser(vendor, tenant.tenantId, { name: 'Outbox User' });
  await server.db('users').where({ id: user.id }).update({ verified: false, password_hash: null });
  return user;
}

async function waitForRow(server: TestServer, recipient: string, done: (row: Record<string, unknown>) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await server.db('email_outbox').where({ recipient }).first();
    if (row && done(row)) return row;
    if (Date.now() > deadline) throw new Error(`outbox row for ${recipient}: ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// A server whose mail goes nowhere, or to a dead SMTP server, has a database of its own: on a shared
// PostgreSQL its dispatcher would take other files' messages from the one outbox.
describe('without SMTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: undefined, mail: testMailConfig(undefined) });
  });
  afterAll(() => server?.close());

  it('a message lands in the outbox table, marked delivered there', async () => {
    const user = await pendingUser(server);
    const asked = await server.client.POST(RESET, { body: { email: user.email, emailMetadata: {} } });
    expect(asked.response.status).toBe(201);
    const row = await waitForRow(server, user.email, (r) => r.status === 'outbox');
    expect(row).toMatchObject({ template: 'activation', subject: 'Activate your account', attempts: 1, last_error: null });
    expect(row.sent_at).not.toBeNull();
    expect(row.text).toContain('Hello Outbox User,');
    expect(row.html).toContain('<a href="');
  });

  it('logs the recipient and template, never the body or its link', async () => {
    // The server's own dispatcher shares the table: stop it, so that this one sends the message.
    await server.services.mail.stop();
    const { logger, lines } = capturingLogger();
    const mail = createMail({ db: server.db, logger, config: { mail: testMailConfig(undefined) } });
    const to = `log-${Date.now()}@example.com`;
    await mail.enqueue(server.db, to, 'password-reset', { name: 'Logged', link: 'https://app.example/reset?token=SECRET-TOKEN-123' });
    await mail.flush();
    await mail.stop();
    const mine = lines.filter((line) => line.includes(to));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.join('')).toContain('password-reset');
    expect(lines.join('')).not.toContain('SECRET-TOKEN-123');
  });

  it('a message queued in a transaction that rolls back never exists', async () => {
    const mail = createMail({ db: server.db, logger: pino({ level: 'silent' }), config: { mail: testMailConfig(undefined) } });
    const to = `rollback-${Date.now()}@example.com`;
    await expect(
      server.db.transaction(async (trx) => {
        await mail.enqueue(trx, to, 'activation', { name: 'x', link: 'https://app.example/a' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await mail.flush();
    await mail.stop();
    expect(await server.db('email_outbox').where({ recipient: to })).toHaveLength(0);
  });
});

describe('with SMTP', () => {
  const smtp = runMailbox();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ mail: testMailConfig(smtp.url) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('retries after the server refuses, and the email arrives once', async () => {
    const user = await pendingUser(server);
    await smtp.refuseNext(user.email, 1);
    const asked = await server.client.POST(RESET, { body: { email: user.email, emailMetadata: {} } });
    expect(asked.response.status).toBe(201);
    const mail = await smtp.waitFor(user.email);
    expect(linkIn(mail).searchParams.get('userId')).toBe(user.id);
    expect(await smtp.refused(user.email)).toBe(1);
    const row = await waitForRow(server, user.email, (r) => r.status === 'sent');
    expect(row.attempts).toBe(2);
    expect((await smtp.received(user.email)).filter((m) => m.subject === 'Activate your account' && (m.text ?? '').includes(user.id))).toHaveLength(1);
  });

  it('several dispatchers on one outbox send each message exactly once', async () => {
    const dispatchers = [1, 2, 3].map(() => createMail({ db: server.db, logger: pino({ level: 'silent' }), config: { mail: testMailConfig(smtp.url) } }));
    const batch = `batch-${Date.now()}`;
    const recipientsOf = Array.from({ length: 30 }, (_, index) => `${batch}-${index}@example.com`);
    await server.db.transaction(async (trx) => {
      for (const to of recipientsOf)
        await dispatchers[0].enqueue(trx, to, 'new-device', { name: 'Many', link: 'https://app.example/security', device: { at: new Date() } });
    });
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.flush()));
    await Promise.all(recipientsOf.map((to) => smtp.waitFor(to)));
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    const received = (await smtp.received(batch)).flatMap((mail) => recipients(mail)).filter((to) => to.startsWith(batch));
    expect(received.sort()).toEqual([...recipientsOf].sort());
    const rows = await server.db('email_outbox').whereIn('recipient', recipientsOf);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('gives up after the last attempt and keeps the error on the row', async () => {
    const user = await pendingUser(server);
    await smtp.refuseNext(user.email, 3);
    await server.client.POST(RESET, { body: { email: user.email, emailMetadata: {} } });
    const row = await waitForRow(server, user.email, (r) => r.status === 'failed');
    expect(row.attempts).toBe(3);
    expect(String(row.last_error)).toContain('451');
  });
});

describe('an SMTP server that does not answer', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: undefined, mail: testMailConfig(`smtp://127.0.0.1:${await closedPort()}`) });
  });
  afterAll(() => server?.close());

  it('neither fails nor delays the API call; the error is on the row', async () => {
    const user = await pendingUser(server);
    const started = Date.now();
    const asked = await server.client.POST(RESET, { body: { email: user.email, emailMetadata: {} } });
    expect(asked.response.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    const row = await waitForRow(server, user.email, (r) => r.last_error !== null);
    expect(String(row.last_error)).toMatch(/ECONNREFUSED|connect/i);
  });
});
