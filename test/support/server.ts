import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';
import { createNesteggClient, type NesteggClient } from '../../client';
import { makeTempDir } from './temp';

/** The argon2id cost a server has when nothing configures it (tests run cheaper: see global-setup.ts). */
export const PRODUCTION_ARGON2: Config['argon2'] = loadConfig({}).argon2;

export interface TestServer extends RunningServer {
  clientId: string;
  apiKey: string;
  /** A client with no credentials. */
  client: NesteggClient;
}

/**
 * A real nestegg on port 0: PGlite started from the prepared dump (or an own data directory), or the
 * PostgreSQL of DATABASE_URL. Responses are validated against the spec, so a response that breaks
 * the spec fails the test with a 500.
 */
export async function startTestServer(overrides: Partial<Config> & { dataDir?: string; logger?: Logger } = {}): Promise<TestServer> {
  const { logger, ...configOverrides } = overrides;
  const config = { ...loadConfig({ ...process.env, PORT: '0', NESTEGG_VALIDATE_RESPONSES: 'true' }), ...configOverrides };
  // Servers of a PostgreSQL run share one outbox: only those that ask for mail (tests of email) send it.
  if (!overrides.mail) config.mail = { ...config.mail, dispatch: false };
  // Every test calls from 127.0.0.1, and on PostgreSQL their rate-limit counters add up: the per-address
  // limits on password resets and sign-ups are lifted unless a test sets the limits itself.
  if (!overrides.passwordResetLimits) {
    config.passwordResetLimits = { ...config.passwordResetLimits, perIp: { max: 1_000_000, windowSeconds: 600 } };
  }
  if (!overrides.signUpRateLimit) config.signUpRateLimit = { ...config.signUpRateLimit, max: 1_000_000 };
  if (!overrides.signUpEmailLimit) config.signUpEmailLimit = { ...config.signUpEmailLimit, max: 1_000_000 };
  // Tests never reach the real breached-password range API: only those that serve one set a URL.
  if (!overrides.breachedPasswords) config.breachedPasswords = { ...config.breachedPasswords, url: undefined };
  // Tests move time by moving key moments in the database: each signature reads which key signs.
  if (overrides.signingKeyCacheMs === undefined) config.signingKeyCacheMs = 0;
  const dump = process.env.NESTEGG_TEST_PGLITE_DUMP;
  const useDump = !config.databaseUrl && !overrides.dataDir && dump;
  const running = await startServer(config, {
    ...(logger ? { logger } : {}),
    db: useDump ? { dataDir: 'memory://', loadDataDir: await fs.openAsBlob(dump) } : {},
  });
  return {
    ...running,
    clientId: running.bootstrap.clientId,
    apiKey: config.bootstrapApiKey ?? '',
    client: createNesteggClient({ baseUrl: running.url }),
  };
}

/**
 * A new PGlite data directory that already holds the migrated database (the run's dump, unpacked): a
 * server opened on it skips initdb and the migrations, about 6 s. For tests of what a directory keeps
 * across starts; restart.test.ts still starts once from an empty directory, as `npm start` first does.
 */
export function seededDataDir(prefix: string): string {
  const dump = process.env.NESTEGG_TEST_PGLITE_DUMP;
  if (!dump) throw new Error('no migrated dump: run the tests with Vitest (test/support/global-setup.ts makes it)');
  const dir = makeTempDir(prefix);
  execFileSync('tar', ['-xf', dump, '-C', dir], { stdio: 'ignore' });
  return dir;
}

let shared: Promise<TestServer> | undefined;

/**
 * The test process's shared server: started by the first file that asks, kept for the files after it
 * (each makes its own accounts, as on PostgreSQL, where every file already shares one database), and
 * ended with the process. Starting a server and compiling the validator are most of a small file's cost.
 */
export function sharedTestServer(): Promise<TestServer> {
  shared ??= startTestServer();
  return shared;
}

/**
 * The test file's server, read only inside tests and hooks. Without overrides it is the process's
 * shared server; with overrides (settings of the whole environment, a database of its own) the file
 * gets its own, started before its first test and closed after its last.
 */
export function useTestServer(overrides: Parameters<typeof startTestServer>[0] = {}): TestServer {
  const own = Object.keys(overrides).length > 0;
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = own ? await startTestServer(overrides) : await sharedTestServer();
  });
  afterAll(async () => {
    if (own) await server?.close();
  });
  return new Proxy({} as TestServer, {
    get(_target, key) {
      if (!server) throw new Error('the test server is not started yet: use it inside a test or hook');
      return Reflect.get(server, key);
    },
  });
}
