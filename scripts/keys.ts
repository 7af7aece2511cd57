/**
 * `npm run keys:rotate`: rotates the signing key of the configured database (DATABASE_URL, or the
 * PGlite data directory, which no running server may hold open). The new key is published at once
 * and signs after the publication lead time; running servers switch to it then, without a restart.
 */
import { loadConfig } from '../server/config';
import { createDb, migrateLatest } from '../server/db/knex';
import { findEnvironment } from '../server/repositories/environments';
import { longestSignedLifetime } from '../server/services/jwt-templates';
import { createKeys } from '../server/services/keys';
import { createSecretBox } from '../server/lib/sealed';

async function run(): Promise<void> {
  if (process.argv[2] !== 'rotate') throw new Error('usage: keys.ts rotate');
  const config = loadConfig();
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateLatest(db);
    const environment = await findEnvironment(db);
    if (!environment) throw new Error('no environment in this database: start the server once first');
    const keys = createKeys(db, environment.id, {
      longestTokenLifetime: longestSignedLifetime,
      secrets: createSecretBox(config.secretsKey),
    });
    const rotated = await keys.rotate();
    process.stdout.write(
      `keys: new signing key ${rotated.kid} published at ${rotated.publishAt.toISOString()}, signs from ${rotated.activateAt.toISOString()}\n`,
    );
  } finally {
    await db.destroy();
  }
}

run().catch((error: Error) => {
  process.stderr.write(`keys: ${error.message}\n`);
  process.exit(1);
});
