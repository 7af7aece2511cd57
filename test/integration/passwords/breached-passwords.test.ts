import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../../../server/lib/crypto';
import { startBreachedRange, sha1Hex, type BreachedRange } from '../../support/breached-range';
import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { asUser } from '../../support/roles';
import { useTestServer, type TestServer } from '../../support/server';
import { capturingLogger } from '../../support/logs';

/**
 * The breached-password check through the range API, with a local stand-in for the API. Policies
 * here are accounts' own, on the shared database; the sign-up tests, which turn on the environment's
 * policy, have a server with its own embedded database.
 */
const CONFIG = '/identity/resources/configurations/v1/password';
const HISTORY = '/identity/resources/configurations/v1/password-history-policy';
const LOGIN = '/identity/resources/auth/v1/user';
const CHANGE = '/identity/resources/users/v1/passwords/change';
const VERIFY = '/identity/resources/users/v1/passwords/reset/verify';
const GENERATE_RESET = '/identity/resources/users/v1/{userId}/links/generate-password-reset-token';
const GENERATE_ACTIVATION = '/identity/resources/users/v1/{userId}/links/generate-activation-token';
const ACTIVATE = '/identity/resources/users/v1/activate';
const ACTIVATE_CODE = '/identity/resources/users/v1/activate/code';
const SIGN_UP = '/identity/resources/users/v1/signUp';

/** Strong enough for the strength rule, absent from the offline list. */
const IN_RANGE = 'violet tractor umbrella 42'; // listed by the range API
const PADDED = 'quiet lantern mosaic 77'; // only as a padding line (count 0): not breached
const CLEAN = 'amber falcon window 19'; // not listed at all
const CLEAN_TOO = 'copper meadow signal 58';
/** In the offline list (and too weak for the rules): only ever a login password here. */
const LISTED = 'qwertyuiop';

const TIMEOUT_MS = 300;
let range: BreachedRange;
const captured = capturingLogger();
const logLines = captured.lines;
/** Shared by both servers; the URL is the stand-in's, once it listens. */
const breachedPasswords = { url: 'http://unset.invalid', timeoutMs: TIMEOUT_MS };
beforeAll(async () => {
  range = await startBreachedRange();
  range.addBreached(IN_RANGE);
  range.addPadded(PADDED);
  breachedPasswords.url = range.url;
});
afterAll(() => range?.close());
const server: TestServer = useTestServer({
  breachedPasswords,
  logger: captured.logger,
});

afterEach(() => range.setMode('ok'));

const inTenant = (tenantId: string) => ({ header: { 'frontegg-tenant-id': tenantId } });

/** An account with a user (password `password`) and, with `block`, a password policy that blocks breached passwords. */
async function account(options: { block: boolean; password?: string }) {
  const { client: vendor } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const user = await createUser(vendor, tenant.tenantId, options.password ? { password: options.password } : {});
  if (options.block) {
    const set = await vendor.POST(CONFIG, { params: inTenant(tenant.tenantId), body: { blockPwnedPasswords: true } });
    expect(set.data).toMatchObject({ blockPwnedPasswords: true });
  }
  return { vendor, tenant, user };
}

/** The range queries made while `work` ran. */
async function queriesDuring(work: () => Promise<unknown>): Promise<string[]> {
  const before = range.requests.length;
  await work();
  return range.requests.slice(before).map((request) => request.path);
}

const rangeOf = (password: string) => `/range/${sha1Hex(password).slice(0, 5)}`;

async function resetPassword(vendor: Awaited<ReturnType<typeof account>>['vendor'], userId: string, password: string) {
  const link = await vendor.POST(GENERATE_RESET, { params: { path: { userId } } });
  return server.client.POST(VERIFY, { body: { userId, token: link.data!.token, password } });
}

/** A user the environment created who has not activated yet, without a password unless `withPassword`. */
async function pendingUser(options: { block: boolean; withPassword?: boolean }) {
  const made = await account({ block: options.block });
  await server
    .db('users')
    .where({ id: made.user.id })
    .update({ verified: false, ...(options.withPassword ? {} : { password_hash: null }) });
  const link = await made.vendor.POST(GENERATE_ACTIVATION, { params: { path: { userId: made.user.id } } });
  return { ...made, token: link.data!.token };
}

describe('new passwords with blockPwnedPasswords on', () => {
  it('change password refuses a password the range API lists, takes a padded-only or unlisted one; only 5 hex characters are sent', async () => {
    const { user } = await account({ block: true });
    const session = await login(server, user.email);
    const me = asUser(server, session.accessToken);
    const before = range.requests.length;
    const refused = await me.POST(CHANGE, { body: { password: user.password, newPassword: IN_RANGE } });
    const sent = range.requests.slice(before).map((request) => request.path);
    expect(refused.response.status).toBe(400);
    expect(refused.error).toEqual({ errorCode: 'ER-06601', errors: ['newPassword has appeared in a data breach and cannot be used; choose another password'] });
    expect(sent).toEqual([rangeOf(IN_RANGE)]);
    const request = range.requests.at(-1)!;
    expect(request.path).toMatch(/^\/range\/[0-9A-F]{5}$/);
    expect(request.headers['add-padding']).toBe('true');
    // Nothing else that could identify the password or the user goes along.
    const suffix = sha1Hex(IN_RANGE).slice(5);
    expect(JSON.stringify(request.headers)).not.toContain(suffix);
    expect(JSON.stringify(request.headers).toLowerCase()).not.toContain(user.email.toLowerCase());
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers.cookie).toBeUndefined();

    expect((await me.POST(CHANGE, { body: { password: user.password, newPassword: PADDED } })).response.status).toBe(201);
    expect((await me.POST(CHANGE, { body: { password: PADDED, newPassword: CLEAN } })).response.status).toBe(201);
    expect((await server.db('users').where({ id: user.id }).first('password_breached_at')).password_breached_at).toBeNull();
  });

  it('reset refuses a listed password (the link still works after), then takes a clean one', async () => {
    const { vendor, user } = await account({ block: true });
    const link = await vendor.POST(GENERATE_RESET, { params: { path: { userId: user.id } } });
    const refused = await server.client.POST(VERIFY, { body: { userId: user.id, token: link.data!.token, password: IN_RANGE } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-06601');
    const taken = await server.client.POST(VERIFY, { body: { userId: user.id, token: link.data!.token, password: CLEAN } });
    expect(taken.response.status).toBeLessThan(300);
    await expect(login(server, user.email, CLEAN)).resolves.toMatchObject({ userId: user.id });
  });

  it('with the policy off, new passwords are not sent anywhere and a listed one is taken', async () => {
    const { user } = await account({ block: false });
    const session = await login(server, user.email);
    const sent = await queriesDuring(async () => {
      const changed = await asUser(server, session.accessToken).POST(CHANGE, { body: { password: user.password, newPassword: IN_RANGE } });
      expect(changed.response.status).toBe(201);
    });
    expect(sent).toEqual([]);
  });
});

describe('activation sets a password under the password rules', () => {
  it('refuses a short, a weak and (policy on) a breached password on both activation routes; the link still works after', async () => {
    const { user, token } = await pendingUser({ block: true });
    const short = await server.client.POST(ACTIVATE, { body: { userId: user.id, token, password: 'short' } });
    expect(short.response.status).toBe(400);
    expect(short.error?.errorCode).toBe('ER-05001');
    expect((await server.client.POST(ACTIVATE, { body: { userId: user.id, token, password: 'password1234' } })).error?.errorCode).toBe('ER-06102');
    expect((await server.client.POST(ACTIVATE, { body: { userId: user.id, token, password: IN_RANGE } })).error?.errorCode).toBe('ER-06601');

    // The code route: a code issued the way the activation email's is (no email sent here).
    const code = '123456';
    const withCode = await server.services.linkTokens.issue('activation', user.id, { payload: { codeHash: sha256Hex(code) } });
    // A wrong code is the invalid-link answer before any rule is looked at.
    const wrongCode = await server.client.POST(ACTIVATE_CODE, { body: { userId: user.id, token: withCode, code: '654321', password: 'short' } });
    expect(wrongCode.error?.errorCode).toBe('ER-02701');
    expect((await server.client.POST(ACTIVATE_CODE, { body: { userId: user.id, token: withCode, code, password: 'password1234' } })).error?.errorCode).toBe(
      'ER-06102',
    );
    expect((await server.client.POST(ACTIVATE_CODE, { body: { userId: user.id, token: withCode, code, password: IN_RANGE } })).error?.errorCode).toBe(
      'ER-06601',
    );
    const activated = await server.client.POST(ACTIVATE_CODE, { body: { userId: user.id, token: withCode, code, password: CLEAN } });
    expect(activated.response.status).toBe(200);
    expect(activated.data).toMatchObject({ userId: user.id, emailVerified: true });
    await expect(login(server, user.email, CLEAN)).resolves.toMatchObject({ userId: user.id });
  });

  it('an invalid link is the invalid-link answer whatever the password', async () => {
    const { user } = await pendingUser({ block: true });
    const bad = await server.client.POST(ACTIVATE, { body: { userId: user.id, token: 'not-the-token', password: 'short' } });
    expect(bad.error?.errorCode).toBe('ER-02701');
  });

  it('refuses the current password when a history policy is on, for a user who has one', async () => {
    const { vendor, tenant, user, token } = await pendingUser({ block: false, withPassword: true });
    expect((await vendor.POST(HISTORY, { params: inTenant(tenant.tenantId), body: { enabled: true, historySize: 2 } })).response.status).toBe(201);
    const reused = await server.client.POST(ACTIVATE, { body: { userId: user.id, token, password: user.password } });
    expect(reused.response.status).toBe(400);
    expect(reused.error?.errorCode).toBe('ER-06104');
    expect((await server.client.POST(ACTIVATE, { body: { userId: user.id, token, password: CLEAN_TOO } })).response.status).toBe(200);
  });
});

describe('login', () => {
  const attempt = (email: string, password: string) => server.client.POST(LOGIN, { body: { email, password } });

  it('with the policy on, isBreachedPassword is what the range API says, and a breached password is marked', async () => {
    const listed = await account({ block: true, password: IN_RANGE });
    const clean = await account({ block: true, password: CLEAN });
    const padded = await account({ block: true, password: PADDED });
    const sent = await queriesDuring(async () => {
      const breached = await attempt(listed.user.email, IN_RANGE);
      expect(breached.response.status).toBe(200);
      expect(breached.data).toMatchObject({ isBreachedPassword: true, userId: listed.user.id });
      expect((await attempt(clean.user.email, CLEAN)).data).toMatchObject({ isBreachedPassword: false });
      expect((await attempt(padded.user.email, PADDED)).data).toMatchObject({ isBreachedPassword: false });
    });
    expect(sent).toEqual([rangeOf(IN_RANGE), rangeOf(CLEAN), rangeOf(PADDED)]);
    expect((await server.db('users').where({ id: listed.user.id }).first('password_breached_at')).password_breached_at).not.toBeNull();
    expect((await server.db('users').where({ id: clean.user.id }).first('password_breached_at')).password_breached_at).toBeNull();
    // A wrong password asks nothing.
    expect(await queriesDuring(async () => expect((await attempt(clean.user.email, IN_RANGE)).response.status).toBe(401))).toEqual([]);
  });

  it('with the policy off, only the offline list counts: no network call', async () => {
    const listed = await account({ block: false, password: IN_RANGE });
    const common = await account({ block: false, password: LISTED });
    const sent = await queriesDuring(async () => {
      expect((await attempt(listed.user.email, IN_RANGE)).data).toMatchObject({ isBreachedPassword: false });
      expect((await attempt(common.user.email, LISTED)).data).toMatchObject({ isBreachedPassword: true });
    });
    expect(sent).toEqual([]);
  });

  it.each(['error', 'hang', 'down'] as const)(
    'when the range API is %s, logins go on, the offline list decides, and it is logged without the password',
    async (mode) => {
      const listed = await account({ block: true, password: IN_RANGE });
      const common = await account({ block: true, password: LISTED });
      await range.setMode(mode);
      const logged = logLines.length;
      const outage = await attempt(listed.user.email, IN_RANGE);
      expect(outage.response.status).toBe(200);
      expect(outage.data).toMatchObject({ isBreachedPassword: false });
      expect((await attempt(common.user.email, LISTED)).data).toMatchObject({ isBreachedPassword: true });
      const warnings = logLines.slice(logged).filter((line) => line.includes('breached-password range API unavailable'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, breachedPasswordsUrl: range.url });
      if (mode === 'hang') expect(warnings[0]).toContain(`no answer within ${TIMEOUT_MS} ms`);
      if (mode === 'error') expect(warnings[0]).toContain('500');
      const hash = sha1Hex(IN_RANGE);
      for (const secret of [IN_RANGE, hash, hash.slice(0, 5), hash.slice(5), hash.toLowerCase()]) expect(logLines.join('\n')).not.toContain(secret);
    },
  );

  it('an outage does not block a new password either: the offline list decides', async () => {
    const { vendor, user } = await account({ block: true });
    await range.setMode('down');
    const reset = await resetPassword(vendor, user.id, IN_RANGE);
    expect(reset.response.status).toBeLessThan(300);
  });
});

describe('sign-up under the environment policy', () => {
  const own: TestServer = useTestServer({
    databaseUrl: undefined,
    breachedPasswords,
  });

  it('refuses a password the range API lists, takes a clean one', async () => {
    const { client: vendor } = await asVendor(own);
    expect((await vendor.POST(CONFIG, { body: { blockPwnedPasswords: true } })).response.status).toBe(201);
    const refused = await own.client.POST(SIGN_UP, {
      body: { provider: 'local', email: uniqueEmail(), password: IN_RANGE, companyName: `Breach ${randomUUID()}` },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-06601');
    expect(refused.error?.errors).toEqual(['password has appeared in a data breach and cannot be used; choose another password']);
    const taken = await own.client.POST(SIGN_UP, {
      body: { provider: 'local', email: uniqueEmail(), password: CLEAN, companyName: `Breach ${randomUUID()}` },
    });
    expect(taken.response.status).toBe(201);
  });
});
