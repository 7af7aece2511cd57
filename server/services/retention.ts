import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import { purgeOldRows } from '../repositories/retention';

const HOUR_MS = 3_600_000;

/**
 * Keeps the tables of passing things from growing without end: one-time link tokens once used or
 * expired, emails once sent (or given up, or kept in the outbox), and finished background jobs, each
 * after `days`. Any number of processes may run it: the deletes are idempotent.
 */
export function createRetention(deps: { db: Db; logger: Logger; days: number }) {
  const { db, logger, days } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function purge(): Promise<Record<string, number>> {
    const removed = await purgeOldRows(db, days);
    if (Object.values(removed).some((count) => count > 0)) logger.info({ removed, days }, 'old rows purged');
    return removed;
  }

  return {
    purge,

    /** Purges now and then every hour, until `stop`. Never throws. */
    start(): void {
      const run = () => {
        if (running) return;
        running = purge()
          .then(() => undefined)
          .catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'purging old rows failed'))
          .finally(() => {
            running = undefined;
          });
      };
      run();
      timer = setInterval(run, HOUR_MS);
      timer.unref();
    },

    /** Stops the hourly purge and waits for one in progress (before the database closes). */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
