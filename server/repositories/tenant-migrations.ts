import type { Knex } from 'knex';

export type TenantMigrationState = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';
export type TenantMigrationItemStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

export interface TenantMigrationRow {
  id: string;
  state: TenantMigrationState;
  total: number;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export interface TenantMigrationItemRow {
  migration_id: string;
  position: number;
  tenant_id: string;
  input: Record<string, unknown>;
  status: TenantMigrationItemStatus;
  error: string | null;
  error_code: string | null;
  updated_at: Date;
}

/** Stores a migration and its accounts, all pending, in one transaction. */
export async function insertTenantMigration(db: Knex, id: string, items: { tenantId: string; input: Record<string, unknown> }[]): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('tenant_migrations').insert({ id, state: 'PENDING', total: items.length });
    for (let start = 0; start < items.length; start += 500) {
      await trx('tenant_migration_items').insert(
        items.slice(start, start + 500).map((item, index) => ({
          migration_id: id,
          position: start + index,
          tenant_id: item.tenantId,
          input: JSON.stringify(item.input),
          status: 'PENDING',
        })),
      );
    }
  });
}

export async function findTenantMigration(db: Knex, id: string): Promise<TenantMigrationRow | undefined> {
  return db<TenantMigrationRow>('tenant_migrations').where({ id }).first();
}

export async function listTenantMigrationItems(db: Knex, id: string): Promise<TenantMigrationItemRow[]> {
  return db<TenantMigrationItemRow>('tenant_migration_items').where({ migration_id: id }).orderBy('position');
}

/** The ids of the migrations not completed yet, oldest first. */
export async function findUnfinishedTenantMigrations(db: Knex): Promise<string[]> {
  const rows: { id: string }[] = await db('tenant_migrations').whereNot({ state: 'COMPLETED' }).orderBy('created_at').select('id');
  return rows.map((row) => row.id);
}

export async function markTenantMigrationInProgress(db: Knex, id: string): Promise<void> {
  await db('tenant_migrations').where({ id, state: 'PENDING' }).update({ state: 'IN_PROGRESS', updated_at: db.fn.now() });
}

/** Marks the migration completed once none of its accounts is pending any more. */
export async function completeTenantMigrationIfDone(db: Knex, id: string): Promise<void> {
  await db('tenant_migrations')
    .where({ id })
    .whereNot({ state: 'COMPLETED' })
    .whereNotExists(db('tenant_migration_items').where({ migration_id: id, status: 'PENDING' }))
    .update({ state: 'COMPLETED', updated_at: db.fn.now(), completed_at: db.fn.now() });
}

/**
 * Takes a pending account of the migration for this transaction, or undefined when it is done or
 * another process holds it. Row locks (`skip locked`) let any number of processes work on one
 * migration without creating an account twice.
 */
export async function claimTenantMigrationItem(trx: Knex.Transaction, id: string, position: number): Promise<TenantMigrationItemRow | undefined> {
  return trx<TenantMigrationItemRow>('tenant_migration_items')
    .where({ migration_id: id, position, status: 'PENDING' })
    .forUpdate()
    .skipLocked()
    .first();
}

/** Records how one pending account of a migration fared (an account already settled stays as it is). */
export async function settleTenantMigrationItem(
  db: Knex,
  id: string,
  position: number,
  outcome: { status: 'SUCCEEDED' } | { status: 'FAILED'; error: string; errorCode: string | null },
): Promise<void> {
  const failure = outcome.status === 'FAILED' ? { error: outcome.error, error_code: outcome.errorCode } : { error: null, error_code: null };
  await db('tenant_migration_items')
    .where({ migration_id: id, position, status: 'PENDING' })
    .update({ status: outcome.status, ...failure, updated_at: db.fn.now() });
}
