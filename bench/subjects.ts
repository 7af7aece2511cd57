/**
 * The servers under test: each started in its own process, seeded with users, and described by the
 * loads the phases send it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createNesteggClient } from '../client';
import { cyclingGets, cyclingPosts, JSON_HEADERS, refreshChains, type Load } from './load';
import { mapLimit, requestJson, startServerProcess, stringField, type ServerProcess } from './lib';
import { ARGON2_PARAMETERS, PASSWORD, USERS } from './settings';

/** One server under test, as the phases drive it. */
export interface Subject {
  server: ServerProcess;
  login(): Load;
  /** Refresh for `connections` connections; nestegg needs fresh token chains for every run. */
  refresh(connections: number): Promise<Load>;
  reads(): Load;
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

type Session = { accessToken: string; refreshToken: string };

/** The loads of one nestegg process; `server` may be any process on the shared database. */
function nesteggLoads(server: ServerProcess, emails: string[], sessions: Session[]): Subject {
  const loginBodies = emails.map((userEmail) => JSON.stringify({ email: userEmail, password: PASSWORD }));
  return {
    server,
    login: () =>
      cyclingPosts('/identity/resources/auth/v1/user', loginBodies, JSON_HEADERS, (status, body) => status === 200 && body.includes('"accessToken"')),
    async refresh(connections) {
      // Chains are logged in through this process, and the load keeps each chain on it.
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

/** nestegg, with a way to start another process of it on the same database and environment. */
export interface NesteggSubject extends Subject {
  /** Another nestegg process (same database, NESTEGG_CLIENT_ID and NESTEGG_API_KEY), driven as a Subject of its own. */
  anotherProcess(name: string, onStart: (server: ServerProcess) => void): Promise<Subject>;
}

/** `onStart` hears of the server as soon as it runs, so that a failure later can still stop it. */
export async function nesteggSubject(databaseUrl: string, onStart: (server: ServerProcess) => void): Promise<NesteggSubject> {
  const credentials = bootstrapCredentials();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NESTEGG_CLIENT_ID: credentials.clientId,
    NESTEGG_API_KEY: credentials.apiKey,
    NESTEGG_ARGON2_MEMORY_KIB: String(ARGON2_PARAMETERS.memoryCost),
    NESTEGG_ARGON2_ITERATIONS: String(ARGON2_PARAMETERS.timeCost),
    NESTEGG_ARGON2_PARALLELISM: String(ARGON2_PARAMETERS.parallelism),
  };
  const server = await startServerProcess('nestegg', 'nestegg-server.ts', env);
  onStart(server);
  const emails = await seedNestegg(server.url, credentials);
  const sessions = await mapLimit(USERS, 4, (index) => nesteggLogin(server.url, emails[index]));
  return {
    ...nesteggLoads(server, emails, sessions),
    async anotherProcess(name, onStartAnother) {
      // Started after the first has bootstrapped: it finds the environment and keys in the database.
      const another = await startServerProcess(name, 'nestegg-server.ts', env);
      onStartAnother(another);
      return nesteggLoads(another, emails, sessions);
    },
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

export async function betterAuthSubject(
  databaseUrl: string,
  hasher: 'argon2id' | 'scrypt',
  onStart: (server: ServerProcess) => void,
  notes: string[],
): Promise<Subject> {
  const server = await startServerProcess(`better-auth ${hasher}`, 'better-auth-server.ts', {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BENCH_HASHER: hasher,
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
  });
  onStart(server);
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
