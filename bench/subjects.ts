/**
 * The servers under test: each started in its own process, seeded with users, and described by the
 * loads the phases send it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createNesteggClient } from '../client';
import { READ_ONLY_ROLE_ID } from '../server/db/migrations/20261126000000_authorization';
import { cyclingGets, cyclingPathGets, cyclingPosts, JSON_HEADERS, refreshChains, type Load } from './load';
import { mapLimit, requestJson, startServerProcess, stringField, type ServerProcess } from './lib';
import { API_TOKENS, ARGON2_PARAMETERS, PASSWORD, USERS } from './settings';

/** One server under test, as the phases drive it. */
export interface Subject {
  server: ServerProcess;
  login(): Load;
  /** Refresh for `connections` connections; nestegg needs fresh token chains for every run. */
  refresh(connections: number): Promise<Load>;
  reads(): Load;
  /** Client-credentials exchange (client id and secret for an access token); absent where the server has none. */
  exchange?(): Load;
  /** One `x-api-key` check per request, as a backend asks the server about a key it was sent. */
  apiKeyChecks(): Load;
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

/** What the nestegg loads use: users, account API tokens, personal access tokens and an environment token. */
interface NesteggSeed {
  emails: string[];
  /** Client id and secret of each account API token (role Read Only). */
  apiTokens: { clientId: string; secret: string }[];
  /** The row id of each user's personal access token (the `sub` of its `x-api-key` JWT). */
  accessTokenIds: string[];
  /** The environment token a backend sends to the M2M routes. */
  vendorToken: string;
}

const BENCH_TENANT = 'bench';

/** An environment token, an account, USERS users with passwords and a personal access token each, and API_TOKENS account API tokens. */
async function seedNestegg(url: string, credentials: { clientId: string; apiKey: string }): Promise<NesteggSeed> {
  const vendor = await createNesteggClient({ baseUrl: url }).POST('/auth/vendor', {
    body: { clientId: credentials.clientId, secret: credentials.apiKey },
  });
  if (vendor.response.status !== 200 || !vendor.data) throw new Error(`nestegg vendor auth failed: ${vendor.response.status}`);
  const vendorToken = vendor.data.token;
  const asVendor = createNesteggClient({ baseUrl: url, accessToken: vendorToken });
  const tenant = await asVendor.POST('/tenants/resources/tenants/v1', { body: { tenantId: BENCH_TENANT, name: 'Bench' } });
  if (tenant.response.status !== 201) throw new Error(`nestegg create tenant failed: ${tenant.response.status}`);
  const users = await mapLimit(USERS, 4, async (index) => {
    const user = await asVendor.POST('/identity/resources/vendor-only/users/v1', {
      body: { tenantId: BENCH_TENANT, email: email('nestegg', index), password: PASSWORD, name: `Bench User ${index}` },
    });
    if (user.response.status !== 201 || !user.data) throw new Error(`nestegg create user failed: ${user.response.status}`);
    return { email: email('nestegg', index), id: user.data.id };
  });
  const inAccount = createNesteggClient({ baseUrl: url, accessToken: vendorToken, headers: { 'frontegg-tenant-id': BENCH_TENANT } });
  const apiTokens = await mapLimit(API_TOKENS, 4, async (index) => {
    const created = await inAccount.POST('/identity/resources/tenants/api-tokens/v2', {
      body: { description: `bench service ${index}`, roleIds: [READ_ONLY_ROLE_ID] },
    });
    if (created.response.status !== 201 || !created.data) throw new Error(`nestegg create API token failed: ${created.response.status}`);
    return { clientId: created.data.clientId, secret: created.data.secret };
  });
  const accessTokenIds = await mapLimit(USERS, 4, async (index) => {
    const created = await inAccount.POST('/identity/resources/users/access-tokens/v1', {
      body: { description: 'bench' },
      headers: { 'frontegg-user-id': users[index].id },
    });
    if (created.response.status !== 201 || !created.data) throw new Error(`nestegg create access token failed: ${created.response.status}`);
    return created.data.id;
  });
  return { emails: users.map((user) => user.email), apiTokens, accessTokenIds, vendorToken };
}

type Session = { accessToken: string; refreshToken: string };

/** The loads of one nestegg process; `server` may be any process on the shared database. */
function nesteggLoads(server: ServerProcess, seed: NesteggSeed, sessions: Session[]): Subject {
  const { emails } = seed;
  const loginBodies = emails.map((userEmail) => JSON.stringify({ email: userEmail, password: PASSWORD }));
  const exchangeBodies = seed.apiTokens.map((token) => JSON.stringify(token));
  return {
    server,
    login: () =>
      cyclingPosts('/identity/resources/auth/v1/user', loginBodies, JSON_HEADERS, (status, body) => status === 200 && body.includes('"accessToken"')),
    async refresh(connections) {
      // Chains are logged in through this process, and the load keeps each chain on it.
      const chains = await mapLimit(connections * 2, 4, (index) => nesteggLogin(server.url, emails[index % emails.length]));
      return refreshChains(
        '/identity/resources/auth/v1/user/token/refresh',
        chains.map((chain) => chain.refreshToken),
      );
    },
    reads: () =>
      cyclingGets(
        '/identity/resources/users/v2/me',
        sessions.map((session) => ({ authorization: `Bearer ${session.accessToken}` })),
        (status, body) => status === 200 && body.includes('"email"'),
      ),
    exchange: () =>
      cyclingPosts('/identity/resources/auth/v2/api-token', exchangeBodies, JSON_HEADERS, (status, body) => status === 200 && body.includes('"access_token"')),
    // What @frontegg/client asks for an x-api-key when roles or permissions are checked (uncached): the token named by the JWT's `sub`.
    apiKeyChecks: () =>
      cyclingPathGets(
        seed.accessTokenIds.map((id) => ({
          path: `/identity/resources/vendor-only/users/access-tokens/v1/${id}`,
          headers: { 'x-access-token': seed.vendorToken },
        })),
        (status, body) => status === 200 && body.includes('"permissions"'),
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
  const seed = await seedNestegg(server.url, credentials);
  const sessions = await mapLimit(USERS, 4, (index) => nesteggLogin(server.url, seed.emails[index]));
  return {
    ...nesteggLoads(server, seed, sessions),
    async anotherProcess(name, onStartAnother) {
      // Started after the first has bootstrapped: it finds the environment and keys in the database.
      const another = await startServerProcess(name, 'nestegg-server.ts', env);
      onStartAnother(another);
      return nesteggLoads(another, seed, sessions);
    },
  };
}

/** The `better-auth.session_token=...` pair of a sign-in's Set-Cookie headers. */
function sessionCookie(setCookies: string[]): string {
  const cookie = setCookies.map((header) => header.split(';')[0]).find((pair) => pair.startsWith('better-auth.session_token='));
  if (!cookie) throw new Error(`Better Auth set no session cookie: ${JSON.stringify(setCookies)}`);
  return cookie;
}

/** USERS signed-up users, each signed in once and with an API key; answers their session cookies and keys. */
async function seedBetterAuth(url: string, prefix: string): Promise<{ emails: string[]; cookies: string[]; apiKeys: string[] }> {
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
  const apiKeys = await mapLimit(USERS, 4, async (index) => {
    const created = await requestJson(`${url}/api/auth/api-key/create`, { body: { name: 'bench' }, headers: { ...origin, cookie: cookies[index] } });
    if (created.status !== 200) throw new Error(`Better Auth create API key failed: ${created.status} ${JSON.stringify(created.body)}`);
    return stringField(created.body, 'key', 'Better Auth create API key');
  });
  return { emails, cookies, apiKeys };
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
  const { emails, cookies, apiKeys } = await seedBetterAuth(server.url, `ba-${hasher}`);
  notes.push(...(await checkSessionAnalogs(server.url, cookies[0])));
  const loginBodies = emails.map((userEmail) => JSON.stringify({ email: userEmail, password: PASSWORD }));
  const withSession = (status: number, body: string) => status === 200 && body.startsWith('{"session"');
  const credentials = cookies.map((cookie) => ({ cookie }));
  return {
    server,
    login: () =>
      cyclingPosts(
        '/api/auth/sign-in/email',
        loginBodies,
        { ...JSON_HEADERS, origin: server.url },
        (status, body) => status === 200 && body.includes('"token"'),
      ),
    refresh: async () => cyclingGets('/refresh/api/auth/get-session', credentials, withSession),
    reads: () => cyclingGets('/api/auth/get-session', credentials, withSession),
    // The API-key plugin's session from an x-api-key header: the key checked (and its use recorded), then its user read.
    apiKeyChecks: () =>
      cyclingGets(
        '/api/auth/get-session',
        apiKeys.map((key) => ({ 'x-api-key': key })),
        (status, body) => status === 200 && body.includes('"session"') && body.includes('"user"'),
      ),
  };
}
