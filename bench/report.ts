/** The report: one table (plus where the CPU went), the targets, and the files in bench/results/. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { otherPercent } from './cpu';
import { LOOP_RESOLUTION_MS, stringField } from './lib';
import type { PairResult, PhaseResult, SuiteResult } from './load';
import {
  API_TOKENS,
  type ARGON2_PARAMETERS,
  CONNECTIONS,
  KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU,
  LIGHT_RATE,
  type SCRYPT_PARAMETERS,
  SECONDS,
  TARGETS,
  USERS,
} from './settings';

export interface Report {
  date: string;
  commit: string;
  /** Whether the server's sources differed from that commit (another change in progress). */
  uncommittedChanges: boolean;
  machine: {
    os: string;
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    libuvThreadpool: number;
    postgres: string;
    /** CPU in use (in % of one core) in the second before the run, and the load average then. */
    busyBeforeRunPercent: number;
    loadAverage1m: number;
  };
  hash: {
    argon2id: typeof ARGON2_PARAMETERS & {
      library: string;
      verifyMedianMs: number;
      samples: number;
      /** The ceiling: cores / one verify's median time. */
      ceilingPerSecond: number;
      /** Verifies per second measured with `parallelConcurrency` at once and nothing else running. */
      parallelPerSecond: number;
      parallelConcurrency: number;
    };
    betterAuthScrypt: typeof SCRYPT_PARAMETERS & { verifyMedianMs: number; samples: number; ceilingPerSecond: number };
  };
  settings: {
    seconds: typeof SECONDS;
    connections: typeof CONNECTIONS;
    lightRatePerSecond: number;
    users: number;
    /** nestegg account API tokens the exchange cycles through. */
    apiTokens: number;
    betterAuth: string;
    betterAuthApiKey: string;
  };
  analogs: Record<string, string>;
  results: {
    nestegg: SuiteResult;
    /** nestegg in two processes on one database (refresh and reads; connections split evenly, rates summed, latencies the max of the runs). */
    nesteggX2?: PairResult;
    betterAuthArgon2id: SuiteResult;
    betterAuthScrypt: SuiteResult;
  };
  targets: { target: string; value: string; met: boolean }[];
  notes: string[];
}

export function packageVersion(name: string): string {
  try {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'node_modules', name, 'package.json'), 'utf8'));
    return stringField(manifest, 'version', name);
  } catch {
    return 'unknown';
  }
}

/** Read-only git: GIT_OPTIONAL_LOCKS=0 keeps `git status` from refreshing the index. */
function git(args: string[]): string | undefined {
  try {
    const output = execFileSync('git', args, {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return output.toString().trim();
  } catch {
    return undefined;
  }
}

/** The commit measured, and whether what runs differs from it. */
export function sourceVersion(): { commit: string; uncommittedChanges: boolean } {
  const commit = git(['rev-parse', '--short', 'HEAD']) ?? 'nogit';
  const changes = git(['status', '--porcelain', '--', 'server', 'client', 'openapi', 'generated', 'package.json', 'package-lock.json']);
  return { commit, uncommittedChanges: changes !== undefined && changes !== '' };
}

export function machine(postgres: string, busyBeforeRunPercent: number): Report['machine'] {
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

export const ANALOGS = {
  login: 'nestegg POST /identity/resources/auth/v1/user ↔ Better Auth POST /api/auth/sign-in/email (both: find user, verify password, insert a session).',
  refresh:
    'nestegg POST /identity/resources/auth/v1/user/token/refresh (body refreshToken; rotates the token in one transaction and signs a new RS256 access token) ↔ Better Auth GET /api/auth/get-session with session.updateAge = 0 and cookie cache off (every call extends the session row and re-sets the cookie).',
  reads:
    'nestegg GET /identity/resources/users/v2/me with Bearer access token (RS256 verify + membership and user reads) ↔ Better Auth GET /api/auth/get-session with its session cookie, default updateAge (1 day), cookie cache off (session + user read from the database, no write).',
  exchange:
    `nestegg POST /identity/resources/auth/v2/api-token with the client id and secret of an account API token (role Read Only), cycling through ${API_TOKENS} tokens: ` +
    'checks the secret (SHA-256), reads the token and its grants, stores a refresh token (at most 100 per token: the oldest goes) and signs an RS256 access token. ' +
    'Better Auth (core and its API-key plugin) has no client-credentials route in this set-up, so there is no ratio; ' +
    `the reference is Keycloak's sizing guide: ${KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU} client-credentials grants/s per vCPU.`,
  apiKeyChecks:
    'nestegg GET /identity/resources/vendor-only/users/access-tokens/v1/{id} with the environment token in x-access-token: what @frontegg/client asks about an x-api-key ' +
    "(after checking the JWT's signature itself) for the token its `sub` names when a route requires roles or permissions; the SDK keeps the answer 10 s, " +
    'so this is the cost of each uncached check (without roles or permissions it asks for the ids of all live tokens instead). One personal access token per user: ' +
    "the token is read live, then its user's roles and permissions as they are now. ↔ Better Auth GET /api/auth/get-session with an x-api-key header " +
    "(@better-auth/api-key, enableSessionForAPIKeys, its rate limit off): hashes the key, reads it, records its use (two updates of the key's row) and reads its user. " +
    'Chosen over POST /api/auth/api-key/verify, which is server-only (not routed over HTTP), so a backend apart from the auth server cannot call it; both run the same key check.',
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
    [suite.login, suite.refreshDuringLogin, suite.readsDuringLogin, suite.refresh, suite.reads, suite.exchange, suite.apiKeyChecks].reduce(
      (sum, phase) => sum + (phase?.failed ?? 0),
      0,
    );
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
    { label: 'Client-credentials exchanges/s (no Better Auth route)', values: [n.exchange?.perSecond, undefined, undefined], format: fmtRate, ratio: false },
    { label: 'Exchange p50 (ms)', values: [n.exchange?.p50, undefined, undefined], format: fmtMs, ratio: false },
    { label: 'Exchange p99 (ms)', values: [n.exchange?.p99, undefined, undefined], format: fmtMs, ratio: false },
    {
      label: 'x-api-key checks/s (access-token grants ↔ get-session with x-api-key)',
      values: [n.apiKeyChecks?.perSecond, a.apiKeyChecks?.perSecond, undefined],
      format: fmtRate,
      ratio: true,
    },
    { label: 'x-api-key check p50 (ms)', values: [n.apiKeyChecks?.p50, a.apiKeyChecks?.p50, undefined], format: fmtMs, ratio: true },
    { label: 'x-api-key check p99 (ms)', values: [n.apiKeyChecks?.p99, a.apiKeyChecks?.p99, undefined], format: fmtMs, ratio: true },
    { label: 'Failed requests, all phases', values: [failed(n), failed(a), failed(s)], format: String, ratio: false },
    ...pairRows(report),
  ];
}

/** nestegg ×N rows: the nestegg column holds the N-process figure, the ratios are against it. */
function pairRows(report: Report): Row[] {
  const pair = report.results.nesteggX2;
  if (!pair) return [];
  const a = report.results.betterAuthArgon2id;
  const x = `nestegg ×${pair.processes} processes:`;
  return [
    { label: `${x} refresh/s (summed)`, values: [pair.refresh.perSecond, a.refresh?.perSecond, undefined], format: fmtRate, ratio: true },
    { label: `${x} refresh p50 (ms, max of runs)`, values: [pair.refresh.p50, a.refresh?.p50, undefined], format: fmtMs, ratio: true },
    { label: `${x} refresh p99 (ms, max of runs)`, values: [pair.refresh.p99, a.refresh?.p99, undefined], format: fmtMs, ratio: true },
    { label: `${x} reads/s (summed)`, values: [pair.reads.perSecond, a.reads?.perSecond, undefined], format: fmtRate, ratio: true },
    { label: `${x} reads p50 (ms, max of runs)`, values: [pair.reads.p50, a.reads?.p50, undefined], format: fmtMs, ratio: true },
    { label: `${x} reads p99 (ms, max of runs)`, values: [pair.reads.p99, a.reads?.p99, undefined], format: fmtMs, ratio: true },
    { label: `${x} failed requests`, values: [pair.refresh.failed + pair.reads.failed, undefined, undefined], format: String, ratio: false },
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
  /** Each subject's measured phases. */
  const phases = (suite: Partial<Pick<SuiteResult, 'login' | 'refresh' | 'reads' | 'exchange' | 'apiKeyChecks'>>): [string, PhaseResult | undefined][] => [
    ['logins + light load', suite.login],
    ['refresh', suite.refresh],
    ['reads', suite.reads],
    ['exchange', suite.exchange],
    ['x-api-key checks', suite.apiKeyChecks],
  ];
  const pair = report.results.nesteggX2;
  const subjects: [string, [string, PhaseResult | undefined][]][] = [
    ['nestegg', phases(report.results.nestegg)],
    ...(pair ? [[`nestegg ×${pair.processes} processes`, phases(pair)] as [string, [string, PhaseResult | undefined][]]] : []),
    ['Better Auth argon2id', phases(report.results.betterAuthArgon2id)],
    ['Better Auth scrypt', phases(report.results.betterAuthScrypt)],
  ];
  const pct = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(0)} %`);
  const rows = subjects.flatMap(([name, measured]) =>
    measured.flatMap(([phase, result]) => {
      const cpu = result?.cpu;
      if (!cpu) return [];
      return [
        [`${name}: ${phase}`, pct(cpu.serverPercent), pct(cpu.postgresPercent), pct(cpu.loadGeneratorPercent), pct(otherPercent(cpu)), pct(cpu.machinePercent)],
      ];
    }),
  );
  const cores = report.machine.cores;
  const header = [
    `CPU, % of one core (${cores} cores = ${cores * 100} %)`,
    'server process(es), summed',
    'PostgreSQL',
    'autocannon',
    'other processes',
    'machine',
  ];
  return markdownTable([header, ...rows]);
}

export function targets(report: Report): Report['targets'] {
  const { nestegg: n, betterAuthArgon2id: a, betterAuthScrypt: s } = report.results;
  const share = n.login.perSecond / report.hash.argon2id.ceilingPerSecond;
  const refresh = n.refresh?.perSecond ?? 0;
  const reads = n.reads?.perSecond ?? 0;
  const delay = n.login.loopDelay?.p99 ?? Number.POSITIVE_INFINITY;
  const light = [n.refreshDuringLogin, n.readsDuringLogin];
  const exchanges = n.exchange?.perSecond ?? 0;
  const keycloak = KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU * report.machine.cores;
  const apiKeyChecks = n.apiKeyChecks?.perSecond ?? 0;
  return [
    {
      target: `logins ≥ ${TARGETS.loginShareOfCeiling * 100} % of the hash ceiling`,
      value: `${(share * 100).toFixed(0)} %`,
      met: share >= TARGETS.loginShareOfCeiling,
    },
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
    {
      target: `client-credentials exchanges ≥ ${TARGETS.exchangesPerSecond}/s`,
      value: `${fmtRate(exchanges)}/s`,
      met: exchanges >= TARGETS.exchangesPerSecond,
    },
    {
      target: `exchanges above Keycloak's sizing figure (${KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU}/s per vCPU × ${report.machine.cores} = ${keycloak}/s)`,
      value: `${fmtRate(exchanges)}/s (${fmtRatio(exchanges, keycloak)})`,
      met: exchanges > keycloak,
    },
    {
      target: 'x-api-key checks above Better Auth',
      value: fmtRatio(apiKeyChecks, a.apiKeyChecks?.perSecond),
      met: apiKeyChecks > (a.apiKeyChecks?.perSecond ?? 0),
    },
    ...pairTargets(report),
  ];
}

/** The refresh and reads targets again, against the nestegg ×N figures; marked as such. */
function pairTargets(report: Report): Report['targets'] {
  const pair = report.results.nesteggX2;
  if (!pair) return [];
  const a = report.results.betterAuthArgon2id;
  const x = `[nestegg ×${pair.processes} processes]`;
  const refresh = pair.refresh.perSecond;
  const reads = pair.reads.perSecond;
  return [
    { target: `${x} refresh ≥ ${TARGETS.refreshPerSecond}/s`, value: `${fmtRate(refresh)}/s`, met: refresh >= TARGETS.refreshPerSecond },
    { target: `${x} authenticated reads ≥ ${TARGETS.readsPerSecond}/s`, value: `${fmtRate(reads)}/s`, met: reads >= TARGETS.readsPerSecond },
    { target: `${x} refresh above Better Auth`, value: fmtRatio(refresh, a.refresh?.perSecond), met: refresh > (a.refresh?.perSecond ?? 0) },
    { target: `${x} reads above Better Auth`, value: fmtRatio(reads, a.reads?.perSecond), met: reads > (a.reads?.perSecond ?? 0) },
  ];
}

/** What ran, where, and with which hash parameters. */
function headerLines(report: Report): string[] {
  const { machine: m, hash } = report;
  const { argon2id, betterAuthScrypt: scryptHash } = hash;
  return [
    `# nestegg vs Better Auth ${report.settings.betterAuth}: ${report.date} (${report.commit}${report.uncommittedChanges ? ' with uncommitted changes' : ''})`,
    '',
    `Machine: ${m.os}; ${m.cpu}, ${m.cores} cores; ${m.memoryGiB} GiB; Node ${m.node}; libuv pool ${m.libuvThreadpool}; ${m.postgres}`,
    `Before the run: ${m.busyBeforeRunPercent} % of one core busy, load average ${m.loadAverage1m}`,
    `Hash: argon2id m=${argon2id.memoryCost} KiB, t=${argon2id.timeCost}, p=${argon2id.parallelism} (@node-rs/argon2 ${argon2id.library}); ` +
      `one verify ${fmtMs(argon2id.verifyMedianMs)} ms (median of ${argon2id.samples}) → ceiling ${m.cores} / ${fmtMs(argon2id.verifyMedianMs)} ms = ${fmtRate(argon2id.ceilingPerSecond)} logins/s ` +
      `(verifies alone, ${argon2id.parallelConcurrency} at a time: ${fmtRate(argon2id.parallelPerSecond)}/s)`,
    `Better Auth default scrypt: N=${scryptHash.N}, r=${scryptHash.r}, p=${scryptHash.p}; one verify ${fmtMs(scryptHash.verifyMedianMs)} ms → ceiling ${fmtRate(scryptHash.ceilingPerSecond)}/s`,
    `Phases: logins ${SECONDS.login} s × ${CONNECTIONS.login} connections; refresh ${SECONDS.refresh} s × ${CONNECTIONS.refresh}; reads ${SECONDS.reads} s × ${CONNECTIONS.reads}; ` +
      `exchange ${SECONDS.exchange} s × ${CONNECTIONS.exchange} (${report.settings.apiTokens} API tokens); x-api-key checks ${SECONDS.apiKeyChecks} s × ${CONNECTIONS.apiKeyChecks} (${USERS} keys); ` +
      `${SECONDS.warmUp} s warm-up each; ${USERS} users per server; load generator on the same machine. Better Auth's API-key plugin: @better-auth/api-key ${report.settings.betterAuthApiKey}.`,
    ...(report.results.nesteggX2
      ? [
          `nestegg ×${report.results.nesteggX2.processes}: refresh and reads again with ${report.results.nesteggX2.processes} nestegg processes on the same database and environment, ` +
            `one autocannon run per process at the same time with ${Math.floor(CONNECTIONS.refresh / report.results.nesteggX2.processes)} (refresh) and ` +
            `${Math.floor(CONNECTIONS.reads / report.results.nesteggX2.processes)} (reads) connections each; rates are summed, p50/p99 are the larger of the runs' (not a percentile of the union); ` +
            'server CPU is the processes summed. Each refresh chain stays on the process it was logged in on.',
        ]
      : []),
  ];
}

export function renderReport(report: Report): string {
  return [
    ...headerLines(report),
    '',
    markdownTable([HEADER, ...tableRows(report).map(renderCells)]),
    '',
    "Ratios are nestegg ÷ Better Auth: above 1 is better for rates, below 1 for latencies and delays. Latencies are autocannon's; " +
      `the event-loop delay is monitorEventLoopDelay inside the server process (${LOOP_RESOLUTION_MS} ms resolution, subtracted).`,
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

export function writeResults(report: Report, text: string): string[] {
  const directory = path.join(__dirname, 'results');
  fs.mkdirSync(directory, { recursive: true });
  const base = path.join(directory, `${report.date.slice(0, 10)}-${report.commit}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, text);
  return [`${base}.json`, `${base}.md`];
}
