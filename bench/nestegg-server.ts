/**
 * nestegg on PostgreSQL in a process of its own, forked by bench/run.ts. The parent passes
 * DATABASE_URL, NESTEGG_CLIENT_ID, NESTEGG_API_KEY and the argon2 parameters in the environment.
 */
import { loadConfig } from '../server/config';
import { startServer } from '../server/main';
import { serveInChild } from './lib';

serveInChild(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const running = await startServer(
    loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      NESTEGG_VALIDATE_RESPONSES: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    }),
  );
  return { port: running.port, close: () => running.close() };
});
