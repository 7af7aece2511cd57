import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

/**
 * Counts one more hit for the key in the current window of `windowSeconds` (windows are aligned to
 * the database clock, so every process agrees on them) and answers the count so far, this hit
 * included. One statement: concurrent hits, from any process, each get their own count.
 */
export async function countHit(db: Knex, name: string, key: string, windowSeconds: number): Promise<number> {
  const { rows } = await db.raw<{ rows: { count: number }[] }>(
    `insert into rate_limits (name, key, window_start, count)
     values (?, ?, to_timestamp(floor(extract(epoch from now()) / ?) * ?), 1)
     on conflict (name, key, window_start) do update set count = rate_limits.count + 1
     returning count`,
    [name, key, windowSeconds, windowSeconds],
  );
  return firstOf(rows, 'the upserted rate-limit count').count;
}

/** Deletes the counters of windows that started before `olderThanSeconds` ago. */
export async function purgeHits(db: Knex, olderThanSeconds: number): Promise<number> {
  const removed = await db('rate_limits')
    .where('window_start', '<', db.raw('now() - make_interval(secs => ?)', [olderThanSeconds]))
    .delete()
    .returning('name');
  return removed.length;
}
