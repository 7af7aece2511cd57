import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createDb, migrateLatest, type Db, type DbOptions } from './db/knex';
import { createLogger } from './lib/logger';
import { SealedSecretUnreadable } from './lib/sealed';
import { createServices, type Services } from './services';
import { bootstrapEnvironment, type BootstrapResult } from './services/environment';
import { createPasswords } from './services/passwords';

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  db: Db;
  services: Services;
  bootstrap: BootstrapResult;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Overrides for the database (tests start PGlite from a prepared dump). */
  db?: Partial<DbOptions>;
}

/** Refuses to start when the secrets that sign tokens are sealed with a key this process lacks. */
async function checkSealedSecrets(services: Services): Promise<void> {
  try {
    await services.keys.activeKey();
    await services.environment.jwtSigning();
  } catch (error) {
    if (error instanceof SealedSecretUnreadable) throw new ConfigError(`${error.message}: start with the key they were sealed with`);
    throw error;
  }
}

/** Config -> database -> migrations -> environment and keys -> HTTP. Used by `npm start`, the tests and the benchmark. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...options.db }).catch((error: Error) => {
    throw new ConfigError(`cannot open the database (${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}): ${error.message}`);
  });
  let started: Services | undefined;
  try {
    await migrateLatest(db);
    const passwords = createPasswords(config.argon2, { concurrency: config.hashConcurrency });
    const bootstrap = await bootstrapEnvironment(db, passwords, {
      clientId: config.bootstrapClientId,
      apiKey: config.bootstrapApiKey,
      allowedOrigins: config.allowedOrigins,
    });
    const services = createServices({ config, db, logger, passwords, environment: bootstrap });
    // The app first: its validator starts compiling the spec (most of a second of CPU), which then
    // runs while a new signing key is generated off the main thread.
    const app = createApp({ services, logger, validateResponses: config.validateResponses, trustProxy: config.trustProxy });
    await services.keys.ensureSigningKey(bootstrap.clientId);
    await checkSealedSecrets(services);
    await services.jobs.poll(config.jobsPollIntervalMs);
    started = services;
    services.mail.start();
    services.retention.start();
    services.keys.start(config.keyRotationDays);
    const server: Server = await new Promise((resolve, reject) => {
      const listening = app.listen(config.port, () => resolve(listening));
      listening.once('error', reject);
    });
    server.keepAliveTimeout = 65_000;
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      config,
      db,
      services,
      bootstrap,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await services.retention.stop();
        await services.keys.stop();
        await services.passwordRecovery.settle();
        await services.jobs.settle();
        await services.mail.stop();
        await db.destroy();
      },
    };
  } catch (error) {
    await started?.retention.stop();
    await started?.keys.stop();
    await started?.mail.stop();
    await db.destroy();
    throw error;
  }
}

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    const config = loadConfig();
    running = await startServer(config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nestegg: cannot start: ${message}\n`);
    process.exit(1);
  }
  const { bootstrap, config } = running;
  if (bootstrap.created) {
    process.stdout.write(
      [
        'nestegg: created a new environment.',
        `  client id: ${bootstrap.clientId}`,
        bootstrap.createdApiKey ? `  API key:   ${bootstrap.createdApiKey}   (shown once: store it now)` : '  API key:   from NESTEGG_API_KEY',
        '',
      ].join('\n'),
    );
  }
  process.stdout.write(
    `nestegg: listening on ${config.baseUrl} (port ${running.port}, ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`})\n`,
  );
  const shutdown = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) void main();
