import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrateLatest } from '../../server/db/knex';
import { findEnvironment } from '../../server/repositories/environments';

const RUN_PREFIX = 'nestegg-test-';

/** Whether a process of this machine still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Directories left by runs that were killed before their teardown (their process is gone). */
function removeStaleRuns(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const match = new RegExp(`^${RUN_PREFIX}(\\d+)$`).exec(name);
    if (match && !alive(Number(match[1]))) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * Once per test run, before the workers start (they inherit the environment set here). Every server
 * of the run serves one environment (the same client id and API key). On PGlite each server starts
 * from a migrated data directory dumped here; on PostgreSQL (DATABASE_URL) the shared servers use
 * the database and keep apart by making their own accounts. The returned function removes the run's
 * directory.
 */
export default async function globalSetup(): Promise<() => void> {
  process.env.NESTEGG_CLIENT_ID ??= randomUUID();
  process.env.NESTEGG_API_KEY ??= randomBytes(24).toString('base64url');
  process.env.LOG_LEVEL ??= 'silent';
  process.env.NODE_ENV = 'test';
  // Real argon2id at its lowest accepted cost (about 5 ms a hash here instead of 55): thousands of
  // users are made and logged in. Tests that judge the cost itself (timing of unknown emails, the
  // stored parameters, re-hashing) start their server with the production default, PRODUCTION_ARGON2.
  process.env.NESTEGG_ARGON2_MEMORY_KIB ??= '8192';
  process.env.NESTEGG_ARGON2_ITERATIONS ??= '1';
  removeStaleRuns();
  // Every file of the run (the PGlite dump, the tests' data directories: test/support/temp.ts) goes in
  // one directory, removed at the end, when the process exits however it ends, or at the next start.
  const runDir = path.join(os.tmpdir(), `${RUN_PREFIX}${process.pid}`);
  fs.mkdirSync(runDir, { recursive: true });
  process.env.NESTEGG_TEST_TMP = runDir;
  const removeRun = () => fs.rmSync(runDir, { recursive: true, force: true });
  process.once('exit', removeRun);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeRun();
      // Ended as the signal would have ended it, unless Vitest listens too (it then stops the run).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
  if (process.env.DATABASE_URL) {
    const db = await createDb({ databaseUrl: process.env.DATABASE_URL });
    try {
      await migrateLatest(db);
      // A PostgreSQL database used by an earlier run keeps its environment: reuse its client id (the
      // servers then replace its API key with this run's, as NESTEGG_API_KEY does on any start).
      const existing = await findEnvironment(db);
      if (existing) process.env.NESTEGG_CLIENT_ID = existing.client_id;
    } finally {
      await db.destroy();
    }
  }
  // Servers on an embedded database of their own (every server of a PGlite run, and on PostgreSQL
  // those that change settings of the whole environment) start from this migrated data directory.
  const pgliteDb = await createDb({ dataDir: 'memory://' });
  try {
    await migrateLatest(pgliteDb);
    const pglite = (pgliteDb.client as unknown as { pglite: { dumpDataDir(compression: 'none'): Promise<Blob> } }).pglite;
    const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
    const dumpFile = path.join(runDir, 'migrated-pglite.tar');
    fs.writeFileSync(dumpFile, dump);
    process.env.NESTEGG_TEST_PGLITE_DUMP = dumpFile;
  } finally {
    await pgliteDb.destroy();
  }
  return removeRun;
}
