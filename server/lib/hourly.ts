import type { Logger } from 'pino';

const HOUR_MS = 3_600_000;

/**
 * Work that runs now and then every hour until stopped, never twice at once, and never throws: a
 * failure is logged with `failure` as its message. `stop` waits for a run in progress, so that the
 * database can close after it.
 */
export function createHourlyTask(work: () => Promise<unknown>, logger: Logger | undefined, failure: string) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const run = () => {
    if (running) return;
    running = work()
      .catch((error: unknown) => logger?.warn({ error: error instanceof Error ? error.message : String(error) }, failure))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    start(): void {
      if (timer) return;
      run();
      timer = setInterval(run, HOUR_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
