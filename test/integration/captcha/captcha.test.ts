import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb } from '../../../server/db/knex';
import { findCaptchaPolicy, insertCaptchaPolicy, updateCaptchaPolicy } from '../../../server/repositories/captcha';
import { createCaptchaService } from '../../../server/services/captcha';
import { asVendor, createTenant, createUser, PASSWORD, uniqueEmail } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/server';
import { capturingLogger } from '../../support/logs';
import { closedPort } from '../../support/ports';

/**
 * The environment's CAPTCHA policy and the check login and sign-up make with it. The servers of this
 * file have embedded databases of their own (the policy is environment-wide). A local verifier plays
 * the provider: its answer depends on the token it is sent, and it can be slow; a second server
 * points at a port where nothing listens.
 */
const POLICY = '/identity/resources/configurations/v1/captcha-policy';
const PUBLIC = '/identity/resources/configurations/v1/captcha-policy/public';
const LOGIN = '/identity/resources/auth/v1/user';
const SIGN_UP = '/identity/resources/users/v1/signUp';
const SIGN_UP_USERNAME = '/identity/resources/users/v1/signUp/username';
const ACTIVATE = '/identity/resources/users/v1/activate';

const SECRET = 'captcha-secret-4f1d9c';
const OWN_DB = { databaseUrl: undefined };
const TIMEOUT_MS = 300;

interface Verifier {
  url: string;
  /** What each request carried: its content type and form fields. */
  received: { contentType: string | undefined; fields: Record<string, string> }[];
  close(): Promise<void>;
}

/**
 * A siteverify stand-in. By token: `human` passes with score 0.9, `v2` passes without a score, `bot`
 * scores 0.1, `rejected` fails, `broken` answers 500, `junk` answers non-JSON, `slow` never answers
 * (until closed).
 */
async function startVerifier(): Promise<Verifier> {
  const received: Verifier['received'] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const fields = Object.fromEntries(new URLSearchParams(body));
      received.push({ contentType: req.headers['content-type'], fields });
      const json = (status: number, answer: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      switch (fields.response) {
        case 'human':
          return json(200, { success: true, score: 0.9, action: 'login', hostname: 'localhost' });
        case 'v2':
          return json(200, { success: true, hostname: 'localhost' });
        case 'bot':
          return json(200, { success: true, score: 0.1 });
        case 'rejected':
          return json(200, { success: false, 'error-codes': ['invalid-input-response'] });
        case 'broken':
          return json(500, { error: 'down' });
        case 'junk':
          return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
        case 'slow':
          return void held.push(res);
        default:
          return json(200, { success: false, 'error-codes': ['invalid-input-response'] });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/recaptcha/api/siteverify`,
    received,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A verify URL where nothing listens. */
async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await closedPort()}/siteverify`;
}

let verifier: Verifier;
let server: TestServer;
let downServer: TestServer;

beforeAll(async () => {
  verifier = await startVerifier();
  [server, downServer] = await Promise.all([
    // With NESTEGG_SECRETS_KEY: the secret key is kept sealed, and the verifier still gets it as given.
    startTestServer({ ...OWN_DB, captcha: { verifyUrl: verifier.url, timeoutMs: TIMEOUT_MS }, secretsKey: randomBytes(32) }),
    startTestServer({ ...OWN_DB, captcha: { verifyUrl: await closedPortUrl(), timeoutMs: TIMEOUT_MS } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), downServer?.close()]);
  await verifier?.close();
});

const policy = (overrides: Record<string, unknown> = {}) => ({
  enabled: true,
  siteKey: 'site-key-1',
  secretKey: SECRET,
  minScore: 0.5,
  ...overrides,
});

async function loginWith(target: TestServer, email: string, recaptchaToken?: string, password = PASSWORD) {
  return target.client.POST(LOGIN, { body: { email, password, ...(recaptchaToken === undefined ? {} : { recaptchaToken }) } });
}

async function signUpWith(target: TestServer, recaptchaToken?: string, email = uniqueEmail()) {
  return target.client.POST(SIGN_UP, {
    body: { provider: 'local', email, password: 'a fine long password', companyName: 'Co', ...(recaptchaToken === undefined ? {} : { recaptchaToken }) },
  });
}

/** Sets the policy of the server's environment (creating it the first time). */
async function setPolicy(target: TestServer, body: Record<string, unknown>) {
  const { client: vendor } = await asVendor(target);
  const put = await vendor.PUT(POLICY, { body: body as never });
  if (put.response.status === 404) {
    const created = await vendor.POST(POLICY, { body: { ...policy(), ...body } as never });
    expect(created.response.status).toBe(201);
    return;
  }
  expect(put.response.status).toBe(200);
}

describe('captcha policy operations', () => {
  it('create, read, replace; 404 before it exists (the public read: off), 409 on a second create; the secret is never answered', async () => {
    const { client: vendor } = await asVendor(server);
    const texts: string[] = [];
    const keep = async <T extends { data?: unknown; error?: unknown }>(result: Promise<T>): Promise<T> => {
      const done = await result;
      texts.push(JSON.stringify(done.data ?? done.error));
      return done;
    };

    const missing = await keep(vendor.GET(POLICY));
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errorCode).toBe('ER-06502');
    // The login box's read answers an off policy while none is stored.
    const off = await keep(server.client.GET(PUBLIC));
    expect(off.response.status).toBe(200);
    expect(off.data).toEqual({
      id: '00000000-0000-0000-0000-000000000000',
      siteKey: '',
      enabled: false,
      createdAt: '1970-01-01T00:00:00.000Z',
      updatedAt: '1970-01-01T00:00:00.000Z',
    });
    expect((await fetch(`${server.url}/frontegg${PUBLIC}`)).status).toBe(200);
    expect((await fetch(`${server.url}${PUBLIC}?siteKey=x`)).status).toBe(200); // an unknown query parameter is ignored, as Frontegg does
    expect((await keep(vendor.PUT(POLICY, { body: { enabled: true, siteKey: 's', minScore: 0.5 } }))).response.status).toBe(404);

    // Off at first: nothing is asked of logins yet.
    const created = await keep(vendor.POST(POLICY, { body: policy({ enabled: false, ignoredEmails: ['Robot@Example.com'] }) }));
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({
      id: expect.any(String),
      siteKey: 'site-key-1',
      enabled: false,
      minScore: 0.5,
      ignoredEmails: ['robot@example.com'],
      allowLoginOnProviderOutage: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const again = await keep(vendor.POST(POLICY, { body: policy() }));
    expect(again.response.status).toBe(409);
    expect(again.error?.errorCode).toBe('ER-06501');

    const read = await keep(vendor.GET(POLICY));
    expect(read.data).toEqual(created.data);
    const publicRead = await keep(server.client.GET(PUBLIC));
    expect(publicRead.response.status).toBe(200);
    expect(publicRead.data).toEqual({
      id: created.data?.id,
      siteKey: 'site-key-1',
      enabled: false,
      createdAt: created.data?.createdAt,
      updatedAt: created.data?.updatedAt,
    });
    // Also under the prefix the browser SDKs use.
    expect((await fetch(`${server.url}/frontegg${PUBLIC}`)).status).toBe(200);

    const replaced = await keep(vendor.PUT(POLICY, { body: { enabled: false, siteKey: 'site-key-2', minScore: 0.7, allowLoginOnProviderOutage: true } }));
    expect(replaced.response.status).toBe(200);
    expect(replaced.data).toMatchObject({ id: created.data?.id, siteKey: 'site-key-2', minScore: 0.7, ignoredEmails: [], allowLoginOnProviderOutage: true });
    expect((await keep(server.client.GET(PUBLIC))).data).toMatchObject({ siteKey: 'site-key-2', enabled: false });

    for (const text of texts) expect(text).not.toContain(SECRET);
    for (const text of texts) expect(text).not.toContain('secretKey');
  });

  it('names bad input in a 400 and wants the environment token', async () => {
    const { client: vendor } = await asVendor(server);
    const tooHigh = await vendor.POST(POLICY, { body: policy({ minScore: 1.5 }) as never });
    expect(tooHigh.response.status).toBe(400);
    expect(tooHigh.error?.errors.join(' ')).toMatch(/minScore/);
    const noSecret = await vendor.POST(POLICY, { body: { enabled: true, siteKey: 's', minScore: 0.5 } as never });
    expect(noSecret.response.status).toBe(400);
    expect(noSecret.error?.errors.join(' ')).toMatch(/secretKey/);
    const emptySecret = await vendor.PUT(POLICY, { body: { enabled: true, siteKey: 's', secretKey: '', minScore: 0.5 } });
    expect(emptySecret.response.status).toBe(400);
    expect((await server.client.GET(POLICY)).response.status).toBe(401);
    expect((await server.client.PUT(POLICY, { body: { enabled: false, siteKey: 's', minScore: 0 } })).response.status).toBe(401);
  });
});

describe('while the policy is on', () => {
  let email: string;
  beforeAll(async () => {
    const { client: vendor } = await asVendor(server);
    email = (await createUser(vendor, (await createTenant(vendor)).tenantId)).email;
    await setPolicy(server, policy({ secretKey: SECRET, ignoredEmails: ['Robot@Example.com'], allowLoginOnProviderOutage: false }));
  });

  it('login takes a passing token and refuses a missing, rejected or low-score one, before the password is looked at', async () => {
    expect((await loginWith(server, email, 'human')).response.status).toBe(200);
    expect((await loginWith(server, email, 'v2')).response.status).toBe(200); // no score: success alone passes

    const missing = await loginWith(server, email);
    expect(missing.response.status).toBe(400);
    expect(missing.error).toEqual({ errors: ['recaptchaToken is required: the captcha policy is on'], errorCode: 'ER-06503' });
    const rejected = await loginWith(server, email, 'rejected');
    expect(rejected.response.status).toBe(400);
    expect(rejected.error?.errorCode).toBe('ER-06504');
    expect(rejected.error?.errors[0]).toMatch(/reCAPTCHA/);
    const bot = await loginWith(server, email, 'bot');
    expect(bot.response.status).toBe(400);
    expect(bot.error?.errorCode).toBe('ER-06505');

    // The captcha comes first: a wrong password or an unknown email without a token hears about the token.
    expect((await loginWith(server, email, undefined, 'wrong password')).error?.errorCode).toBe('ER-06503');
    expect((await loginWith(server, uniqueEmail(), 'rejected')).error?.errorCode).toBe('ER-06504');
    // With a passing token, a wrong password is the usual 401.
    expect((await loginWith(server, email, 'human', 'wrong password')).response.status).toBe(401);
  });

  it('sign-up takes a passing token and refuses a missing, rejected or low-score one', async () => {
    expect((await signUpWith(server, 'human')).response.status).toBe(201);
    expect((await signUpWith(server)).error?.errorCode).toBe('ER-06503');
    expect((await signUpWith(server, 'rejected')).error?.errorCode).toBe('ER-06504');
    expect((await signUpWith(server, 'bot')).error?.errorCode).toBe('ER-06505');
    const byUsername = await server.client.POST(SIGN_UP_USERNAME, {
      body: { provider: 'local', email: uniqueEmail(), username: `u${Date.now()}`, password: 'a fine long password', companyName: 'Co' },
    });
    expect(byUsername.response.status).toBe(400);
    expect(byUsername.error?.errorCode).toBe('ER-06503');
  });

  it('the ignored emails need no token, whatever their case', async () => {
    expect((await signUpWith(server, undefined, 'ROBOT@example.com')).response.status).toBe(201);
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    // The sign-up made robot@example.com (not activated); a member made by the vendor logs in.
    const member = await createUser(vendor, tenant.tenantId, { email: `robot+${Date.now()}@example.com` });
    expect((await loginWith(server, member.email)).error?.errorCode).toBe('ER-06503');
    await setPolicy(server, policy({ secretKey: undefined, ignoredEmails: ['Robot@Example.com', member.email.toUpperCase()] }));
    expect((await loginWith(server, member.email)).response.status).toBe(200);
  });

  it('the verifier gets the token, the secret and the client address, and nothing else', async () => {
    verifier.received.length = 0;
    await loginWith(server, email, 'human');
    await signUpWith(server, 'human');
    expect(verifier.received).toHaveLength(2);
    for (const request of verifier.received) {
      expect(request.contentType).toBe('application/x-www-form-urlencoded');
      expect(Object.keys(request.fields).sort()).toEqual(['remoteip', 'response', 'secret']);
      expect(request.fields).toMatchObject({ secret: SECRET, response: 'human' });
      expect(request.fields.remoteip).toMatch(/127\.0\.0\.1$/);
      expect(JSON.stringify(request.fields)).not.toContain(PASSWORD);
    }
    const stored = await server.db('captcha_policies').first('secret_key');
    expect(stored.secret_key).toMatch(/^sealed:v1:/);
    expect(stored.secret_key).not.toContain(SECRET);
    // A PUT without secretKey kept it; one with a new one replaces it.
    await setPolicy(server, policy({ secretKey: 'the-next-secret' }));
    verifier.received.length = 0;
    await loginWith(server, email, 'human');
    expect(verifier.received[0]?.fields.secret).toBe('the-next-secret');
    await setPolicy(server, policy({ secretKey: SECRET }));
  });

  it('activation, which logs the user in, is checked as a login, before the link is used up', async () => {
    const signUpEmail = uniqueEmail();
    expect((await signUpWith(server, 'human', signUpEmail)).response.status).toBe(201);
    const user = await server.db('users').where({ email_normalized: signUpEmail.toLowerCase() }).first('id');
    const token = await server.services.linkTokens.issue('activation', user.id);
    const body = { userId: user.id as string, token };
    expect((await server.client.POST(ACTIVATE, { body })).error?.errorCode).toBe('ER-06503');
    expect((await server.client.POST(ACTIVATE, { body: { ...body, recaptchaToken: 'rejected' } })).error?.errorCode).toBe('ER-06504');
    const activated = await server.client.POST(ACTIVATE, { body: { ...body, recaptchaToken: 'human' } });
    expect(activated.response.status).toBe(200);
    expect(activated.data).toHaveProperty('accessToken');
  });

  it('a provider that answers late, 500 or nonsense: sign-up is refused with a 503; login as the policy says', async () => {
    await setPolicy(server, policy({ allowLoginOnProviderOutage: false }));
    for (const token of ['slow', 'broken', 'junk']) {
      const signUp = await signUpWith(server, token);
      expect(signUp.response.status).toBe(503);
      expect(signUp.error?.errorCode).toBe('ER-06506');
      const login = await loginWith(server, email, token);
      expect(login.response.status).toBe(503);
      expect(login.error?.errors[0]).toMatch(/captcha provider is unavailable/);
    }
    await setPolicy(server, policy({ allowLoginOnProviderOutage: true }));
    for (const token of ['slow', 'broken', 'junk']) {
      expect((await loginWith(server, email, token)).response.status).toBe(200);
      expect((await loginWith(server, email, token, 'wrong password')).response.status).toBe(401); // the password still counts
      expect((await signUpWith(server, token)).response.status).toBe(503);
    }
    // An outage never excuses a missing token.
    expect((await loginWith(server, email)).error?.errorCode).toBe('ER-06503');
  });

  it('once turned off, nothing is asked', async () => {
    await setPolicy(server, policy({ enabled: false }));
    expect((await loginWith(server, email)).response.status).toBe(200);
    expect((await signUpWith(server)).response.status).toBe(201);
  });
});

describe('a provider nobody answers at (a closed port)', () => {
  let email: string;
  beforeAll(async () => {
    const { client: vendor } = await asVendor(downServer);
    email = (await createUser(vendor, (await createTenant(vendor)).tenantId)).email;
  });

  it('sign-up is refused; login is refused or let through as the policy says', async () => {
    await setPolicy(downServer, policy({ allowLoginOnProviderOutage: false }));
    const signUp = await signUpWith(downServer, 'human');
    expect(signUp.response.status).toBe(503);
    expect(signUp.error?.errorCode).toBe('ER-06506');
    expect((await loginWith(downServer, email, 'human')).response.status).toBe(503);

    await setPolicy(downServer, policy({ allowLoginOnProviderOutage: true }));
    expect((await loginWith(downServer, email, 'human')).response.status).toBe(200);
    expect((await signUpWith(downServer, 'human')).response.status).toBe(503);
  });

  it('outages and refusals are logged without the secret or the token', async () => {
    const { logger, lines } = capturingLogger('debug');
    const down = createCaptchaService({ db: downServer.db, logger, verifyUrl: await closedPortUrl(), timeoutMs: TIMEOUT_MS });
    const up = createCaptchaService({ db: downServer.db, logger, verifyUrl: verifier.url, timeoutMs: TIMEOUT_MS });
    await setPolicy(downServer, policy({ allowLoginOnProviderOutage: true }));
    await down.check('login', { email, recaptchaToken: 'token-abc-123', ipAddress: '127.0.0.1' });
    await expect(down.check('signUp', { email, recaptchaToken: 'token-abc-123' })).rejects.toMatchObject({ code: 'ER-06506' });
    await expect(up.check('signUp', { email, recaptchaToken: 'rejected' })).rejects.toMatchObject({ code: 'ER-06504' });
    await expect(up.check('login', { email, recaptchaToken: 'bot' })).rejects.toMatchObject({ code: 'ER-06505' });
    await expect(up.check('signUp', { email, recaptchaToken: 'slow' })).rejects.toMatchObject({ code: 'ER-06506' });
    await expect(up.check('signUp', { email, recaptchaToken: 'broken' })).rejects.toMatchObject({ code: 'ER-06506' });
    const logged = lines.join('');
    expect(logged).toMatch(/captcha provider unavailable/);
    expect(logged).toMatch(/ECONNREFUSED/);
    expect(logged).toMatch(/score too low/);
    expect(logged).toMatch(new RegExp(`no answer within ${TIMEOUT_MS} ms`));
    expect(logged).toMatch(/the provider answered 500/);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('token-abc-123');
  });
});

/**
 * The servers above run on embedded databases of their own; on a PostgreSQL run the repository is
 * checked on that server too, inside a transaction that is rolled back, so no other test file ever
 * sees a policy.
 */
(process.env.DATABASE_URL ? describe : describe.skip)('the captcha repository on the PostgreSQL of DATABASE_URL', () => {
  it('stores one policy, keeps the secret when an update leaves it out, and rolls back unseen', async () => {
    const db = await createDb({ databaseUrl: process.env.DATABASE_URL, poolMax: 2 });
    try {
      await db
        .transaction(async (trx) => {
          const fields = { enabled: true, site_key: 'k', min_score: 0.3, ignored_emails: ['a@example.com'], allow_login_on_provider_outage: true };
          const created = await insertCaptchaPolicy(trx, '00000000-0000-4000-8000-000000000001', { ...fields, secret_key: SECRET });
          expect(created).toMatchObject({ ...fields, secret_key: SECRET });
          expect(await insertCaptchaPolicy(trx, '00000000-0000-4000-8000-000000000002', { ...fields, secret_key: 'other' })).toBeUndefined();
          const updated = await updateCaptchaPolicy(trx, { ...fields, min_score: 0.8, ignored_emails: [] });
          expect(updated).toMatchObject({ min_score: 0.8, ignored_emails: [], secret_key: SECRET });
          expect(await findCaptchaPolicy(trx)).toMatchObject({ id: created?.id, min_score: 0.8 });
          throw new Error('roll back');
        })
        .catch((error: Error) => expect(error.message).toBe('roll back'));
      expect(await findCaptchaPolicy(db)).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });
});
