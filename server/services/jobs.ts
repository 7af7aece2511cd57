import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import {
  claimJobItem,
  completeJobIfDone,
  findJob,
  findUnfinishedJobs,
  insertJob,
  listJobItems,
  markJobInProgress,
  settleJobItem,
  type JobItemRow,
  type JobRow,
} from '../repositories/jobs';
import { DomainError } from './errors';

/** Does one item of a job, in the transaction that also records its outcome. */
export type JobWork = (trx: Knex.Transaction, input: Record<string, unknown>) => Promise<void>;

export interface JobView {
  job: JobRow;
  items: JobItemRow[];
}

/**
 * Background jobs of many items (bulk account migration, bulk invites, bulk role changes). A job is
 * stored with its items before the caller is answered; items are then done one transaction each,
 * the item's work and its recorded outcome together, so no item is done twice. Every process can
 * read a job's status; any number of them can work on one job (items are claimed with row locks).
 * `resume` takes up the unfinished jobs this process is not working on: at start, and then every
 * `pollIntervalMs` once `poll` is called, so that every process joins a job another one started and
 * finishes the jobs of a process that stopped.
 */
export function createJobs(db: Db, logger?: Logger) {
  const kinds = new Map<string, JobWork>();
  /** Jobs this process is working on, by id; `settle` waits for them. */
  const running = new Map<string, Promise<void>>();
  /** Names this process (and this instance in it) on the items it does. */
  const worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  async function run(id: string, work: JobWork): Promise<void> {
    await markJobInProgress(db, id);
    for (const item of await listJobItems(db, id)) {
      if (stopping) return;
      if (item.status !== 'PENDING') continue;
      try {
        await db.transaction(async (trx) => {
          const claimed = await claimJobItem(trx, id, item.position);
          if (!claimed) return;
          await work(trx, claimed.input);
          await settleJobItem(trx, id, item.position, { status: 'SUCCEEDED' }, worker);
        });
      } catch (error) {
        if (!(error instanceof DomainError)) logger?.error({ err: error, jobId: id, position: item.position }, 'job item failed');
        const failure =
          error instanceof DomainError ? { error: error.message, errorCode: error.code } : { error: 'The item could not be done', errorCode: null };
        await settleJobItem(db, id, item.position, { status: 'FAILED', ...failure }, worker);
      }
    }
    await completeJobIfDone(db, id);
  }

  function inBackground(id: string, kind: string): void {
    const work = kinds.get(kind);
    if (!work || stopping || running.has(id)) return;
    const job = run(id, work)
      .catch((error: unknown) => {
        logger?.error({ err: error, jobId: id, kind }, 'job stopped');
      })
      .finally(() => running.delete(id));
    running.set(id, job);
  }

  async function resume(): Promise<void> {
    if (stopping) return;
    for (const job of await findUnfinishedJobs(db, [...kinds.keys()])) inBackground(job.id, job.kind);
  }

  return {
    /** Names the work for items of one kind of job. */
    define(kind: string, work: JobWork): void {
      kinds.set(kind, work);
    },

    /**
     * Stores a job and starts it in the background; answers its id at once. A job with `tenantId`
     * belongs to that account: `status` shows it only to it (and to the environment).
     */
    async start(kind: string, items: { key: string; input: Record<string, unknown> }[], options: { tenantId?: string } = {}): Promise<string> {
      const id = randomUUID();
      await insertJob(db, { id, kind, tenantId: options.tenantId }, items);
      inBackground(id, kind);
      return id;
    },

    /** The job of this kind with its items; undefined when there is none (or it is another account's). */
    async status(kind: string, id: string, options: { tenantId?: string } = {}): Promise<JobView | undefined> {
      const job = await findJob(db, id, kind, options.tenantId);
      return job && { job, items: await listJobItems(db, id) };
    },

    /** Takes up the unfinished jobs of the kinds defined that this process is not working on. */
    resume,

    /** Resumes now, and again every `intervalMs`, until `settle`. */
    async poll(intervalMs: number): Promise<void> {
      await resume();
      if (timer || stopping) return;
      timer = setInterval(() => {
        resume().catch((error: unknown) => logger?.error({ err: error }, 'looking for unfinished jobs failed'));
      }, intervalMs);
      timer.unref();
    },

    /**
     * Stops taking up further items and waits for the ones in hand; what is left stays pending in
     * the database for the next start. Called before the database closes.
     */
    async settle(): Promise<void> {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all([...running.values()]);
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
