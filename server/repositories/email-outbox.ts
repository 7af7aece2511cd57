import type { Knex } from 'knex';

export interface OutboxRow {
  id: string;
  template: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  status: 'pending' | 'sent' | 'outbox' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export type NewOutboxRow = Pick<OutboxRow, 'id' | 'template' | 'recipient' | 'subject' | 'html' | 'text'>;

export async function insertOutboxMessage(db: Knex, row: NewOutboxRow): Promise<void> {
  await db('email_outbox').insert(row);
}

/**
 * Claims up to `limit` due messages for one send attempt. The rows are picked with `for update skip
 * locked`, so several processes never claim the same row, and their `next_attempt_at` moves `leaseMs`
 * ahead: a process that dies mid-send leaves the message to be retried once the lease ends.
 */
export async function claimDueMessages(db: Knex, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const result = await db.raw<{ rows: OutboxRow[] }>(
    `update email_outbox set attempts = attempts + 1, next_attempt_at = now() + (? * interval '1 millisecond')
     where id in (
       select id from email_outbox where status = 'pending' and next_attempt_at <= now()
       order by next_attempt_at limit ? for update skip locked)
     returning *`,
    [leaseMs, limit],
  );
  return result.rows;
}

export async function markDelivered(db: Knex, id: string, status: 'sent' | 'outbox'): Promise<void> {
  await db('email_outbox').where({ id }).update({ status, sent_at: db.fn.now(), last_error: null });
}

/** Gives back claimed messages that were not attempted (a process stopping): due now, the attempt not counted. */
export async function releaseClaims(db: Knex, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db('email_outbox')
    .whereIn('id', ids)
    .where({ status: 'pending' })
    .update({ attempts: db.raw('greatest(attempts - 1, 0)'), next_attempt_at: db.fn.now() });
}

/** Records a failed attempt: the message is retried after `retryInMs`, or given up when `retryInMs` is null. */
export async function markAttemptFailed(db: Knex, id: string, error: string, retryInMs: number | null): Promise<void> {
  await db('email_outbox')
    .where({ id })
    .update(
      retryInMs === null
        ? { status: 'failed', last_error: error }
        : { last_error: error, next_attempt_at: db.raw("now() + (? * interval '1 millisecond')", [retryInMs]) },
    );
}
