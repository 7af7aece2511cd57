import fs from 'node:fs';
import knex, { type Knex } from 'knex';
import PgliteClient from 'knex-pglite';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { migrationSource } from './migration-source';

// Loaded by its package export, which this project's module resolution cannot type: the type is given here.
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };

export type Db = Knex;

export interface DbOptions {
  /** A PostgreSQL connection string. Without it, PGlite runs in this process. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` keeps nothing. */
  dataDir?: string;
  /** A PGlite data directory dump (tar) to start from, for fast test databases. */
  loadDataDir?: Blob;
  poolMax?: number;
}

/** A knex instance on PostgreSQL when a URL is given, else on embedded PGlite. */
export async function createDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const db = knex({
      client: 'pg',
      connection: options.databaseUrl,
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
    await db.raw('select 1');
    return db;
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  // pg_trgm (trigram indexes and fuzzy matching for user search) is bundled, as PostgreSQL's contrib has it.
  const pglite = new PGlite(dataDir, { extensions: { pg_trgm }, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  await pglite.waitReady;
  const db = knex({ client: PgliteClient, connection: { pglite } } as Knex.Config);
  await db.raw('select 1');
  return db;
}

export const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest(migrationConfig);
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback(migrationConfig, true);
}

/**
 * Query options that make PostgreSQL keep a hot query parsed and planned on each connection, under
 * this name. A name must always go with the same SQL text. PGlite ignores the option.
 */
export function prepared(name: string): Readonly<Record<string, string>> {
  return { name: `nestegg_${name}` };
}
