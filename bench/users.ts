/**
 * `npm run bench:users`: user lists, filters and search at scale, on PostgreSQL.
 *
 * Starts nestegg in a child process on a fresh database (it migrates and bootstraps it), seeds 1,000
 * accounts and 100,000 users straight into the tables with a few set-based statements (each user a
 * member of one account, every 10th also of a second one; roles as the routes would give them), then
 * sends each request below SAMPLES times, one at a time, and prints the latency p50 and p99 of each.
 * One at a time: this measures how fast each query answers, not how many the server can take.
 * Figures are printed and written to bench/results/<date>-<commit>-users.md; nothing is enforced.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { READ_ONLY_ROLE_ID } from '../server/db/migrations/20261126000000_authorization';
import { requestJson, startServerProcess, stringField, withDatabase, type ServerProcess } from './lib';
import { machine, sourceVersion } from './report';

const ACCOUNTS = 1_000;
const USERS = 100_000;
const SAMPLES = 200;
const WARM_UP = 20;

interface Query {
  name: string;
  path: (sample: number) => string;
  /** The account the request acts in (`frontegg-tenant-id`), when it acts in one. */
  tenant?: (sample: number) => string;
}

const accountId = (index: number) => `bench-account-${index}`;
const userEmail = (index: number) => `bench-user-${index}@example.com`;

/** The requests timed, each varied by sample so that no two in a row ask for the same rows. */
const QUERIES: Query[] = [
  { name: 'list one account (users v3, page 0)', path: () => '/identity/resources/users/v3?_limit=50', tenant: (sample) => accountId(sample % ACCOUNTS) },
  {
    name: 'list one account, sorted by email DESC',
    path: () => '/identity/resources/users/v3?_limit=50&_sortBy=email&_order=DESC',
    tenant: (sample) => accountId((sample * 7) % ACCOUNTS),
  },
  { name: 'list every account (users v3, page 0)', path: () => '/identity/resources/users/v3?_limit=50' },
  { name: 'list every account, page 500, by name', path: (sample) => `/identity/resources/users/v3?_limit=100&_offset=${500 + sample}&_sortBy=name` },
  { name: 'filter by exact email', path: (sample) => `/identity/resources/users/v3?_email=${encodeURIComponent(userEmail((sample * 499) % USERS))}` },
  { name: 'filter by name prefix', path: (sample) => `/identity/resources/users/v3?_namePrefix=${encodeURIComponent(`Bench ${(sample * 31) % 1000}`)}` },
  {
    name: 'search (query/phrase, contains)',
    path: (sample) => `/identity/resources/users/v1/query/phrase?_phraseSearchContains=${encodeURIComponent(`user-${(sample * 97) % USERS}@`)}`,
  },
  {
    name: 'search in one account',
    path: () => '/identity/resources/users/v1/query/phrase?_phraseSearchContains=bench',
    tenant: (sample) => accountId((sample * 13) % ACCOUNTS),
  },
  // A misspelling of what sets a user apart ("usr-" for "user-", then their number). A misspelling of
  // what every user here shares ("bench-usr-...") matches the trigrams of every row and is a scan.
  {
    name: 'search approximate (a misspelled word)',
    path: (sample) =>
      `/identity/resources/users/v1/query/phrase?_phraseSearchApproximate=true&_phraseSearchContains=${encodeURIComponent(`usr-${10_000 + ((sample * 89) % 90_000)}`)}`,
  },
  {
    name: 'list one account and its sub-accounts',
    path: () => '/identity/resources/users/v3?_limit=50&_includeSubTenants=true',
    tenant: (sample) => accountId((sample * 17) % ACCOUNTS),
  },
];

/** Writes the accounts, users, memberships and their roles in a few set-based statements. */
async function seed(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into tenants (id, tenant_id, name)
       select gen_random_uuid(), 'bench-account-' || n, 'Bench Account ' || n from generate_series(0, $1 - 1) n`,
      [ACCOUNTS],
    );
    await client.query(
      `insert into users (id, email, email_normalized, name, verified, metadata, created_at)
       select gen_random_uuid(), 'bench-user-' || n || '@example.com', 'bench-user-' || n || '@example.com',
              'Bench ' || (n % 1000) || ' User ' || n, true, jsonb_build_object('n', n), now() - n * interval '1 second'
       from generate_series(0, $1 - 1) n`,
      [USERS],
    );
    await client.query(
      `insert into user_tenants (user_id, tenant_id)
       select u.id, 'bench-account-' || (substring(u.email from 'bench-user-([0-9]+)@')::int % $1) from users u where u.email like 'bench-user-%'
       union all
       select u.id, 'bench-account-' || ((substring(u.email from 'bench-user-([0-9]+)@')::int + 1) % $1) from users u
       where u.email like 'bench-user-%' and substring(u.email from 'bench-user-([0-9]+)@')::int % 10 = 0`,
      [ACCOUNTS],
    );
    await client.query(
      `insert into user_tenant_roles (user_id, tenant_id, role_id) select user_id, tenant_id, $1 from user_tenants where tenant_id like 'bench-account-%'`,
      [READ_ONLY_ROLE_ID],
    );
    await client.query('commit');
    // As autovacuum leaves a table in steady use: statistics, and a visibility map for index-only scans.
    await client.query('vacuum analyze');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

async function time(server: ServerProcess, token: string, query: Query): Promise<{ p50: number; p99: number; status: number }> {
  const send = async (sample: number) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (query.tenant) headers['frontegg-tenant-id'] = query.tenant(sample);
    const started = performance.now();
    const response = await fetch(`${server.url}${query.path(sample)}`, { headers });
    await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status };
  };
  for (let sample = 0; sample < WARM_UP; sample += 1) await send(sample);
  const times: number[] = [];
  let status = 200;
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    const result = await send(sample);
    if (result.status !== 200) status = result.status;
    times.push(result.ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), status };
}

async function main(): Promise<void> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `nestegg_bench_users_${process.pid}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${database}`);
  let server: ServerProcess | undefined;
  try {
    const databaseUrl = withDatabase(base, database);
    const credentials = { clientId: randomUUID(), apiKey: randomUUID() };
    server = await startServerProcess('nestegg', 'nestegg-server.ts', {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NESTEGG_CLIENT_ID: credentials.clientId,
      NESTEGG_API_KEY: credentials.apiKey,
    });
    const seeding = performance.now();
    await seed(databaseUrl);
    process.stdout.write(`seeded ${ACCOUNTS} accounts and ${USERS} users in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);
    const vendor = await requestJson(`${server.url}/auth/vendor`, { body: { clientId: credentials.clientId, secret: credentials.apiKey } });
    const token = stringField(vendor.body, 'token', 'vendor token');

    const rows: string[] = [];
    for (const query of QUERIES) {
      const { p50, p99, status } = await time(server, token, query);
      const row = `| ${query.name} | ${p50.toFixed(1)} | ${p99.toFixed(1)} |${status === 200 ? '' : ` answered ${status}`}`;
      rows.push(row);
      process.stdout.write(`${row}\n`);
    }
    const { commit, uncommittedChanges } = sourceVersion();
    const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0].server_version;
    const host = machine(`PostgreSQL ${version}`, 0);
    const text = [
      `# User lists at scale: ${new Date().toISOString().slice(0, 10)}, ${commit}${uncommittedChanges ? ' (with uncommitted changes)' : ''}`,
      '',
      `${ACCOUNTS} accounts, ${USERS} users (every 10th in two accounts), PostgreSQL, one nestegg process; each request ${SAMPLES} times, one at a time, after ${WARM_UP} unmeasured.`,
      `Machine: ${JSON.stringify(host)}`,
      '',
      '| request (environment token) | p50 ms | p99 ms |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    const file = path.join(__dirname, 'results', `${new Date().toISOString().slice(0, 10)}-${commit}-users.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`written: ${file}\n`);
  } finally {
    await server?.stop();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:users: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
