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
 *   against Better Auth's `GET /api/auth/get-session` with its session cookie, cookie cache off);
 * - client-credentials exchanges/s (`POST /identity/resources/auth/v2/api-token`, nestegg only:
 *   Better Auth has no route for it here; the report sets it beside Keycloak's sizing figure);
 * - x-api-key checks/s (the M2M route Frontegg's Node SDK asks about one access token, against
 *   Better Auth's API-key plugin answering `get-session` for an `x-api-key` header).
 *
 * It prints one table with nestegg ÷ Better Auth ratios and the targets (printed, never
 * enforced), and writes bench/results/<date>-<commit>.json and .md with the machine and parameters.
 * Fresh databases are created for the run and dropped at its end, also on failure.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server;
 * BENCH_CPU_PROF=<directory> makes each server write a V8 CPU profile there.
 */
import { randomBytes, scrypt } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { Client } from 'pg';
import { busyPercent, cpuSnapshot, cpuSince, otherPercent, type PhaseCpu } from './cpu';
import { median, withDatabase, type LoopDelay, type ServerProcess } from './lib';
import { mergeConcurrent, runLoad, type Load, type PairResult, type PhaseResult, type SuiteResult } from './load';
import { machine, renderReport, sourceVersion, packageVersion, targets, writeResults, ANALOGS, type Report } from './report';
import {
  API_TOKENS,
  ARGON2_PARAMETERS,
  ARGON2ID,
  BUSY_WARNING_PERCENT,
  CONNECTIONS,
  LIGHT_RATE,
  PASSWORD,
  QUIET_WAIT_SECONDS,
  SCRYPT_PARAMETERS,
  SECONDS,
  USERS,
  VERIFY_SAMPLES,
} from './settings';
import { betterAuthSubject, nesteggSubject, type NesteggSubject, type Subject } from './subjects';

// ---------------------------------------------------------------------------------------------
// Phases

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

/** Warms every load the suite will measure (the exchange and x-api-key checks only where the suite runs them). */
async function warmUp(subject: Subject, withSessionPhases: boolean): Promise<void> {
  const options = { connections: CONNECTIONS.warmUp, seconds: SECONDS.warmUp };
  await runLoad(subject.server.url, subject.login(), options);
  await runLoad(subject.server.url, await subject.refresh(CONNECTIONS.warmUp), options);
  await runLoad(subject.server.url, subject.reads(), options);
  if (!withSessionPhases) return;
  if (subject.exchange) await runLoad(subject.server.url, subject.exchange(), options);
  await runLoad(subject.server.url, subject.apiKeyChecks(), options);
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
  await warmUp(subject, withSessionPhases);
  progress(`${server.name}: logins (${SECONDS.login} s, ${CONNECTIONS.login} connections) + light refresh and reads`);
  const saturated = await loginSaturation(subject);
  if (!withSessionPhases) return saturated;
  progress(`${server.name}: refresh (${SECONDS.refresh} s, ${CONNECTIONS.refresh} connections)`);
  const refreshLoad = await subject.refresh(CONNECTIONS.refresh);
  const refresh = await measuredLoad(server, () => runLoad(server.url, refreshLoad, { connections: CONNECTIONS.refresh, seconds: SECONDS.refresh }));
  progress(`${server.name}: reads (${SECONDS.reads} s, ${CONNECTIONS.reads} connections)`);
  const reads = await measuredLoad(server, () => runLoad(server.url, subject.reads(), { connections: CONNECTIONS.reads, seconds: SECONDS.reads }));
  const exchangeLoad = subject.exchange?.();
  let exchange: PhaseResult | undefined;
  if (exchangeLoad) {
    progress(`${server.name}: client-credentials exchange (${SECONDS.exchange} s, ${CONNECTIONS.exchange} connections)`);
    exchange = await measuredLoad(server, () => runLoad(server.url, exchangeLoad, { connections: CONNECTIONS.exchange, seconds: SECONDS.exchange }));
  }
  progress(`${server.name}: x-api-key checks (${SECONDS.apiKeyChecks} s, ${CONNECTIONS.apiKeyChecks} connections)`);
  const apiKeyChecks = await measuredLoad(server, () =>
    runLoad(server.url, subject.apiKeyChecks(), { connections: CONNECTIONS.apiKeyChecks, seconds: SECONDS.apiKeyChecks }),
  );
  return { ...saturated, refresh, reads, exchange, apiKeyChecks };
}

// ---------------------------------------------------------------------------------------------
// nestegg in two processes

const NESTEGG_PROCESSES = 2;

/**
 * One phase on several processes at once: one autocannon run per process, each with its share of
 * `connections`, all from this process; the servers' CPU is summed, their event-loop delays are the max.
 */
async function measuredConcurrent(subjects: Subject[], loads: Load[], connections: number, seconds: number): Promise<PhaseResult> {
  const share = Math.max(1, Math.floor(connections / subjects.length));
  await Promise.all(subjects.map((subject) => subject.server.resetStats()));
  const before = cpuSnapshot();
  const results = await Promise.all(subjects.map((subject, index) => runLoad(subject.server.url, loads[index], { connections: share, seconds })));
  const cpuOthers = cpuSince(before);
  const stats = await Promise.all(subjects.map((subject) => subject.server.readStats()));
  const loopDelay: LoopDelay = {
    p50: Math.max(...stats.map((stat) => stat.loopDelay.p50)),
    p99: Math.max(...stats.map((stat) => stat.loopDelay.p99)),
    max: Math.max(...stats.map((stat) => stat.loopDelay.max)),
    samples: stats.reduce((sum, stat) => sum + stat.loopDelay.samples, 0),
  };
  const serverPercent = stats.reduce((sum, stat) => sum + stat.cpuPercent, 0);
  return { ...mergeConcurrent(results), loopDelay, cpu: { serverPercent, ...cpuOthers } };
}

/** Refresh and reads with the total connections of the single-process phases split over two processes. */
async function runPair(first: NesteggSubject): Promise<PairResult> {
  const subjects: Subject[] = [first];
  for (let index = 2; index <= NESTEGG_PROCESSES; index++) {
    progress(`nestegg ×${NESTEGG_PROCESSES}: starting process ${index} on the same database`);
    const another = await first.anotherProcess(`nestegg #${index}`, register);
    progress(`${another.server.name}: warm-up`);
    await runLoad(another.server.url, await another.refresh(CONNECTIONS.warmUp), { connections: CONNECTIONS.warmUp, seconds: SECONDS.warmUp });
    await runLoad(another.server.url, another.reads(), { connections: CONNECTIONS.warmUp, seconds: SECONDS.warmUp });
    subjects.push(another);
  }
  try {
    const share = (connections: number) => Math.max(1, Math.floor(connections / subjects.length));
    progress(`nestegg ×${subjects.length}: refresh (${SECONDS.refresh} s, ${subjects.length} × ${share(CONNECTIONS.refresh)} connections)`);
    const refreshLoads = await Promise.all(subjects.map((subject) => subject.refresh(share(CONNECTIONS.refresh))));
    const refresh = await measuredConcurrent(subjects, refreshLoads, CONNECTIONS.refresh, SECONDS.refresh);
    progress(`nestegg ×${subjects.length}: reads (${SECONDS.reads} s, ${subjects.length} × ${share(CONNECTIONS.reads)} connections)`);
    const reads = await measuredConcurrent(
      subjects,
      subjects.map((subject) => subject.reads()),
      CONNECTIONS.reads,
      SECONDS.reads,
    );
    return { processes: subjects.length, refresh, reads };
  } finally {
    await Promise.all(subjects.slice(1).map((subject) => subject.server.stop()));
  }
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

/** One scrypt key derivation with Better Auth's parameters, on the thread pool as Better Auth runs it. */
function scryptOnce(password: string, salt: string): Promise<Buffer> {
  const { N, r, p, dkLen } = SCRYPT_PARAMETERS;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Runs as many as fit in `ms` with `concurrency` at a time; answers runs per second. */
async function throughput(run: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
  const started = performance.now();
  const deadline = started + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await run();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

interface HashTimings {
  argon2id: HashTiming & { parallelPerSecond: number; concurrency: number };
  scrypt: HashTiming;
}

async function measureHashes(): Promise<HashTimings> {
  const stored = await argon2Hash(PASSWORD, { algorithm: ARGON2ID, ...ARGON2_PARAMETERS });
  const verifyOnce = () => argon2Verify(stored, PASSWORD);
  const concurrency = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const argon2id = { ...(await timeMedian(verifyOnce)), parallelPerSecond: await throughput(verifyOnce, concurrency, 2000), concurrency };
  const salt = randomBytes(16).toString('hex'); // as Better Auth makes its salts
  const scryptTiming = await timeMedian(() => scryptOnce(PASSWORD, salt));
  return { argon2id, scrypt: scryptTiming };
}

// ---------------------------------------------------------------------------------------------
// Databases, cleanup

type DatabaseNames = Record<'nestegg' | 'argon2id' | 'scrypt', string>;

const running = new Set<ServerProcess>();
const register = (server: ServerProcess) => running.add(server);

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
// Main

/** Waits a little for other work on the machine to finish; answers how busy it was at the end. */
async function quietMachine(): Promise<number> {
  let busy = await busyPercent(1000);
  for (let waited = 0; busy > BUSY_WARNING_PERCENT && waited < QUIET_WAIT_SECONDS; waited += 2) {
    if (waited === 0) progress(`other work is using ${busy.toFixed(0)} % of a core: waiting up to ${QUIET_WAIT_SECONDS} s for it to finish`);
    busy = await busyPercent(2000);
  }
  return busy;
}

/** Notes (and says at once) that other work on the machine took CPU during a measurement. */
function warnIfShared(notes: string[], what: string, cpu: PhaseCpu): void {
  const other = otherPercent(cpu);
  if (other <= BUSY_WARNING_PERCENT) return;
  notes.push(`WARNING: during ${what}, other processes used ${other.toFixed(0)} % of a core: that figure is skewed; run again on a quiet machine.`);
  progress(notes[notes.length - 1]);
}

function progress(message: string): void {
  process.stderr.write(`bench ${new Date().toISOString().slice(11, 19)}: ${message}\n`);
}

/** Notes every measured phase that other work on the machine took CPU from. */
function warnAboutSharedPhases(notes: string[], results: Report['results']): void {
  const suites = [
    ['nestegg', results.nestegg],
    ['Better Auth argon2id', results.betterAuthArgon2id],
    ['Better Auth scrypt', results.betterAuthScrypt],
  ] as const;
  for (const [name, suite] of suites) {
    const phases = [
      ['logins', suite.login],
      ['refresh', suite.refresh],
      ['reads', suite.reads],
      ['exchange', suite.exchange],
      ['x-api-key checks', suite.apiKeyChecks],
    ] as const;
    for (const [phase, result] of phases) {
      if (result?.cpu) warnIfShared(notes, `${name} ${phase}`, result.cpu);
    }
  }
  const pair = results.nesteggX2;
  if (pair) {
    for (const [phase, result] of [
      ['refresh', pair.refresh],
      ['reads', pair.reads],
    ] as const) {
      if (result.cpu) warnIfShared(notes, `nestegg ×${pair.processes} ${phase}`, result.cpu);
    }
  }
}

/** The three servers, one after the other, each on its own fresh database. */
async function runServers(baseUrl: string, names: DatabaseNames, notes: string[]): Promise<Report['results']> {
  const nestegg = await nesteggSubject(withDatabase(baseUrl, names.nestegg), register);
  const nesteggResult = await runSuite(nestegg, true);
  const nesteggX2 = await runPair(nestegg);
  await nestegg.server.stop();
  const argon = await betterAuthSubject(withDatabase(baseUrl, names.argon2id), 'argon2id', register, notes);
  const argonResult = await runSuite(argon, true);
  await argon.server.stop();
  const scryptSubject = await betterAuthSubject(withDatabase(baseUrl, names.scrypt), 'scrypt', register, notes);
  const scryptResult = await runSuite(scryptSubject, false);
  await scryptSubject.server.stop();
  notes.push('Better Auth with scrypt runs the login phase only: refresh and reads do not hash, so they are the argon2id column.');
  return { nestegg: nesteggResult, nesteggX2, betterAuthArgon2id: argonResult, betterAuthScrypt: scryptResult };
}

function hashReport(hashes: HashTimings, cores: number): Report['hash'] {
  return {
    argon2id: {
      ...ARGON2_PARAMETERS,
      library: packageVersion('@node-rs/argon2'),
      verifyMedianMs: hashes.argon2id.medianMs,
      samples: hashes.argon2id.samples,
      ceilingPerSecond: cores / (hashes.argon2id.medianMs / 1000),
      parallelPerSecond: hashes.argon2id.parallelPerSecond,
      parallelConcurrency: hashes.argon2id.concurrency,
    },
    betterAuthScrypt: {
      ...SCRYPT_PARAMETERS,
      verifyMedianMs: hashes.scrypt.medianMs,
      samples: hashes.scrypt.samples,
      ceilingPerSecond: cores / (hashes.scrypt.medianMs / 1000),
    },
  };
}

async function benchmark(baseUrl: string, names: DatabaseNames): Promise<Report> {
  const started = new Date();
  const notes: string[] = [];
  const busy = await quietMachine();
  if (busy > BUSY_WARNING_PERCENT) {
    notes.push(
      `WARNING: other work used ${busy.toFixed(0)} % of a core before the run started: it shares the cores, so these figures may understate both servers.`,
    );
    progress(notes[notes.length - 1]);
  }
  const postgres = await createDatabases(baseUrl, Object.values(names));
  progress(`timing one argon2id verify and one scrypt verify (${VERIFY_SAMPLES} each)`);
  const beforeHashes = cpuSnapshot();
  const hashes = await measureHashes();
  warnIfShared(notes, 'the hash timing', { serverPercent: 0, ...cpuSince(beforeHashes) });
  const m = machine(postgres, busy);
  const results = await runServers(baseUrl, names, notes);
  warnAboutSharedPhases(notes, results);
  const report: Report = {
    date: started.toISOString(),
    ...sourceVersion(),
    machine: m,
    hash: hashReport(hashes, m.cores),
    settings: {
      seconds: SECONDS,
      connections: CONNECTIONS,
      lightRatePerSecond: LIGHT_RATE,
      users: USERS,
      apiTokens: API_TOKENS,
      betterAuth: packageVersion('better-auth'),
      betterAuthApiKey: packageVersion('@better-auth/api-key'),
    },
    analogs: ANALOGS,
    results,
    targets: [],
    notes,
  };
  return { ...report, targets: targets(report) };
}

async function main(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const names: DatabaseNames = {
    nestegg: `nestegg_bench_${process.pid}`,
    argon2id: `betterauth_bench_${process.pid}`,
    scrypt: `betterauth_scrypt_bench_${process.pid}`,
  };
  const databases = Object.values(names);
  // `on`, not `once`: tsx relays the signal a second time, which must not kill the clean-up.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    progress('interrupted: stopping the servers and dropping the databases');
    void cleanUp(baseUrl, databases).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
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
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
