import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

/** Every migration is a file here, named `<YYYYMMDDhhmmss>_<what it does>`; adding one adds a file. */
export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

// Migrations share this module's extension: .ts under tsx and the test runner, .js once compiled.
const EXTENSION = path.extname(__filename);
const NAME = /^\d{14}_[a-z0-9_]+$/;

/**
 * The migrations of a folder, in name order (timestamps, so the order they were written in). A name
 * is the file name without its extension, as knex_migrations has always recorded it. Modules are
 * loaded with import(), which tsx, the test runners and compiled JavaScript all resolve.
 */
export function createMigrationSource(dir: string): Knex.MigrationSource<string> {
  return {
    async getMigrations() {
      const names = fs
        .readdirSync(dir)
        .filter((file) => file.endsWith(EXTENSION) && !file.endsWith('.d.ts'))
        .map((file) => file.slice(0, -EXTENSION.length));
      const misnamed = names.filter((name) => !NAME.test(name));
      if (misnamed.length > 0) {
        throw new Error(`${dir}: not named <YYYYMMDDhhmmss>_<name>${EXTENSION}: ${misnamed.join(', ')}`);
      }
      return names.sort();
    },
    getMigrationName: (name) => name,
    async getMigration(name) {
      const loaded = (await import(path.join(dir, `${name}${EXTENSION}`))) as Partial<Knex.Migration> & { default?: Partial<Knex.Migration> };
      // An ES module namespace of a CommonJS module may hold the exports under `default` only.
      const migration = typeof loaded.up === 'function' ? loaded : loaded.default;
      if (typeof migration?.up !== 'function' || typeof migration.down !== 'function') {
        throw new Error(`migration ${name} must export up() and down()`);
      }
      return migration as Knex.Migration;
    },
  };
}

export const migrationSource = createMigrationSource(MIGRATIONS_DIR);
