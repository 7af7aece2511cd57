/** `npm run db:migrate` / `db:rollback`: runs the migrations on the configured database. */
import { loadConfig } from '../server/config';
import { createDb, migrateLatest, migrationConfig, rollbackAll } from '../server/db/knex';

async function run(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'latest' && command !== 'rollback') throw new Error('usage: db.ts latest|rollback');
  const config = loadConfig();
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (command === 'latest') await migrateLatest(db);
    else await rollbackAll(db);
    const [completed] = await db.migrate.list(migrationConfig);
    process.stdout.write(`${command}: ${completed.length} migration(s) applied\n`);
  } finally {
    await db.destroy();
  }
}

run().catch((error: Error) => {
  process.stderr.write(`db: ${error.message}\n`);
  process.exit(1);
});
