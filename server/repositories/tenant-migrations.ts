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

export async function setTenantMigrationState(db: Knex, id: string, state: TenantMigrationState): Promise<void> {
  await db('tenant_migrations')
    .where({ id })
    .update({ state, updated_at: db.fn.now(), ...(state === 'COMPLETED' ? { completed_at: db.fn.now() } : {}) });
}

/** Records how one account of a migration fared. */
export async function settleTenantMigrationItem(
  db: Knex,
  id: string,
  position: number,
  outcome: { status: 'SUCCEEDED' } | { status: 'FAILED'; error: string; errorCode: string | null },
): Promise<void> {
  const failure = outcome.status === 'FAILED' ? { error: outcome.error, error_code: outcome.errorCode } : { error: null, error_code: null };
  await db('tenant_migration_items')
    .where({ migration_id: id, position })
    .update({ status: outcome.status, ...failure, updated_at: db.fn.now() });
}
