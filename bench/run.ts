/**
 * `npm run bench`: nestegg against Better Auth, on the same PostgreSQL server, in one run.
 *
 * What it measures, each server in a child process of its own and driven by autocannon from here:
 * - logins/s (password check + new session), with p50/p99 latency, for nestegg, Better Auth with
 *   nestegg's argon2id parameters (through `emailAndPassword.password.{hash, verify}`) and Better Auth
 *   with its default scrypt; logins/s are also shown as a share of the hash-bound ceiling (cores / the
 *   median time of one argon2id verify, measured here with @node-rs/argon2);
 * - while logins saturate the CPU: a light, rate-limited load on refresh and profile reads (do they
 *   keep answering, and how slowly) and the event-loop delay p99 inside the server process;
 * - token refresh/s (nestegg: rotate the refresh token, sign a new access token) against Better
 *   Auth's session refresh (`get-session` with `session.updateAge: 0`: every call extends the
 *   session in the database and re-sets the cookie);
 * - authenticated profile reads/s (`GET /identity/resources/users/v2/me` with a Bearer access token
 *   against Better Auth's `GET /api/auth/get-session` with its session cookie, cookie cache off).
 *
 * It prints one table with nestegg ÷ Better Auth ratios and the targets (printed, never
 * enforced), and writes bench/results/<date>-<commit>.json and .md with the machine and parameters.
 * Fresh databases are created for the run and dropped at its end, also on failure.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID, scrypt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createNesteggClient } from '../client';
import {
  ARGON2_PARAMETERS,
  mapLimit,
  median,
  requestJson,
  startServerProcess,
  stringField,
  withDatabase,
  type LoopDelay,
  type ServerProcess,
} from './lib';
import { busyPercent, cpuSnapshot, cpuSince, type PhaseCpu } from './cpu';

// ---------------------------------------------------------------------------------------------
// Settings

const SECONDS = { warmUp: 2, login: 15, refresh: 10, reads: 10 };
const CONNECTIONS = { warmUp: 4, login: 8, refresh: 10, reads: 10, light: 2 };
/** Requests per second of each light load (refresh, reads) that runs during login saturation. */
const LIGHT_RATE = 20;
const USERS = 8;
const PASSWORD = 'correct horse battery staple';
const VERIFY_SAMPLES = 30;
/** Better Auth's default scrypt (@better-auth/utils/password on Node). */
const SCRYPT_PARAMETERS = { N: 16384, r: 16, p: 1, dkLen: 64 } as const;
/** Above this share of the machine busy before the run, the report warns that its figures are skewed. */
const BUSY_WARNING_PERCENT = 10;
const TARGETS = { loginShareOfCeiling: 0.85, refreshPerSecond: 1000, readsPerSecond: 1500, loopDelayP99Ms: 20 };

const ARGON2ID = 2 as Algorithm;
const JSON_HEADERS = { 'content-type': 'application/json' };

// ---------------------------------------------------------------------------------------------
// Load generation

/** A request for autocannon with a count of the answers that really succeeded. */
interface Load {
  request: autocannon.Request;
  passed(): number;
}

interface PhaseResult {
  /** Answers that succeeded (status and body checked). */
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Wrong status or body, connection errors and timeouts. */
  failed: number;
  seconds: number;
  /** Inside the server process, over the phase (with anything that ran beside it). */
  loopDelay?: LoopDelay;
  cpu?: PhaseCpu;
}

type ResponseCheck = (status: number, body: string) => boolean;

function checked(request: autocannon.Request, check: ResponseCheck): Load {
  let passed = 0;
  const onResponse = request.onResponse;
  return {
    request: {
      ...request,
      onResponse: (status, body, context, headers) => {
        if (typeof onResponse === 'function') onResponse(status, body, context, headers);
        if (check(status, body)) passed += 1;
      },
    },
    passed: () => passed,
  };
}

/** POSTs cycling through JSON bodies (so that logins spread over several users). */
function cyclingPosts(requestPath: string, bodies: string[], headers: Record<string, string>, check: ResponseCheck): Load {
  let next = 0;
  return checked(
    { method: 'POST', path: requestPath, headers, setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) },
    check,
  );
}

/** GETs cycling through credentials, one header set per session. */
function cyclingGets(requestPath: string, credentials: Record<string, string>[], check: ResponseCheck): Load {
  let next = 0;
  return checked(
    {
      method: 'GET',
      path: requestPath,
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...credentials[next++ % credentials.length] } }),
    },
    check,
  );
}

function jsonString(body: string, field: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * nestegg refresh. Refresh tokens rotate and a used one presented again revokes its session, so
 * each chain (one session's latest token) is in flight on at most one request at a time: a request
 * takes an idle chain's token and its answer puts the next token back.
 */
function refreshChains(requestPath: string, tokens: string[]): Load {
  const idle = [...tokens];
  return checked(
    {
      method: 'POST',
      path: requestPath,
      headers: JSON_HEADERS,
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ refreshToken: idle.shift() ?? 'no-idle-chain' }) }),
      onResponse: (status, body) => {
        const next = status === 201 ? jsonString(body, 'refreshToken') : undefined;
        if (next) idle.push(next);
      },
    },
    (status, body) => status === 201 && body.includes('"accessToken"'),
  );
}

async function runLoad(url: string, load: Load, options: { connections: number; seconds: number; overallRate?: number }): Promise<PhaseResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    overallRate: options.overallRate,
    timeout: 30,
    requests: [load.request],
  });
  const ok = load.passed();
  const answered = result['2xx'] + result.non2xx;
  return {
    ok,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: Math.max(0, answered - ok) + result.errors,
    seconds: result.duration,
  };
}

/** Runs loads while recording the server's event-loop delay and the CPU use of everything involved. */
async function measured<T>(server: ServerProcess, run: () => Promise<T>): Promise<{ value: T; loopDelay: LoopDelay; cpu: PhaseCpu }> {
  await server.resetStats();
  const before = cpuSnapshot();
  const value = await run();
  const stats = await server.readStats();
  return { value, loopDelay: stats.loopDelay, cpu: { serverPercent: stats.cpuPercent, ...cpuSince(before) } };
}

async function measuredLoad(server: ServerProcess, run: () => Promise<PhaseResult>): Promise<PhaseResult> {
  const { value, loopDelay, cpu } = await measured(server, run);
  return { ...value, loopDelay, cpu };
}

// ---------------------------------------------------------------------------------------------
// The servers under test

/** One server under test, as the phases drive it. */
interface Subject {
  server: ServerProcess;
  login(): Load;
  /** Refresh for `connections` connections; nestegg needs fresh token chains for every run. */
  refresh(connections: number): Promise<Load>;
  reads(): Load;
}

interface SuiteResult {
  login: PhaseResult;
  /** Light loads during login saturation. */
  refreshDuringLogin: PhaseResult;
  readsDuringLogin: PhaseResult;
  refresh?: PhaseResult;
  reads?: PhaseResult;
}

const email = (prefix: string, index: number) => `${prefix}-${index}@bench.example.com`;

function bootstrapCredentials() {
  return { clientId: randomUUID(), apiKey: randomBytes(24).toString('hex') };
}

async function nesteggLogin(url: string, userEmail: string): Promise<{ accessToken: string; refreshToken: string }> {
  const { data, response } = await createNesteggClient({ baseUrl: url }).POST('/identity/resources/auth/v1/user', {
    body: { email: userEmail, password: PASSWORD },
  });
  if (response.status !== 200 || !data) throw new Error(`nestegg login failed: ${response.status}`);
  return { accessToken: data.accessToken, refreshToken: data.refreshToken };
}

/** An environment token, an account and USERS users with passwords. */
async function seedNestegg(url: string, credentials: { clientId: string; apiKey: string }): Promise<string[]> {
  const vendor = await createNesteggClient({ baseUrl: url }).POST('/auth/vendor', {
    body: { clientId: credentials.clientId, secret: credentials.apiKey },
  });
  if (vendor.response.status !== 200 || !vendor.data) throw new Error(`nestegg vendor auth failed: ${vendor.response.status}`);
  const asVendor = createNesteggClient({ baseUrl: url, accessToken: vendor.data.token });
  const tenant = await asVendor.POST('/tenants/resources/tenants/v1', { body: { tenantId: 'bench', name: 'Bench' } });
  if (tenant.response.status !== 201) throw new Error(`nestegg create tenant failed: ${tenant.response.status}`);
  return mapLimit(USERS, 4, async (index) => {
    const user = await asVendor.POST('/identity/resources/vendor-only/users/v1', {
      body: { tenantId: 'bench', email: email('nestegg', index), password: PASSWORD, name: `Bench User ${index}` },
    });
    if (user.response.status !== 201) throw new Error(`nestegg create user failed: ${user.response.status}`);
    return email('nestegg', index);
  });
}

async function nesteggSubject(databaseUrl: string): Promise<Subject> {
  const credentials = bootstrapCredentials();
  const server = await startServerProcess('nestegg', 'nestegg-server.ts', {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NESTEGG_CLIENT_ID: credentials.clientId,
    NESTEGG_API_KEY: credentials.apiKey,
    NESTEGG_ARGON2_MEMORY_KIB: String(ARGON2_PARAMETERS.memoryCost),
    NESTEGG_ARGON2_ITERATIONS: String(ARGON2_PARAMETERS.timeCost),
    NESTEGG_ARGON2_PARALLELISM: String(ARGON2_PARAMETERS.parallelism),
  });
  running.add(server);
  const emails = await seedNestegg(server.url, credentials);
  const sessions = await mapLimit(USERS, 4, (index) => nesteggLogin(server.url, emails[index]));
  const loginBodies = emails.map((userEmail) => JSON.stringify({ email: userEmail, password: PASSWORD }));
  return {
    server,
    login: () =>
      cyclingPosts('/identity/resources/auth/v1/user', loginBodies, JSON_HEADERS, (status, body) => status === 200 && body.includes('"accessToken"')),
    async refresh(connections) {
      const chains = await mapLimit(connections * 2, 4, (index) => nesteggLogin(server.url, emails[index % emails.length]));
      return refreshChains('/identity/resources/auth/v1/user/token/refresh', chains.map((chain) => chain.refreshToken));
    },
    reads: () =>
      cyclingGets(
        '/identity/resources/users/v2/me',
        sessions.map((session) => ({ authorization: `Bearer ${session.accessToken}` })),
        (status, body) => status === 200 && body.includes('"email"'),
      ),
  };
}

/** The `better-auth.session_token=...` pair of a sign-in's Set-Cookie headers. */
function sessionCookie(setCookies: string[]): string {
  const cookie = setCookies.map((header) => header.split(';')[0]).find((pair) => pair.startsWith('better-auth.session_token='));
  if (!cookie) throw new Error(`Better Auth set no session cookie: ${JSON.stringify(setCookies)}`);
  return cookie;
}

/** USERS signed-up users, each signed in once; answers their session cookies. */
async function seedBetterAuth(url: string, prefix: string): Promise<{ emails: string[]; cookies: string[] }> {
  const origin = { origin: url };
  const emails = Array.from({ length: USERS }, (_, index) => email(prefix, index));
  await mapLimit(USERS, 4, async (index) => {
    const signUp = await requestJson(`${url}/api/auth/sign-up/email`, {
      body: { email: emails[index], password: PASSWORD, name: `Bench User ${index}` },
      headers: origin,
    });
    if (signUp.status !== 200) throw new Error(`Better Auth sign-up failed: ${signUp.status} ${JSON.stringify(signUp.body)}`);
  });
  const cookies = await mapLimit(USERS, 4, async (index) => {
    const signIn = await requestJson(`${url}/api/auth/sign-in/email`, { body: { email: emails[index], password: PASSWORD }, headers: origin });
    if (signIn.status !== 200) throw new Error(`Better Auth sign-in failed: ${signIn.status} ${JSON.stringify(signIn.body)}`);
    stringField(signIn.body, 'token', 'Better Auth sign-in');
    return sessionCookie(signIn.setCookies);
  });
  return { emails, cookies };
}

/** Checks the two get-session configurations do what the report says: one writes, one only reads. */
async function checkSessionAnalogs(url: string, cookie: string): Promise<string[]> {
  const notes: string[] = [];
  const refreshed = await requestJson(`${url}/refresh/api/auth/get-session`, { headers: { cookie } });
  const read = await requestJson(`${url}/api/auth/get-session`, { headers: { cookie } });
  if (refreshed.status !== 200 || !refreshed.setCookies.some((header) => header.startsWith('better-auth.session_token='))) {
    notes.push('WARNING: Better Auth get-session with updateAge 0 did not re-set the session cookie: it may not have refreshed the session.');
  }
  if (read.status !== 200 || read.setCookies.length > 0) {
    notes.push('WARNING: Better Auth get-session (reads) answered with a Set-Cookie: it may have written to the database.');
  }
  return notes;
}

async function betterAuthSubject(databaseUrl: string, hasher: 'argon2id' | 'scrypt', notes: string[]): Promise<Subject> {
  const server = await startServerProcess(`better-auth ${hasher}`, 'better-auth-server.ts', {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BENCH_HASHER: hasher,
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
  });
  running.add(server);
  const { emails, cookies } = await seedBetterAuth(server.url, `ba-${hasher}`);
  notes.push(...(await checkSessionAnalogs(server.url, cookies[0])));
  const loginBodies = emails.map((userEmail) => JSON.stringify({ email: userEmail, password: PASSWORD }));
  const withSession = (status: number, body: string) => status === 200 && body.startsWith('{"session"');
  const credentials = cookies.map((cookie) => ({ cookie }));
  return {
    server,
    login: () =>
      cyclingPosts('/api/auth/sign-in/email', loginBodies, { ...JSON_HEADERS, origin: server.url }, (status, body) => status === 200 && body.includes('"token"')),
    refresh: async () => cyclingGets('/refresh/api/auth/get-session', credentials, withSession),
    reads: () => cyclingGets('/api/auth/get-session', credentials, withSession),
  };
}

// ---------------------------------------------------------------------------------------------
// Phases

async function warmUp(subject: Subject): Promise<void> {
  const options = { connections: CONNECTIONS.warmUp, seconds: SECONDS.warmUp };
  await runLoad(subject.server.url, subject.login(), options);
  await runLoad(subject.server.url, await subject.refresh(CONNECTIONS.warmUp), options);
  await runLoad(subject.server.url, subject.reads(), options);
}

/** Logins at full load, with a light load on refresh and reads beside them. */
async function loginSaturation(subject: Subject): Promise<Pick<SuiteResult, 'login' | 'refreshDuringLogin' | 'readsDuringLogin'>> {
  const { server } = subject;
  const light = { connections: CONNECTIONS.light, seconds: SECONDS.login, overallRate: LIGHT_RATE };
  const lightRefresh = await subject.refresh(CONNECTIONS.light);
  const { value, loopDelay, cpu } = await measured(server, () =>
    Promise.all([
      runLoad(server.url, subject.login(), { connections: CONNECTIONS.login, seconds: SECONDS.login }),
      runLoad(server.url, lightRefresh, light),
      runLoad(server.url, subject.reads(), light),
    ]),
  );
  const [login, refreshDuringLogin, readsDuringLogin] = value;
  return { login: { ...login, loopDelay, cpu }, refreshDuringLogin, readsDuringLogin };
}

async function runSuite(subject: Subject, withSessionPhases: boolean): Promise<SuiteResult> {
  const { server } = subject;
  progress(`${server.name}: warm-up`);
  await warmUp(subject);
  progress(`${server.name}: logins (${SECONDS.login} s, ${CONNECTIONS.login} connections) + light refresh and reads`);
  const saturated = await loginSaturation(subject);
  if (!withSessionPhases) return saturated;
  progress(`${server.name}: refresh (${SECONDS.refresh} s, ${CONNECTIONS.refresh} connections)`);
  const refreshLoad = await subject.refresh(CONNECTIONS.refresh);
  const refresh = await measuredLoad(server, () =>
    runLoad(server.url, refreshLoad, { connections: CONNECTIONS.refresh, seconds: SECONDS.refresh }),
  );
  progress(`${server.name}: reads (${SECONDS.reads} s, ${CONNECTIONS.reads} connections)`);
  const reads = await measuredLoad(server, () => runLoad(server.url, subject.reads(), { connections: CONNECTIONS.reads, seconds: SECONDS.reads }));
  return { ...saturated, refresh, reads };
}

// ---------------------------------------------------------------------------------------------
// The hash-bound ceiling

interface HashTiming {
  medianMs: number;
  samples: number;
}

async function timeMedian(run: () => Promise<unknown>): Promise<HashTiming> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < VERIFY_SAMPLES; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { medianMs: median(times), samples: VERIFY_SAMPLES };
}

const scryptAsync = promisify(scrypt) as (password: string, salt: string, keylen: number, options: object) => Promise<Buffer>;

async function measureHashes(): Promise<{ argon2id: HashTiming; scrypt: HashTiming }> {
  const stored = await argon2Hash(PASSWORD, { algorithm: ARGON2ID, ...ARGON2_PARAMETERS });
  const argon2id = await timeMedian(() => argon2Verify(stored, PASSWORD));
  const { N, r, p, dkLen } = SCRYPT_PARAMETERS;
  const scryptTiming = await timeMedian(() => scryptAsync(PASSWORD, 'a-salt-of-16-hex', dkLen, { N, r, p, maxmem: 256 * N * r }));
  return { argon2id, scrypt: scryptTiming };
}

// ---------------------------------------------------------------------------------------------
// Databases, cleanup

const running = new Set<ServerProcess>();

async function withAdmin<T>(baseUrl: string, task: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function createDatabases(baseUrl: string, names: string[]): Promise<string> {
  return withAdmin(baseUrl, async (client) => {
    for (const name of names) await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
    return rows[0].version;
  });
}

async function dropDatabases(baseUrl: string, names: string[]): Promise<void> {
  await withAdmin(baseUrl, async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  });
}

async function cleanUp(baseUrl: string, databases: string[]): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
  running.clear();
  await dropDatabases(baseUrl, databases).catch((error: Error) => {
    process.stderr.write(`bench: could not drop the databases ${databases.join(', ')}: ${error.message}\n`);
  });
}

// ---------------------------------------------------------------------------------------------
// Report

interface Report {
  date: string;
  commit: string;
  machine: {
    os: string;
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    libuvThreadpool: number;
    postgres: string;
    /** How busy the cores were in the second before the run, and the load average then. */
    busyBeforeRunPercent: number;
    loadAverage1m: number;
  };
  hash: {
    argon2id: typeof ARGON2_PARAMETERS & { library: string; verifyMedianMs: number; samples: number; ceilingPerSecond: number };
    betterAuthScrypt: typeof SCRYPT_PARAMETERS & { verifyMedianMs: number; samples: number; ceilingPerSecond: number };
  };
  settings: { seconds: typeof SECONDS; connections: typeof CONNECTIONS; lightRatePerSecond: number; users: number; betterAuth: string };
  analogs: Record<string, string>;
  results: { nestegg: SuiteResult; betterAuthArgon2id: SuiteResult; betterAuthScrypt: SuiteResult };
  targets: { target: string; value: string; met: boolean }[];
  notes: string[];
}

function packageVersion(name: string): string {
  try {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'node_modules', name, 'package.json'), 'utf8'));
    return stringField(manifest, 'version', name);
  } catch {
    return 'unknown';
  }
}

function shortCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } })
      .toString()
      .trim();
  } catch {
    return 'nogit';
  }
}

function machine(postgres: string, busyBeforeRunPercent: number): Report['machine'] {
  return {
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    libuvThreadpool: Number(process.env.UV_THREADPOOL_SIZE) || 4,
    postgres,
    busyBeforeRunPercent: Math.round(busyBeforeRunPercent),
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

const ANALOGS = {
  login:
    'nestegg POST /identity/resources/auth/v1/user ↔ Better Auth POST /api/auth/sign-in/email (both: find user, verify password, insert a session).',
  refresh:
    'nestegg POST /identity/resources/auth/v1/user/token/refresh (body refreshToken; rotates the token in one transaction and signs a new RS256 access token) ↔ Better Auth GET /api/auth/get-session with session.updateAge = 0 and cookie cache off (every call extends the session row and re-sets the cookie).',
  reads:
    'nestegg GET /identity/resources/users/v2/me with Bearer access token (RS256 verify + membership and user reads) ↔ Better Auth GET /api/auth/get-session with its session cookie, default updateAge (1 day), cookie cache off (session + user read from the database, no write).',
  lightLoad: `During login saturation: ${CONNECTIONS.light} connections each on refresh and reads, ${LIGHT_RATE} requests/s each.`,
};

const fmtRate = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const fmtMs = (value: number) => value.toFixed(1);
const fmtRatio = (ours: number | undefined, theirs: number | undefined) =>
  ours === undefined || theirs === undefined || theirs === 0 ? '—' : `${(ours / theirs).toFixed(2)}×`;

type Cell = number | string | undefined;
interface Row {
  label: string;
  values: [Cell, Cell, Cell];
  format: (value: number) => string;
  ratio: boolean;
}

function lightCell(result: PhaseResult): string {
  return `${result.ok} ok, ${result.failed} failed, p99 ${fmtMs(result.p99)} ms`;
}

function tableRows(report: Report): Row[] {
  const { nestegg: n, betterAuthArgon2id: a, betterAuthScrypt: s } = report.results;
  const ceiling = report.hash.argon2id.ceilingPerSecond;
  const scryptCeiling = report.hash.betterAuthScrypt.ceilingPerSecond;
  const pct = (value: number) => `${value.toFixed(0)} %`;
  const failed = (suite: SuiteResult) =>
    [suite.login, suite.refreshDuringLogin, suite.readsDuringLogin, suite.refresh, suite.reads].reduce((sum, phase) => sum + (phase?.failed ?? 0), 0);
  return [
    { label: 'Logins/s', values: [n.login.perSecond, a.login.perSecond, s.login.perSecond], format: fmtRate, ratio: true },
    {
      label: `Logins, % of hash ceiling (argon2id ${fmtRate(ceiling)}/s, scrypt ${fmtRate(scryptCeiling)}/s)`,
      values: [(n.login.perSecond / ceiling) * 100, (a.login.perSecond / ceiling) * 100, (s.login.perSecond / scryptCeiling) * 100],
      format: pct,
      ratio: false,
    },
    { label: 'Login p50 (ms)', values: [n.login.p50, a.login.p50, s.login.p50], format: fmtMs, ratio: true },
    { label: 'Login p99 (ms)', values: [n.login.p99, a.login.p99, s.login.p99], format: fmtMs, ratio: true },
    {
      label: 'Event-loop delay p99 during logins (ms)',
      values: [n.login.loopDelay?.p99, a.login.loopDelay?.p99, s.login.loopDelay?.p99],
      format: fmtMs,
      ratio: true,
    },
    {
      label: 'Refresh during logins (light load)',
      values: [lightCell(n.refreshDuringLogin), lightCell(a.refreshDuringLogin), lightCell(s.refreshDuringLogin)],
      format: fmtMs,
      ratio: false,
    },
    {
      label: 'Reads during logins (light load)',
      values: [lightCell(n.readsDuringLogin), lightCell(a.readsDuringLogin), lightCell(s.readsDuringLogin)],
      format: fmtMs,
      ratio: false,
    },
    { label: 'Refresh/s (token refresh ↔ session refresh)', values: [n.refresh?.perSecond, a.refresh?.perSecond, undefined], format: fmtRate, ratio: true },
    { label: 'Refresh p50 (ms)', values: [n.refresh?.p50, a.refresh?.p50, undefined], format: fmtMs, ratio: true },
    { label: 'Refresh p99 (ms)', values: [n.refresh?.p99, a.refresh?.p99, undefined], format: fmtMs, ratio: true },
    { label: 'Profile reads/s (users/v2/me ↔ get-session)', values: [n.reads?.perSecond, a.reads?.perSecond, undefined], format: fmtRate, ratio: true },
    { label: 'Reads p50 (ms)', values: [n.reads?.p50, a.reads?.p50, undefined], format: fmtMs, ratio: true },
    { label: 'Reads p99 (ms)', values: [n.reads?.p99, a.reads?.p99, undefined], format: fmtMs, ratio: true },
    { label: 'Failed requests, all phases', values: [failed(n), failed(a), failed(s)], format: String, ratio: false },
  ];
}

const HEADER = ['', 'nestegg', 'Better Auth (argon2id)', 'Better Auth (scrypt)', 'nestegg ÷ BA argon2id', 'nestegg ÷ BA scrypt'];

function renderCells(row: Row): string[] {
  const show = (cell: Cell) => (cell === undefined ? '—' : typeof cell === 'number' ? row.format(cell) : cell);
  const asNumber = (cell: Cell) => (typeof cell === 'number' ? cell : undefined);
  const [ours, argon, scryptValue] = row.values;
  const ratios = row.ratio ? [fmtRatio(asNumber(ours), asNumber(argon)), fmtRatio(asNumber(ours), asNumber(scryptValue))] : ['—', '—'];
  return [row.label, show(ours), show(argon), show(scryptValue), ...ratios];
}

/** A Markdown table padded to line up in a terminal too. */
function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** Where the CPU went in each measured phase, in % of one core. */
function cpuTable(report: Report): string {
  const subjects: [string, SuiteResult][] = [
    ['nestegg', report.results.nestegg],
    ['Better Auth argon2id', report.results.betterAuthArgon2id],
    ['Better Auth scrypt', report.results.betterAuthScrypt],
  ];
  const pct = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(0)} %`);
  const rows = subjects.flatMap(([name, suite]) =>
    (
      [
        ['logins + light load', suite.login],
        ['refresh', suite.refresh],
        ['reads', suite.reads],
      ] as const
    ).flatMap(([phase, result]) => {
      const cpu = result?.cpu;
      if (!cpu) return [];
      const total = cpu.serverPercent + (cpu.postgresPercent ?? 0) + cpu.loadGeneratorPercent;
      return [[`${name}: ${phase}`, pct(cpu.serverPercent), pct(cpu.postgresPercent), pct(cpu.loadGeneratorPercent), pct(total)]];
    }),
  );
  const cores = report.machine.cores;
  return markdownTable([[`CPU, % of one core (${cores} cores = ${cores * 100} %)`, 'server process', 'PostgreSQL', 'autocannon', 'total'], ...rows]);
}

function targets(report: Report): Report['targets'] {
  const { nestegg: n, betterAuthArgon2id: a, betterAuthScrypt: s } = report.results;
  const share = n.login.perSecond / report.hash.argon2id.ceilingPerSecond;
  const refresh = n.refresh?.perSecond ?? 0;
  const reads = n.reads?.perSecond ?? 0;
  const delay = n.login.loopDelay?.p99 ?? Number.POSITIVE_INFINITY;
  const light = [n.refreshDuringLogin, n.readsDuringLogin];
  return [
    { target: `logins ≥ ${TARGETS.loginShareOfCeiling * 100} % of the hash ceiling`, value: `${(share * 100).toFixed(0)} %`, met: share >= TARGETS.loginShareOfCeiling },
    { target: `refresh ≥ ${TARGETS.refreshPerSecond}/s`, value: `${fmtRate(refresh)}/s`, met: refresh >= TARGETS.refreshPerSecond },
    { target: `authenticated reads ≥ ${TARGETS.readsPerSecond}/s`, value: `${fmtRate(reads)}/s`, met: reads >= TARGETS.readsPerSecond },
    {
      target: 'logins above Better Auth (argon2id and scrypt)',
      value: `${fmtRatio(n.login.perSecond, a.login.perSecond)}, ${fmtRatio(n.login.perSecond, s.login.perSecond)}`,
      met: n.login.perSecond > a.login.perSecond && n.login.perSecond > s.login.perSecond,
    },
    { target: 'refresh above Better Auth', value: fmtRatio(refresh, a.refresh?.perSecond), met: refresh > (a.refresh?.perSecond ?? 0) },
    { target: 'reads above Better Auth', value: fmtRatio(reads, a.reads?.perSecond), met: reads > (a.reads?.perSecond ?? 0) },
    { target: `event-loop delay p99 during logins < ${TARGETS.loopDelayP99Ms} ms`, value: `${fmtMs(delay)} ms`, met: delay < TARGETS.loopDelayP99Ms },
    {
      target: 'refresh and reads keep answering during login saturation',
      value: light.map(lightCell).join('; '),
      met: light.every((phase) => phase.ok > 0 && phase.failed === 0),
    },
  ];
}

function renderReport(report: Report): string {
  const { machine: m, hash } = report;
  const table = markdownTable([HEADER, ...tableRows(report).map(renderCells)]);
  return [
    `# nestegg vs Better Auth ${report.settings.betterAuth}: ${report.date} (${report.commit})`,
    '',
    `Machine: ${m.os}; ${m.cpu}, ${m.cores} cores; ${m.memoryGiB} GiB; Node ${m.node}; libuv pool ${m.libuvThreadpool}; ${m.postgres}`,
    `Before the run: cores ${m.busyBeforeRunPercent} % busy, load average ${m.loadAverage1m}`,
    `Hash: argon2id m=${hash.argon2id.memoryCost} KiB, t=${hash.argon2id.timeCost}, p=${hash.argon2id.parallelism} (@node-rs/argon2 ${hash.argon2id.library}); ` +
      `one verify ${fmtMs(hash.argon2id.verifyMedianMs)} ms (median of ${hash.argon2id.samples}) → ceiling ${m.cores} / ${fmtMs(hash.argon2id.verifyMedianMs)} ms = ${fmtRate(hash.argon2id.ceilingPerSecond)} logins/s`,
    `Better Auth default scrypt: N=${hash.betterAuthScrypt.N}, r=${hash.betterAuthScrypt.r}, p=${hash.betterAuthScrypt.p}; one verify ${fmtMs(hash.betterAuthScrypt.verifyMedianMs)} ms → ceiling ${fmtRate(hash.betterAuthScrypt.ceilingPerSecond)}/s`,
    `Phases: logins ${SECONDS.login} s × ${CONNECTIONS.login} connections; refresh ${SECONDS.refresh} s × ${CONNECTIONS.refresh}; reads ${SECONDS.reads} s × ${CONNECTIONS.reads}; ${SECONDS.warmUp} s warm-up each; ${USERS} users per server; load generator on the same machine.`,
    '',
    table,
    '',
    cpuTable(report),
    '',
    'Targets (from the issue; printed, not enforced):',
    ...report.targets.map((target) => `- [${target.met ? 'met' : 'MISSED'}] ${target.target}: ${target.value}`),
    '',
    'What is compared:',
    ...Object.entries(report.analogs).map(([name, text]) => `- ${name}: ${text}`),
    ...(report.notes.length > 0 ? ['', 'Notes:', ...report.notes.map((note) => `- ${note}`)] : []),
    '',
  ].join('\n');
}

function writeResults(report: Report, text: string): string[] {
  const directory = path.join(__dirname, 'results');
  fs.mkdirSync(directory, { recursive: true });
  const base = path.join(directory, `${report.date.slice(0, 10)}-${report.commit}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, text);
  return [`${base}.json`, `${base}.md`];
}

// ---------------------------------------------------------------------------------------------
// Main

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function benchmark(baseUrl: string, names: Record<'nestegg' | 'argon2id' | 'scrypt', string>): Promise<Report> {
  const started = new Date();
  const busy = await busyPercent(1000);
  const notes: string[] = [];
  if (busy > BUSY_WARNING_PERCENT) {
    notes.push(`WARNING: the machine was ${busy.toFixed(0)} % busy before the run started: other work shares the cores, so these figures understate both servers.`);
    progress(notes[notes.length - 1]);
  }
  progress(`timing one argon2id verify and one scrypt verify (${VERIFY_SAMPLES} each)`);
  const hashes = await measureHashes();
  const postgres = await createDatabases(baseUrl, Object.values(names));
  const m = machine(postgres, busy);

  const nestegg = await nesteggSubject(withDatabase(baseUrl, names.nestegg));
  const nesteggResult = await runSuite(nestegg, true);
  await nestegg.server.stop();
  const argon = await betterAuthSubject(withDatabase(baseUrl, names.argon2id), 'argon2id', notes);
  const argonResult = await runSuite(argon, true);
  await argon.server.stop();
  const scryptSubject = await betterAuthSubject(withDatabase(baseUrl, names.scrypt), 'scrypt', notes);
  const scryptResult = await runSuite(scryptSubject, false);
  await scryptSubject.server.stop();
  notes.push('Better Auth with scrypt runs the login phase only: refresh and reads do not hash, so they are the argon2id column.');

  const report: Report = {
    date: started.toISOString(),
    commit: shortCommit(),
    machine: m,
    hash: {
      argon2id: {
        ...ARGON2_PARAMETERS,
        library: packageVersion('@node-rs/argon2'),
        verifyMedianMs: hashes.argon2id.medianMs,
        samples: hashes.argon2id.samples,
        ceilingPerSecond: m.cores / (hashes.argon2id.medianMs / 1000),
      },
      betterAuthScrypt: {
        ...SCRYPT_PARAMETERS,
        verifyMedianMs: hashes.scrypt.medianMs,
        samples: hashes.scrypt.samples,
        ceilingPerSecond: m.cores / (hashes.scrypt.medianMs / 1000),
      },
    },
    settings: { seconds: SECONDS, connections: CONNECTIONS, lightRatePerSecond: LIGHT_RATE, users: USERS, betterAuth: packageVersion('better-auth') },
    analogs: ANALOGS,
    results: { nestegg: nesteggResult, betterAuthArgon2id: argonResult, betterAuthScrypt: scryptResult },
    targets: [],
    notes,
  };
  report.targets = targets(report);
  return report;
}

async function main(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const names = {
    nestegg: `nestegg_bench_${process.pid}`,
    argon2id: `betterauth_bench_${process.pid}`,
    scrypt: `betterauth_scrypt_bench_${process.pid}`,
  };
  const databases = Object.values(names);
  const interrupted = () => {
    progress('interrupted: stopping the servers and dropping the databases');
    void cleanUp(baseUrl, databases).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const report = await benchmark(baseUrl, names);
    const text = renderReport(report);
    process.stdout.write(`\n${text}`);
    const files = writeResults(report, text);
    process.stdout.write(`Results: ${files.map((file) => path.relative(process.cwd(), file)).join(', ')}\n`);
  } finally {
    await cleanUp(baseUrl, databases);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
