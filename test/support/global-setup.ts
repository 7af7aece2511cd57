import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../../server/db/migration-source';

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

/** Changes when the way the dump is made changes, so that a cached one is made again. */
const DUMP_RECIPE = 'migrated, checkpointed';

const DUMP_CACHE = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'nestegg-test');

/**
 * A PGlite data directory with every migration applied, as a tar file. Made once and kept in
 * node_modules/.cache under a name that is a hash of the migrations and PGlite's version, so a run
 * with the same migrations skips migrating (about 6 s); a change of either makes a new one and the
 * old one is removed. The file is written whole, then renamed, so runs side by side never read half.
 */
async function migratedPgliteDump(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(__dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  hash.update(DUMP_RECIPE);
  for (const name of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(name);
    hash.update(fs.readFileSync(path.join(MIGRATIONS_DIR, name)));
  }
  const file = path.join(DUMP_CACHE, `migrated-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  if (fs.existsSync(file)) return file;
  // Loaded only when needed: a run with the dump in the cache and no PostgreSQL starts sooner.
  const { createDb, migrateLatest } = await import('../../server/db/knex');
  const db = await createDb({ dataDir: 'memory://' });
  try {
    await migrateLatest(db);
    // Written to the data files: a server opening the dump starts without replaying the migrations' WAL.
    await db.raw('CHECKPOINT');
    const pglite = (db.client as unknown as { pglite: { dumpDataDir(compression: 'none'): Promise<Blob> } }).pglite;
    const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
    fs.mkdirSync(DUMP_CACHE, { recursive: true });
    for (const old of fs.readdirSync(DUMP_CACHE)) fs.rmSync(path.join(DUMP_CACHE, old), { force: true });
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, dump);
    fs.renameSync(partial, file);
    return file;
  } finally {
    await db.destroy();
  }
}

/**
 * Once per test run, before the workers start (they inherit the environment set here). Every server
 * of the run serves one environment (the same client id and API key). On PGlite each server starts
 * from a migrated data directory (see migratedPgliteDump); on PostgreSQL (DATABASE_URL) the shared servers use
 * the database and keep apart by making their own accounts. The returned function removes the run's
 * directory.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
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
  // Every file of the run (the tests' data directories: test/support/temp.ts) goes in
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
    const { createDb, migrateLatest } = await import('../../server/db/knex');
    const { findEnvironment } = await import('../../server/repositories/environments');
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
  // those that change settings of the whole environment) start from a migrated data directory.
  process.env.NESTEGG_TEST_PGLITE_DUMP = await migratedPgliteDump();
  // One mailbox for every server of the run that sends mail (test/support/mailbox.ts says why).
  const { startRunMailbox } = await import('./mailbox');
  const mailbox = await startRunMailbox();
  process.env.NESTEGG_TEST_SMTP_URL = mailbox.smtpUrl;
  process.env.NESTEGG_TEST_MAILBOX_URL = mailbox.url;
  return async () => {
    await mailbox.close();
    removeRun();
  };
}
