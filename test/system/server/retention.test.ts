import { randomUUID } from 'node:crypto';
import { asVendor, createTenant, createUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('retention of finished things', () => {
  it('purges link tokens, emails and jobs finished longer ago than the retention, and keeps the rest', async () => {
    const { db } = server;
    const { client: vendor } = await asVendor(server);
    const user = await createUser(vendor, (await createTenant(vendor)).tenantId);
    const token = (overrides: Record<string, unknown>) => ({
      id: randomUUID(),
      token_hash: randomUUID(),
      purpose: 'activation',
      user_id: user.id,
      payload: '{}',
      expires_at: db.raw("now() + interval '1 day'"),
      ...overrides,
    });
    const tokens = {
      usedLongAgo: token({ used_at: db.raw("now() - interval '31 days'") }),
      expiredLongAgo: token({ expires_at: db.raw("now() - interval '31 days'") }),
      usedRecently: token({ used_at: db.raw("now() - interval '1 day'") }),
      live: token({}),
    };
    await db('link_tokens').insert(Object.values(tokens));
    const email = (status: string, age: string) => ({
      id: randomUUID(),
      template: 'activation',
      recipient: 'someone@example.com',
      subject: 's',
      html: 'h',
      text: 't',
      status,
      created_at: db.raw(`now() - interval '${age}'`),
    });
    const emails = { sentLongAgo: email('sent', '31 days'), pendingLongAgo: email('pending', '31 days'), sentRecently: email('sent', '1 day') };
    await db('email_outbox').insert(Object.values(emails));
    const job = (state: string, age: string) => ({
      id: randomUUID(),
      kind: 'bulk-invite',
      state,
      total: 0,
      completed_at: state === 'COMPLETED' ? db.raw(`now() - interval '${age}'`) : null,
    });
    const jobs = { doneLongAgo: job('COMPLETED', '31 days'), doneRecently: job('COMPLETED', '1 day'), running: job('IN_PROGRESS', '31 days') };
    await db('jobs').insert(Object.values(jobs));

    const removed = await server.services.retention.purge();
    expect(removed.linkTokens).toBeGreaterThanOrEqual(2);

    const ids = async (table: string, rows: Record<string, { id: string }>) => {
      const left: string[] = await db(table)
        .whereIn(
          'id',
          Object.values(rows).map((row) => row.id),
        )
        .pluck('id');
      return Object.entries(rows)
        .filter(([, row]) => left.includes(row.id))
        .map(([name]) => name)
        .sort();
    };
    expect(await ids('link_tokens', tokens)).toEqual(['live', 'usedRecently']);
    expect(await ids('email_outbox', emails)).toEqual(['pendingLongAgo', 'sentRecently']);
    expect(await ids('jobs', jobs)).toEqual(['doneRecently', 'running']);
    await db('email_outbox').whereIn('id', [emails.pendingLongAgo.id]).delete();
  });
});
