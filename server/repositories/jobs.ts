import type { Knex } from 'knex';

type JobState = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';
type JobItemStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

export interface JobRow {
  id: string;
  kind: string;
  /** The account the job belongs to, when only that account may see it (bulk invites). */
  tenant_id: string | null;
  state: JobState;
  total: number;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export interface JobItemRow {
  job_id: string;
  position: number;
  /** What the item is about, as the status route names it (an account's tenantId, a user's email). */
  key: string;
  input: Record<string, unknown>;
  status: JobItemStatus;
  error: string | null;
  error_code: string | null;
  /** The server process that did the item. */
  settled_by: string | null;
  updated_at: Date;
}

export type JobItemOutcome = { status: 'SUCCEEDED' } | { status: 'FAILED'; error: string; errorCode: string | null };

/** Stores a job and its items, all pending, in one transaction. */
export async function insertJob(
  db: Knex,
  job: { id: string; kind: string; tenantId?: string },
  items: { key: string; input: Record<string, unknown> }[],
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('jobs').insert({ id: job.id, kind: job.kind, tenant_id: job.tenantId ?? null, state: 'PENDING', total: items.length });
    for (let start = 0; start < items.length; start += 500) {
      await trx('job_items').insert(
        items.slice(start, start + 500).map((item, index) => ({
          job_id: job.id,
          position: start + index,
          key: item.key,
          input: JSON.stringify(item.input),
          status: 'PENDING',
        })),
      );
    }
  });
}

/** The job of this kind; with `tenantId`, only if it belongs to that account. */
export async function findJob(db: Knex, id: string, kind: string, tenantId?: string): Promise<JobRow | undefined> {
  return db<JobRow>('jobs')
    .where({ id, kind })
    .modify((query) => {
      if (tenantId !== undefined) query.where({ tenant_id: tenantId });
    })
    .first();
}

export async function listJobItems(db: Knex, id: string): Promise<JobItemRow[]> {
  return db<JobItemRow>('job_items').where({ job_id: id }).orderBy('position');
}

/** The jobs of these kinds not completed yet, oldest first. */
export async function findUnfinishedJobs(db: Knex, kinds: string[]): Promise<Pick<JobRow, 'id' | 'kind'>[]> {
  return db<JobRow>('jobs').whereNot({ state: 'COMPLETED' }).whereIn('kind', kinds).orderBy('created_at').select('id', 'kind');
}

export async function markJobInProgress(db: Knex, id: string): Promise<void> {
  await db('jobs').where({ id, state: 'PENDING' }).update({ state: 'IN_PROGRESS', updated_at: db.fn.now() });
}

/** Marks the job completed once none of its items is pending any more. */
export async function completeJobIfDone(db: Knex, id: string): Promise<void> {
  await db('jobs')
    .where({ id })
    .whereNot({ state: 'COMPLETED' })
    .whereNotExists(db('job_items').where({ job_id: id, status: 'PENDING' }))
    .update({ state: 'COMPLETED', updated_at: db.fn.now(), completed_at: db.fn.now() });
}

/**
 * Takes a pending item of the job for this transaction, or undefined when it is done or another
 * process holds it. Row locks (`skip locked`) let any number of processes work on one job without
 * doing an item twice.
 */
export async function claimJobItem(trx: Knex.Transaction, id: string, position: number): Promise<JobItemRow | undefined> {
  return trx<JobItemRow>('job_items').where({ job_id: id, position, status: 'PENDING' }).forUpdate().skipLocked().first();
}

/** Records how one pending item fared (an item already settled stays as it is). */
export async function settleJobItem(db: Knex, id: string, position: number, outcome: JobItemOutcome, settledBy: string): Promise<void> {
  const failure = outcome.status === 'FAILED' ? { error: outcome.error, error_code: outcome.errorCode } : { error: null, error_code: null };
  await db('job_items')
    .where({ job_id: id, position, status: 'PENDING' })
    .update({ status: outcome.status, ...failure, settled_by: settledBy, updated_at: db.fn.now() });
}
