import type { Knex } from 'knex';

/**
 * Serializes, until the transaction ends, every change that could give a role (or a permission) one
 * of these keys. Checking that a key is free and then taking it is then safe against another process
 * doing the same at once. Keys are locked in sorted order, so two transactions never wait on each other.
 */
export async function lockKeys(trx: Knex.Transaction, kind: 'role' | 'permission', keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await trx.raw(`select pg_advisory_xact_lock(hashtext(?))`, [`nestegg.${kind}_key:${key}`]);
  }
}
