import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrateLatest } from '../../server/db/knex';
import { findEnvironment } from '../../server/repositories/environments';

/**
 * Once per test run. Every test file starts its own server on one environment (the same client id
 * and API key). On PGlite each file starts from a migrated data directory prepared here; on
 * PostgreSQL (DATABASE_URL) the files share the database and keep apart by making their own tenants.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NESTEGG_CLIENT_ID ??= randomUUID();
  process.env.NESTEGG_API_KEY ??= randomBytes(24).toString('base64url');
  process.env.LOG_LEVEL ??= 'silent';
  process.env.NODE_ENV = 'test';
  const db = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' });
  try {
    await migrateLatest(db);
    // A PostgreSQL database used by an earlier run keeps its environment: reuse its client id (the
    // servers then replace its API key with this run's, as NESTEGG_API_KEY does on any start).
    const existing = await findEnvironment(db);
    if (existing) process.env.NESTEGG_CLIENT_ID = existing.client_id;
    if (!process.env.DATABASE_URL) {
      const pglite = (db.client as unknown as { pglite: { dumpDataDir(compression: 'none'): Promise<Blob> } }).pglite;
      const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
      const file = path.join(os.tmpdir(), `nestegg-test-${process.pid}.tar`);
      fs.writeFileSync(file, dump);
      process.env.NESTEGG_TEST_PGLITE_DUMP = file;
    }
  } finally {
    await db.destroy();
  }
}
