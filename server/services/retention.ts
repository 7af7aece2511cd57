import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import { createHourlyTask } from '../lib/hourly';
import { purgeOldRows } from '../repositories/retention';

/**
 * Keeps the tables of passing things from growing without end: one-time link tokens once used or
 * expired, emails once sent (or given up, or kept in the outbox), and finished background jobs, each
 * after `days`. Any number of processes may run it: the deletes are idempotent.
 */
export function createRetention(deps: { db: Db; logger: Logger; days: number }) {
  const { db, logger, days } = deps;

  async function purge(): Promise<Record<string, number>> {
    const removed = await purgeOldRows(db, days);
    if (Object.values(removed).some((count) => count > 0)) logger.info({ removed, days }, 'old rows purged');
    return removed;
  }

  return {
    purge,

    /** Purges now and then every hour, until `stop` (which waits for a purge in progress). Never throws. */
    ...createHourlyTask(purge, logger, 'purging old rows failed'),
  };
}
