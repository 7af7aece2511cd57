import type { Knex } from 'knex';
import { purgeHits } from './rate-limits';

/** Deletes what has been finished for longer than `days`; answers how many rows went, per table. */
export async function purgeOldRows(db: Knex, days: number): Promise<{ linkTokens: number; emails: number; jobs: number; rateLimits: number }> {
  const cutoff = db.raw('now() - make_interval(days => ?)', [days]);
  const linkTokens = await db('link_tokens')
    .where((old) => old.where('used_at', '<', cutoff).orWhere('expires_at', '<', cutoff))
    .delete()
    .returning('id');
  const emails = await db('email_outbox').whereNot({ status: 'pending' }).where('created_at', '<', cutoff).delete().returning('id');
  const jobs = await db('jobs').where({ state: 'COMPLETED' }).where('completed_at', '<', cutoff).delete().returning('id');
  // Rate-limit windows are short (minutes to a day): their counters go after two days, whatever `days` says.
  const rateLimits = await purgeHits(db, 2 * 86_400);
  return { linkTokens: linkTokens.length, emails: emails.length, jobs: jobs.length, rateLimits };
}
