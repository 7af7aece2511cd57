import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../../server/db/knex';
import { asVendor, createTenant } from '../../support/fixtures';
import { bulkInvite, waitForBulkInvite } from '../../support/invitations';
import { startServerProcess, type ServerProcess } from '../../support/process';
import { recipients, runMailbox } from '../../support/smtp';

const USERS = 200;
const describeOnPostgres = process.env.DATABASE_URL ? describe : describe.skip;

/**
 * Two nestegg processes (each its own operating-system process, as
 * `npm start` runs it) on one PostgreSQL database and one SMTP server: both work on one bulk invite,
 * one of them stops in the middle, and still every user is added once and gets exactly one email.
 */
describeOnPostgres('a bulk invite across two server processes', () => {
  const smtp = runMailbox();
  let first: ServerProcess;
  let second: ServerProcess;
  let db: Db;
  beforeAll(async () => {
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      NESTEGG_SMTP_URL: smtp.url,
      NESTEGG_APP_URL: 'https://app.nestegg.test',
      NESTEGG_MAIL_POLL_MS: '100',
      NESTEGG_MAIL_RETRY_MS: '100',
      NESTEGG_JOBS_POLL_MS: '100',
    };
    [first, second] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    db = await createDb({ databaseUrl: process.env.DATABASE_URL });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await db?.destroy();
  });

  it(`invites ${USERS} users once each, and each gets one email, though a process stops halfway`, async () => {
    const { client: vendor } = await asVendor(first);
    const tenant = await createTenant(vendor, 'Bulk Co');
    const batch = `bulk-${randomUUID()}-`;
    const emails = Array.from({ length: USERS }, (_, index) => `${batch}${index}@example.com`);
    const id = await bulkInvite(
      vendor,
      emails.map((email, index) => ({ email, name: `Invitee ${index}` })),
      tenant.tenantId,
    );

    // Stop the process that took the request once part of the job is done: the other one finishes it.
    for (;;) {
      const done = await db('job_items').where({ job_id: id }).whereNot({ status: 'PENDING' }).count<{ count: string }[]>('* as count');
      if (Number(done[0].count) >= USERS / 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.stop();

    const { client: secondVendor } = await asVendor(second);
    const status = await waitForBulkInvite(secondVendor, id, 120_000);
    expect(status).toMatchObject({
      id,
      tenantId: tenant.tenantId,
      status: 'Completed',
      totalUsers: USERS,
      invitedUsers: USERS,
      failedUsers: 0,
      pendingUsers: 0,
    });

    // Both processes did part of the job.
    const workers = await db('job_items').where({ job_id: id }).distinct('settled_by').pluck('settled_by');
    expect(workers.length).toBeGreaterThanOrEqual(2);

    // Each user exists once, is a member with a pending invitation, and got exactly one email.
    const members = await db('users as u')
      .join('user_tenants as ut', 'ut.user_id', 'u.id')
      .where('ut.tenant_id', tenant.tenantId)
      .select('u.email_normalized', 'ut.invitation_pending');
    expect(members).toHaveLength(USERS);
    expect(new Set(members.map((member) => member.email_normalized))).toEqual(new Set(emails));
    expect(members.every((member) => member.invitation_pending)).toBe(true);

    const wanted = new Set(emails);
    const deadline = Date.now() + 60_000;
    const received = async () => (await smtp.received(batch)).flatMap(recipients).filter((address) => wanted.has(address));
    while (new Set(await received()).size < USERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // A little longer, so that a second copy of any email would have arrived too.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const counts = new Map<string, number>();
    for (const address of await received()) counts.set(address, (counts.get(address) ?? 0) + 1);
    expect(counts.size).toBe(USERS);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const invitation = await smtp.waitFor(emails[0]);
    expect(invitation.subject).toBe('You are invited to join Bulk Co');
  }, 240_000);
});
