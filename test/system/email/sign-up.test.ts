import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createNesteggClient } from '../../../client';
import { createApp, vendorWithDefault } from '../../support/applications';
import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { READ_ONLY_ROLE_ID } from '../../support/roles';
import { PRODUCTION_ARGON2, startTestServer, type TestServer } from '../../support/server';
import { linkIn, runMailbox, testMailConfig, type Mailbox } from '../../support/smtp';
import { expectSameTiming, pairedTimings } from '../../support/timing';

const APP_URL = 'https://signup.nestegg.test';
const SIGN_UP = '/identity/resources/users/v1/signUp';
const SIGN_UP_USERNAME = '/identity/resources/users/v1/signUp/username';
const SIGN_UP_PHONE = '/identity/resources/users/v1/signUp/phoneNumber';
const STRATEGIES = '/identity/resources/configurations/v1/sign-up/strategies';
const ACTIVATE = '/identity/resources/users/v1/activate';
const PASSWORD = 'a long enough password';
const HEADERS = { 'frontegg-vendor-host': 'acme.nestegg.test' };

function decode(token: string): { sub: string; tenantId: string; roles: string[]; email_verified: boolean; aud: string; applicationId?: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('sign-up', () => {
  const servers = { smtp: runMailbox() } as { smtp: Mailbox; server: TestServer; own: TestServer };

  beforeAll(async () => {
    // The shared database's server: sign-ups without a practical limit (the timing test sends hundreds).
    // The production hash cost: one test judges whether a sign-up's timing tells an address in use.
    servers.server = await startTestServer({
      appUrl: APP_URL,
      mail: testMailConfig(servers.smtp.url),
      signUpRateLimit: { max: 1_000_000, windowSeconds: 3600 },
      argon2: PRODUCTION_ARGON2,
    });
    // A server on its own embedded database, for changes of environment settings and a small limit
    // that no other test file may see (on PostgreSQL, test files share one environment).
    servers.own = await startTestServer({
      databaseUrl: undefined,
      appUrl: APP_URL,
      mail: testMailConfig(servers.smtp.url),
      signUpRateLimit: { max: 5, windowSeconds: 3600 },
    });
  }, 60_000);
  afterAll(async () => {
    await servers.own?.close();
    await servers.server?.close();
  });

  function signUp(server: TestServer, body: { email: string; companyName: string } & Record<string, unknown>) {
    return server.client.POST(SIGN_UP, { params: { header: HEADERS }, body: { provider: 'local', password: PASSWORD, ...body } as never });
  }

  async function tenantsNamed(server: TestServer, name: string) {
    return server.db('tenants').where({ name });
  }

  describe('by email, with activation', () => {
    it('creates the user and a new account; the activation email activates; then the user logs in as Admin of the account', async () => {
      const email = uniqueEmail();
      const companyName = `Acme ${randomUUID()}`;
      const signedUp = await signUp(servers.server, { email, companyName, name: 'Grace Hopper' });
      expect(signedUp.response.status).toBe(201);
      expect(signedUp.data).toEqual({ shouldActivate: true });
      expect(signedUp.response.headers.get('set-cookie')).toBeNull();

      const blocked = await servers.server.client.POST('/identity/resources/auth/v1/user', { body: { email, password: PASSWORD } });
      expect(blocked.response.status).toBe(403);
      expect(blocked.error?.errorCode).toBe('ER-01007');

      const mail = await servers.smtp.waitFor(email);
      expect(mail.subject).toBe('Activate your account');
      expect(mail.text).toContain('Hello Grace Hopper,');
      const link = linkIn(mail);
      expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/activate`);
      const activated = await servers.server.client.POST(ACTIVATE, {
        body: { userId: link.searchParams.get('userId')!, token: link.searchParams.get('token')! },
      });
      expect(activated.response.status).toBe(200);
      expect(activated.data?.emailVerified).toBe(true);

      const session = await login(servers.server, email, PASSWORD);
      const claims = decode(session.accessToken);
      const [tenant] = await tenantsNamed(servers.server, companyName);
      expect(tenant).toBeDefined();
      expect(claims).toMatchObject({ tenantId: tenant.tenant_id, roles: ['Admin'], email_verified: true });
      expect(tenant.creator_email).toBe(email);
    });

    it("with an account's invitation token, the user joins that account with its roles instead of making one", async () => {
      const { client: vendor } = await asVendor(servers.server);
      const tenant = await createTenant(vendor, `Inviting ${randomUUID()}`);
      const invite = await vendor.POST('/identity/resources/tenants/invites/v1', { body: { tenantId: tenant.tenantId, roleIds: [READ_ONLY_ROLE_ID] } });
      expect(invite.response.status).toBe(201);
      const email = uniqueEmail();
      const signedUp = await signUp(servers.server, { email, companyName: '', invitationToken: invite.data!.token });
      expect(signedUp.response.status).toBe(201);
      expect(signedUp.data).toEqual({ shouldActivate: true });
      const link = linkIn(await servers.smtp.waitFor(email));
      const activated = await servers.server.client.POST(ACTIVATE, {
        body: { userId: link.searchParams.get('userId')!, token: link.searchParams.get('token')! },
      });
      expect(activated.response.status).toBe(200);
      expect(decode(activated.data!.accessToken)).toMatchObject({ tenantId: tenant.tenantId, roles: ['ReadOnly'] });
      // No account of their own was made.
      const memberships = await servers.server.db('user_tenants').where({ user_id: link.searchParams.get('userId')! });
      expect(memberships.map((row) => row.tenant_id)).toEqual([tenant.tenantId]);
      // The used email with an unknown token: the same 400 as a fresh one.
      const unknownFresh = await signUp(servers.server, { email: uniqueEmail(), companyName: '', invitationToken: 'nope' });
      const unknownUsed = await signUp(servers.server, { email, companyName: '', invitationToken: 'nope' });
      expect([unknownFresh.response.status, unknownUsed.response.status]).toEqual([400, 400]);
      expect(unknownUsed.error).toEqual(unknownFresh.error);
    });

    it('an email in use answers exactly as a fresh one, creates nothing, and emails the owner', async () => {
      const { client: vendor } = await asVendor(servers.server);
      const tenant = await createTenant(vendor);
      const owner = await createUser(vendor, tenant.tenantId, { name: 'Owner Person' });
      const usedCompany = `Used ${randomUUID()}`;
      const freshCompany = `Fresh ${randomUUID()}`;
      const fresh = await signUp(servers.server, { email: uniqueEmail(), companyName: freshCompany });
      const used = await signUp(servers.server, { email: owner.email.toUpperCase(), companyName: usedCompany, password: 'another long password' });

      expect(used.response.status).toBe(fresh.response.status);
      expect(used.data).toEqual(fresh.data);
      const names = (response: Response) => [...response.headers.keys()].sort();
      expect(names(used.response)).toEqual(names(fresh.response));
      expect(used.response.headers.get('content-length')).toBe(fresh.response.headers.get('content-length'));

      const mail = await servers.smtp.waitFor(owner.email, (message) => message.subject === 'Someone tried to sign up with your email address');
      expect(mail.text).toContain('Hello Owner Person,');
      expect(mail.text).toContain(`${APP_URL}/account/login`);
      expect(mail.text).toContain(`${APP_URL}/account/forget-password`);
      expect(mail.html).toContain(`${APP_URL}/account/login`);

      expect(await tenantsNamed(servers.server, usedCompany)).toHaveLength(0);
      expect(await tenantsNamed(servers.server, freshCompany)).toHaveLength(1);
      expect(await servers.server.db('users').whereRaw('email_normalized = ?', [owner.email.toLowerCase()])).toHaveLength(1);
      // The owner's password is untouched.
      await expect(login(servers.server, owner.email, owner.password)).resolves.toMatchObject({ userId: owner.id });
    });

    it('signing up again before activating sends a new activation email (the first link stops working), and creates nothing', async () => {
      const email = uniqueEmail();
      const first = await signUp(servers.server, { email, companyName: `Again ${randomUUID()}`, name: 'Twice' });
      const firstToken = linkIn(await servers.smtp.waitFor(email)).searchParams.get('token')!;
      const companyName = `Again ${randomUUID()}`;
      const second = await signUp(servers.server, { email, companyName, name: 'Twice' });
      expect(second.response.status).toBe(first.response.status);
      expect(second.data).toEqual(first.data);
      const mail = await servers.smtp.waitFor(email, (message) => !(message.text ?? '').includes(firstToken));
      expect(mail.subject).toBe('Activate your account');
      const link = linkIn(mail);
      const stale = await servers.server.client.POST(ACTIVATE, { body: { userId: link.searchParams.get('userId')!, token: firstToken } });
      expect(stale.response.status).toBe(400);
      const activated = await servers.server.client.POST(ACTIVATE, {
        body: { userId: link.searchParams.get('userId')!, token: link.searchParams.get('token')! },
      });
      expect(activated.response.status).toBe(200);
      expect(await tenantsNamed(servers.server, companyName)).toHaveLength(0);
      expect(await servers.server.db('users').where({ email_normalized: email })).toHaveLength(1);
    });

    it("an email that is another user's second address counts as in use", async () => {
      const { client: vendor } = await asVendor(servers.server);
      const tenant = await createTenant(vendor);
      const owner = await createUser(vendor, tenant.tenantId);
      const second = uniqueEmail();
      const added = await vendor.POST('/identity/resources/users/emails/v1/vendor/{userId}', {
        params: { path: { userId: owner.id } },
        body: { email: second, isVerified: true },
      });
      expect(added.response.status).toBe(201);
      const companyName = `Second ${randomUUID()}`;
      const answer = await signUp(servers.server, { email: second, companyName });
      expect(answer.response.status).toBe(201);
      expect(answer.data).toEqual({ shouldActivate: true });
      await servers.smtp.waitFor(second, (message) => (message.subject ?? '').startsWith('Someone tried'));
      expect(await tenantsNamed(servers.server, companyName)).toHaveLength(0);
    });

    it('two sign-ups with one fresh email at once: one user and one account, both answered alike', async () => {
      const email = uniqueEmail();
      const companies = [`Race A ${randomUUID()}`, `Race B ${randomUUID()}`];
      const answers = await Promise.all(companies.map((companyName) => signUp(servers.server, { email, companyName })));
      expect(answers.map((answer) => answer.response.status)).toEqual([201, 201]);
      expect(answers.map((answer) => answer.data)).toEqual([{ shouldActivate: true }, { shouldActivate: true }]);
      expect(await servers.server.db('users').where({ email_normalized: email })).toHaveLength(1);
      expect(await servers.server.db('tenants').whereIn('name', companies)).toHaveLength(1);
    });

    it('takes as long for an email in use as for a fresh one: in 50 pairs, either is the slower about half the time', async () => {
      const { client: vendor } = await asVendor(servers.server);
      const tenant = await createTenant(vendor);
      const owners = await Promise.all([0, 1, 2, 3].map(() => createUser(vendor, tenant.tenantId)));
      const client = createNesteggClient({ baseUrl: servers.server.url });
      const signUp = async (email: string) => {
        const answer = await client.POST(SIGN_UP, {
          params: { header: HEADERS },
          body: { provider: 'local', email, password: PASSWORD, companyName: 'Timing' },
        });
        if (answer.response.status !== 201) throw new Error(`sign-up answered ${answer.response.status}`);
      };
      const timings = await pairedTimings(
        50,
        (index) => signUp(owners[index % owners.length]!.email),
        () => signUp(uniqueEmail()),
      );
      await servers.server.services.mail.flush();
      expectSameTiming(timings);
    }, 400_000);
  });

  describe('bad input', () => {
    it.each([
      ['companyName missing', { companyName: undefined }, /companyName/],
      ['companyName blank', { companyName: '   ' }, /companyName/],
      ['password missing', { password: undefined }, /password is required/],
      ['password too short', { password: 'short' }, /password is too weak: it must be at least 8 characters/],
      ['email malformed', { email: 'not an email' }, /email/],
      ['provider other than local', { provider: 'google' }, /provider local/],
      ['metadata not a JSON object', { metadata: '[1,2]' }, /metadata/],
      ['an unknown invitation token', { invitationToken: 'abc' }, /invitation is invalid/],
    ])('%s is a 400 naming it, and nothing is created', async (_case, change, message) => {
      const email = uniqueEmail();
      const companyName = `Bad ${randomUUID()}`;
      const answer = await signUp(servers.server, { email, companyName, ...change } as never);
      expect(answer.response.status).toBe(400);
      expect(answer.error?.errors?.join(' ')).toMatch(message);
      expect(answer.error?.errorCode).toMatch(/^ER-/);
      expect(await tenantsNamed(servers.server, companyName)).toHaveLength(0);
      expect(await servers.server.db('users').where({ email_normalized: email })).toHaveLength(0);
    });
  });

  describe('with a username', () => {
    it('creates the user with the username; a taken username is a 409 and leaves no user or account behind', async () => {
      const username = `ada.${randomUUID().slice(0, 8)}`;
      const email = uniqueEmail();
      const first = await servers.server.client.POST(SIGN_UP_USERNAME, {
        params: { header: HEADERS },
        body: { provider: 'local', username: username.toUpperCase(), email, password: PASSWORD, companyName: `Names ${randomUUID()}` },
      });
      expect(first.response.status).toBe(201);
      expect(first.data).toEqual({ shouldActivate: true });
      const user = await servers.server.db('users').where({ email_normalized: email }).first('id');
      expect(await servers.server.db('usernames').where({ user_id: user.id }).first('username')).toEqual({ username });

      const otherEmail = uniqueEmail();
      const companyName = `Taken ${randomUUID()}`;
      const taken = await servers.server.client.POST(SIGN_UP_USERNAME, {
        params: { header: HEADERS },
        body: { provider: 'local', username, email: otherEmail, password: PASSWORD, companyName },
      });
      expect(taken.response.status).toBe(409);
      expect(taken.error?.errorCode).toBe('ER-02806');
      expect(await tenantsNamed(servers.server, companyName)).toHaveLength(0);
      expect(await servers.server.db('users').where({ email_normalized: otherEmail })).toHaveLength(0);
      expect(await servers.server.db('email_outbox').where({ recipient: otherEmail })).toHaveLength(0);
    });

    it.each([
      ['left out', {}],
      ['null, as the browser SDK sends it', { email: null }],
    ])('without an email (%s): a user known by the username alone, logged in at once, who logs in by username', async (_, noEmail) => {
      const username = `solo.${randomUUID().slice(0, 8)}`;
      const companyName = `Solo ${randomUUID()}`;
      const answer = await servers.server.client.POST(SIGN_UP_USERNAME, {
        params: { header: HEADERS },
        body: { username, password: PASSWORD, companyName, name: 'Solo', ...noEmail } as never,
      });
      expect(answer.response.status).toBe(201);
      expect(answer.data).toMatchObject({ shouldActivate: false, userId: expect.any(String), tenantId: expect.any(String) });
      const auth = answer.data!.authResponse!;
      expect(auth.userEmail).toBeUndefined();
      const claims = decode(auth.accessToken) as ReturnType<typeof decode> & { email?: string };
      expect(claims).toMatchObject({ sub: answer.data!.userId, tenantId: answer.data!.tenantId, roles: ['Admin'] });
      expect(claims.email).toBeUndefined();
      expect(answer.response.headers.get('set-cookie')).toMatch(/^fe_refresh_/);

      const row = await servers.server.db('users').where({ id: answer.data!.userId }).first('email', 'email_normalized', 'verified');
      expect(row).toEqual({ email: null, email_normalized: null, verified: true });
      expect(await servers.server.db('user_emails').where({ user_id: answer.data!.userId })).toHaveLength(0);
      expect(await tenantsNamed(servers.server, companyName)).toHaveLength(1);

      const me = await createNesteggClient({ baseUrl: servers.server.url, accessToken: auth.accessToken }).GET('/identity/resources/users/v2/me');
      expect(me.response.status).toBe(200);
      expect(me.data).toMatchObject({ id: answer.data!.userId, email: null, name: 'Solo' });

      // Login by username, in any case; a wrong password is the same answer as an unknown username.
      const byName = await servers.server.client.POST('/identity/resources/auth/v1/user', { body: { username: username.toUpperCase(), password: PASSWORD } });
      expect(byName.response.status).toBe(200);
      expect(byName.data).toMatchObject({ userId: answer.data!.userId });
      const wrong = await servers.server.client.POST('/identity/resources/auth/v1/user', { body: { username, password: 'not the password at all' } });
      const unknown = await servers.server.client.POST('/identity/resources/auth/v1/user', {
        body: { username: `nobody.${randomUUID()}`, password: PASSWORD },
      });
      expect(wrong.response.status).toBe(unknown.response.status);
      expect(wrong.error).toEqual(unknown.error);

      // The username stays one user's: a second sign-up with it, email or not, makes nothing.
      const again = await servers.server.client.POST(SIGN_UP_USERNAME, {
        params: { header: HEADERS },
        body: { username, password: PASSWORD, companyName: `${companyName} again` } as never,
      });
      expect(again.response.status).toBe(409);
      expect(again.error?.errorCode).toBe('ER-02806');
      expect(await tenantsNamed(servers.server, `${companyName} again`)).toHaveLength(0);
    });

    it('the sign-up by email still needs an email: left out, a 400 naming it', async () => {
      const answer = await servers.server.client.POST(SIGN_UP, {
        params: { header: HEADERS },
        body: { provider: 'local', username: `x.${randomUUID().slice(0, 8)}`, password: PASSWORD, companyName: 'No email' } as never,
      });
      expect(answer.response.status).toBe(400);
      expect(answer.error?.errors?.join(' ')).toMatch(/email/);
    });

    it('a username against the rule is a 400', async () => {
      const answer = await servers.server.client.POST(SIGN_UP_USERNAME, {
        params: { header: HEADERS },
        body: { provider: 'local', username: 'no spaces please', email: uniqueEmail(), password: PASSWORD, companyName: 'X' },
      });
      expect(answer.response.status).toBe(400);
      expect(answer.error?.errors?.join(' ')).toMatch(/username/);
    });
  });

  describe('phone numbers and strategies', () => {
    it('sign-up by phone number is a 400 saying it is not configured', async () => {
      const answer = await servers.server.client.POST(SIGN_UP_PHONE, {
        params: { header: HEADERS },
        body: { phoneNumber: '+15555550100', companyName: 'Phone' },
      });
      expect(answer.response.status).toBe(400);
      expect(answer.error).toEqual({ errors: [expect.stringMatching(/phone number is not configured/)], errorCode: 'ER-05107' });
    });

    it('lists email (required), username and phone number (not offered)', async () => {
      const answer = await servers.server.client.GET(STRATEGIES);
      expect(answer.response.status).toBe(200);
      expect(answer.data).toEqual([
        { strategy: 'email', isActive: true, isRequired: true },
        { strategy: 'username', isActive: true, isRequired: false },
        { strategy: 'phoneNumber', isActive: false, isRequired: false },
      ]);
    });
  });

  describe('environment settings and limits (own database)', () => {
    it('allowSignups off: a 403 and nothing created', async () => {
      await servers.own.services.environment.updateSettings({ allowSignups: false });
      try {
        const email = uniqueEmail();
        const answer = await signUp(servers.own, { email, companyName: 'Closed' });
        expect(answer.response.status).toBe(403);
        expect(answer.error).toEqual({ errors: ['Sign-up is not open in this environment'], errorCode: 'ER-05101' });
        expect(await servers.own.db('users').where({ email_normalized: email })).toHaveLength(0);
      } finally {
        await servers.own.services.environment.updateSettings({ allowSignups: true });
      }
    });

    it('allowNotVerifiedUsersLogin on: the sign-up logs the user in at once, and login lets the unverified user in', async () => {
      await servers.own.services.environment.updateSettings({ allowNotVerifiedUsersLogin: true });
      try {
        const email = uniqueEmail();
        const answer = await signUp(servers.own, { email, companyName: `Instant ${randomUUID()}` });
        expect(answer.response.status).toBe(201);
        expect(answer.data).toMatchObject({ shouldActivate: false, userId: expect.any(String), tenantId: expect.any(String) });
        const auth = answer.data!.authResponse!;
        expect(auth).toMatchObject({ userId: answer.data!.userId, userEmail: email, emailVerified: false });
        expect(decode(auth.accessToken)).toMatchObject({ sub: answer.data!.userId, tenantId: answer.data!.tenantId, roles: ['Admin'] });
        expect(answer.response.headers.get('set-cookie')).toMatch(/^fe_refresh_/);

        const me = await createNesteggClient({ baseUrl: servers.own.url, accessToken: auth.accessToken }).GET('/identity/resources/users/v2/me');
        expect(me.response.status).toBe(200);
        await expect(login(servers.own, email, PASSWORD)).resolves.toMatchObject({ userId: answer.data!.userId });
        // The activation email still goes out: the address is still to be verified.
        await servers.smtp.waitFor(email, (message) => message.subject === 'Activate your account');
      } finally {
        await servers.own.services.environment.updateSettings({ allowNotVerifiedUsersLogin: false });
      }
    });

    it('with frontegg-application-id: the login is for that application; one a new account cannot use is a 403 and nothing is made', async () => {
      const { vendor } = await vendorWithDefault(servers.own);
      const defaultApp = await vendor.GET('/applications/resources/applications/v1/default', {});
      const other = await createApp(vendor);
      await servers.own.services.environment.updateSettings({ allowNotVerifiedUsersLogin: true });
      try {
        const email = uniqueEmail();
        const ok = await servers.own.client.POST(SIGN_UP, {
          params: { header: { ...HEADERS, 'frontegg-application-id': defaultApp.data!.id } },
          body: { provider: 'local', email, password: PASSWORD, companyName: 'With app' },
        });
        expect(ok.response.status).toBe(201);
        expect(decode(ok.data!.authResponse!.accessToken)).toMatchObject({ aud: defaultApp.data!.id, applicationId: defaultApp.data!.id });

        const refusedEmail = uniqueEmail();
        const companyName = `Other app ${randomUUID()}`;
        const refused = await servers.own.client.POST(SIGN_UP, {
          params: { header: { ...HEADERS, 'frontegg-application-id': other.id } },
          body: { provider: 'local', email: refusedEmail, password: PASSWORD, companyName },
        });
        expect(refused.response.status).toBe(403);
        expect(refused.error?.errorCode).toBe('ER-04011');
        expect(await servers.own.db('users').where({ email_normalized: refusedEmail })).toHaveLength(0);
        expect(await tenantsNamed(servers.own, companyName)).toHaveLength(0);
      } finally {
        await servers.own.services.environment.updateSettings({ allowNotVerifiedUsersLogin: false });
      }
    });

    it('email-domain restrictions on: a sign-up by username alone is a 400 asking for an email, and nothing is made', async () => {
      await servers.own.services.domainRestrictions.setConfig(null, { active: true, type: 'ALLOW' });
      try {
        const companyName = `Restricted ${randomUUID()}`;
        const answer = await servers.own.client.POST(SIGN_UP_USERNAME, {
          params: { header: HEADERS },
          body: { username: `r.${randomUUID().slice(0, 8)}`, password: PASSWORD, companyName, email: null } as never,
        });
        expect(answer.response.status).toBe(400);
        expect(answer.error).toEqual({ errors: [expect.stringMatching(/^email is required/)], errorCode: 'ER-06304' });
        expect(await tenantsNamed(servers.own, companyName)).toHaveLength(0);
      } finally {
        await servers.own.services.domainRestrictions.setConfig(null, { active: false });
      }
    });

    it('limits sign-ups per IP address: past the limit a 429 in the error shape, and nothing is created', async () => {
      // The limit is 5 on this server; earlier tests here used some of it.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await signUp(servers.own, { email: uniqueEmail(), companyName: 'Limited' })).response.status);
      expect(statuses).toEqual([...statuses].sort());
      expect(statuses[5]).toBe(429);
      expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(5);
      const email = uniqueEmail();
      const over = await signUp(servers.own, { email, companyName: 'Limited' });
      expect(over.response.status).toBe(429);
      expect(over.error).toEqual({ errors: ['Too many sign-ups from this address; try again later'], errorCode: 'ER-05108' });
      expect(await servers.own.db('users').where({ email_normalized: email })).toHaveLength(0);
      expect(Number((await servers.own.db('users').count({ n: '*' }))[0].n)).toBeLessThanOrEqual(5);
    });
  });

  describe('emails to the owner of an address in use', () => {
    it('go out at most NESTEGG_SIGNUP_EMAIL_LIMIT times per window; the answers stay the same', async () => {
      const limited = await startTestServer({
        appUrl: APP_URL,
        mail: testMailConfig(servers.smtp.url),
        signUpEmailLimit: { max: 2, windowSeconds: 3600 },
      });
      try {
        const { client: vendor } = await asVendor(limited);
        const owner = await createUser(vendor, (await createTenant(vendor)).tenantId, { name: 'Much Targeted' });
        const answers = [];
        for (let i = 0; i < 4; i += 1) answers.push(await signUp(limited, { email: owner.email, companyName: `Spam ${randomUUID()}` }));
        expect(answers.map((answer) => answer.response.status)).toEqual([201, 201, 201, 201]);
        expect(answers.every((answer) => JSON.stringify(answer.data) === JSON.stringify({ shouldActivate: true }))).toBe(true);
        await limited.services.mail.flush();
        const sent = await limited.db('email_outbox').where({ recipient: owner.email, template: 'sign-up-attempt' });
        expect(sent).toHaveLength(2);
      } finally {
        await limited.close();
      }
    });
  });

  describe('two server processes on one PostgreSQL', () => {
    const onPostgres = process.env.DATABASE_URL ? it : it.skip;
    onPostgres(
      'count sign-ups of one IP address together',
      async () => {
        const limited = { signUpRateLimit: { max: 3, windowSeconds: 3600 }, appUrl: APP_URL };
        const [first, second] = [await startTestServer(limited), await startTestServer(limited)];
        try {
          // Requests come from a loopback address of their own for this run, so that no earlier
          // sign-up counts against it (fetch cannot choose its source address; node:http can).
          const address = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
          const post = (server: TestServer) =>
            new Promise<number>((resolve, reject) => {
              const payload = JSON.stringify({ provider: 'local', email: uniqueEmail(), password: PASSWORD, companyName: 'Two processes' });
              const request = http.request(
                `${server.url}${SIGN_UP}`,
                {
                  method: 'POST',
                  localAddress: address,
                  headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...HEADERS },
                },
                (response) => {
                  response.resume();
                  response.on('end', () => resolve(response.statusCode ?? 0));
                },
              );
              request.on('error', reject);
              request.end(payload);
            });
          const statuses: number[] = [];
          for (let i = 0; i < 6; i += 1) statuses.push(await post(i % 2 === 0 ? first : second));
          expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
        } finally {
          await first.close();
          await second.close();
        }
      },
      60_000,
    );
  });
});
