import http from 'node:http';
import { createNesteggClient } from '../../../client';
import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://app.nestegg.test';
const RESET = '/identity/resources/users/v1/activate/reset';
const ACTIVATE = '/identity/resources/users/v1/activate';
const ACTIVATE_CODE = '/identity/resources/users/v1/activate/code';
const STRATEGY = '/identity/resources/users/v1/activate/strategy';
const GENERATE_ACTIVATION = '/identity/resources/users/v1/{userId}/links/generate-activation-token';
const GENERATE_RESET = '/identity/resources/users/v1/{userId}/links/generate-password-reset-token';

describe('activation and links', () => {
  const servers = useMailServers(APP_URL);

  /** A user the environment created who has not activated yet: not verified, no password. */
  async function pendingUser(options: { withPassword?: boolean } = {}) {
    const { client: vendor } = await asVendor(servers.server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId, { name: 'Ada Lovelace' });
    await servers.server
      .db('users')
      .where({ id: user.id })
      .update({ verified: false, ...(options.withPassword ? {} : { password_hash: null }) });
    return { vendor, tenant, user };
  }

  /** A raw POST with the headers given, for headers fetch does not let us set (Host). */
  function rawPost(path: string, body: unknown, headers: Record<string, string>): Promise<number> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${servers.server.url}${path}`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  describe('activation by email', () => {
    it('emails a link (and a code) that activates the user, sets the password and logs them in', async () => {
      const { user } = await pendingUser();
      const asked = await servers.server.client.POST(RESET, { body: { email: user.email.toUpperCase(), emailMetadata: {} } });
      expect(asked.response.status).toBe(201);

      const mail = await servers.smtp.waitFor(user.email);
      expect(mail.subject).toBe('Activate your account');
      expect(mail.text).toContain('Hello Ada Lovelace,');
      expect(mail.html).toContain('Hello Ada Lovelace,');
      const link = linkIn(mail);
      expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/activate`);
      const userId = link.searchParams.get('userId')!;
      const token = link.searchParams.get('token')!;
      expect(userId).toBe(user.id);

      const strategy = await servers.server.client.GET(STRATEGY, { params: { query: { userId, token } } });
      expect(strategy.response.status).toBe(200);
      expect(strategy.data).toEqual({ shouldSetPassword: true });

      const withoutPassword = await servers.server.client.POST(ACTIVATE, { body: { userId, token } });
      expect(withoutPassword.response.status).toBe(400);
      expect(withoutPassword.error?.errorCode).toBe('ER-02703');

      const activated = await servers.server.client.POST(ACTIVATE, { body: { userId, token, password: 'a brand new password' } });
      expect(activated.response.status).toBe(200);
      expect(activated.data).toMatchObject({ userId: user.id, userEmail: user.email, emailVerified: true });
      expect(activated.data!.accessToken).toEqual(expect.any(String));
      expect(activated.response.headers.get('set-cookie')).toMatch(/^fe_refresh_/);

      const again = await servers.server.client.POST(ACTIVATE, { body: { userId, token, password: 'another one' } });
      expect(again.response.status).toBe(400);
      expect(again.error?.errorCode).toBe('ER-02701');

      await expect(login(servers.server, user.email, 'a brand new password')).resolves.toMatchObject({ userId: user.id });
    });

    it('activates with the link token and the code of the email', async () => {
      const { user } = await pendingUser();
      await servers.server.client.POST(RESET, { body: { email: user.email, emailMetadata: {} } });
      const mail = await servers.smtp.waitFor(user.email);
      const code = /enter this code: (\d{6})/.exec(mail.text ?? '')?.[1];
      expect(code).toBeDefined();
      const token = linkIn(mail).searchParams.get('token')!;

      const wrongCode = await servers.server.client.POST(ACTIVATE_CODE, {
        body: { userId: user.id, token, code: code === '000000' ? '111111' : '000000', password: 'pw pw pw pw' },
      });
      expect(wrongCode.response.status).toBe(400);
      expect(wrongCode.error?.errorCode).toBe('ER-02701');

      // The password meets the password rules, as a reset's does.
      const weak = await servers.server.client.POST(ACTIVATE_CODE, { body: { userId: user.id, token, code: code!, password: 'pw pw pw pw' } });
      expect(weak.error?.errorCode).toBe('ER-06102');
      const ok = await servers.server.client.POST(ACTIVATE_CODE, { body: { userId: user.id, token, code: code!, password: 'a fresh activation phrase' } });
      expect(ok.response.status).toBe(200);
      expect(ok.data?.emailVerified).toBe(true);
    });

    it('a user who already has a password activates without setting one', async () => {
      const { vendor, user } = await pendingUser({ withPassword: true });
      const generated = await vendor.POST(GENERATE_ACTIVATION, { params: { path: { userId: user.id } } });
      expect(generated.response.status).toBe(201);
      const { token } = generated.data!;
      const strategy = await servers.server.client.GET(STRATEGY, { params: { query: { userId: user.id, token } } });
      expect(strategy.data).toEqual({ shouldSetPassword: false });
      const activated = await servers.server.client.POST(ACTIVATE, { body: { userId: user.id, token } });
      expect(activated.response.status).toBe(200);
      await expect(login(servers.server, user.email, user.password)).resolves.toMatchObject({ userId: user.id });
    });

    it('answers a resend the same for an unknown email, an activated user and a pending one, and emails only the pending one', async () => {
      const { client: vendor } = await asVendor(servers.server);
      const tenant = await createTenant(vendor);
      const active = await createUser(vendor, tenant.tenantId);
      const { user: pending } = await pendingUser();
      const unknown = uniqueEmail();
      const answers = await Promise.all(
        [unknown, active.email, pending.email].map((email) => servers.server.client.POST(RESET, { body: { email, emailMetadata: {} } })),
      );
      expect(answers.map((answer) => answer.response.status)).toEqual([201, 201, 201]);
      expect(answers.map((answer) => answer.response.headers.get('content-length') ?? '0')).toEqual(['0', '0', '0']);
      await servers.smtp.waitFor(pending.email);
      await servers.server.services.mail.flush();
      const outbox = await servers.server.db('email_outbox').whereIn('recipient', [unknown, active.email]);
      expect(outbox).toHaveLength(0);
    });

    it('a malformed email is a 400', async () => {
      const bad = await servers.server.client.POST(RESET, { body: { email: 'not an email', emailMetadata: {} } });
      expect(bad.response.status).toBe(400);
    });

    it('a new activation email makes the earlier link stop working', async () => {
      const { user } = await pendingUser();
      await servers.server.client.POST(RESET, { body: { email: user.email, emailMetadata: {} } });
      const first = linkIn(await servers.smtp.waitFor(user.email)).searchParams.get('token')!;
      await servers.server.client.POST(RESET, { body: { email: user.email, emailMetadata: {} } });
      const second = linkIn(await servers.smtp.waitFor(user.email, (mail) => !(mail.text ?? '').includes(first))).searchParams.get('token')!;
      expect(second).not.toBe(first);
      const old = await servers.server.client.GET(STRATEGY, { params: { query: { userId: user.id, token: first } } });
      expect(old.response.status).toBe(400);
      const current = await servers.server.client.GET(STRATEGY, { params: { query: { userId: user.id, token: second } } });
      expect(current.response.status).toBe(200);
    });

    it('links follow the configured app URL, whatever Host or X-Forwarded-Host the request names', async () => {
      const { user } = await pendingUser();
      const status = await rawPost(
        RESET,
        { email: user.email, emailMetadata: {} },
        { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
      );
      expect(status).toBe(201);
      const mail = await servers.smtp.waitFor(user.email);
      expect(mail.text).not.toContain('evil.example');
      expect(mail.html).not.toContain('evil.example');
      expect(linkIn(mail).origin).toBe(APP_URL);

      const { client: vendor, token } = await asVendor(servers.server);
      const generated = await new Promise<string>((resolve, reject) => {
        const request = http.request(
          `${servers.server.url}/identity/resources/users/v1/${user.id}/links/generate-password-reset-token`,
          { method: 'POST', headers: { authorization: `Bearer ${token}`, host: 'evil.example', 'x-forwarded-host': 'evil.example' } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve(body));
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(JSON.parse(generated).link).toMatch(new RegExp(`^${APP_URL}/account/reset-password\\?`));
      expect(vendor).toBeDefined();
    });
  });

  describe('password-reset email (ready for the password-reset routes)', () => {
    it('emails a link whose token resets once, for that user only', async () => {
      const { client: vendor } = await asVendor(servers.server);
      const tenant = await createTenant(vendor);
      const user = await createUser(vendor, tenant.tenantId, { name: 'Reset Me' });
      await servers.server.services.userLinks.sendPasswordReset(user.email.toUpperCase());
      await servers.server.services.userLinks.sendPasswordReset(uniqueEmail());
      const mail = await servers.smtp.waitFor(user.email);
      expect(mail.subject).toBe('Reset your password');
      expect(mail.text).toContain('Hello Reset Me,');
      const link = linkIn(mail);
      expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/reset-password`);
      const token = link.searchParams.get('token')!;
      const consume = () => servers.server.db.transaction((trx) => servers.server.services.linkTokens.consume(trx, 'password_reset', user.id, token));
      await expect(consume()).resolves.toMatchObject({ user_id: user.id, purpose: 'password_reset' });
      await expect(consume()).rejects.toMatchObject({ code: 'ER-02701' });
    });
  });

  describe('links generated by the environment', () => {
    it('an activation link for a pending user; a 400 for one who is activated; 404 for an unknown user', async () => {
      const { vendor, user } = await pendingUser();
      const generated = await vendor.POST(GENERATE_ACTIVATION, { params: { path: { userId: user.id } } });
      expect(generated.response.status).toBe(201);
      expect(generated.data).toMatchObject({ userId: user.id, token: expect.any(String) });
      expect(generated.data!.link).toBe(`${APP_URL}/account/activate?userId=${user.id}&token=${generated.data!.token}`);

      const tenant = await createTenant(vendor);
      const active = await createUser(vendor, tenant.tenantId);
      const already = await vendor.POST(GENERATE_ACTIVATION, { params: { path: { userId: active.id } } });
      expect(already.response.status).toBe(400);
      expect(already.error?.errorCode).toBe('ER-02702');

      const userId = '00000000-0000-4000-8000-000000000000';
      const missing = await vendor.POST(GENERATE_ACTIVATION, { params: { path: { userId } } });
      expect(missing.response.status).toBe(404);
      const missingReset = await vendor.POST(GENERATE_RESET, { params: { path: { userId } } });
      expect(missingReset.response.status).toBe(404);
      const malformed = await vendor.POST(GENERATE_ACTIVATION, { params: { path: { userId: 'not-a-uuid' } } });
      expect(malformed.response.status).toBe(400);
      expect(malformed.error?.errors.join(' ')).toContain('userId');
    });

    it('a password-reset link, with a token stored only as a hash', async () => {
      const { vendor, tenant } = await (async () => {
        const { client } = await asVendor(servers.server);
        return { vendor: client, tenant: await createTenant(client) };
      })();
      const user = await createUser(vendor, tenant.tenantId);
      const generated = await vendor.POST(GENERATE_RESET, { params: { path: { userId: user.id } } });
      expect(generated.response.status).toBe(201);
      expect(generated.data!.link).toBe(`${APP_URL}/account/reset-password?userId=${user.id}&token=${generated.data!.token}`);
      const rows = await servers.server.db('link_tokens').where({ user_id: user.id, purpose: 'password_reset' });
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toBe(generated.data!.token);
      expect(JSON.stringify(rows)).not.toContain(generated.data!.token);
    });

    it('needs an environment token: no credentials is 401, a user token is 401 or 403', async () => {
      const { user } = await pendingUser({ withPassword: true });
      const anonymous = await servers.server.client.POST(GENERATE_ACTIVATION, { params: { path: { userId: user.id } } });
      expect(anonymous.response.status).toBe(401);
      const { client: vendor } = await asVendor(servers.server);
      const tenant = await createTenant(vendor);
      const someone = await createUser(vendor, tenant.tenantId);
      const session = await login(servers.server, someone.email);
      const asUser = createNesteggClient({ baseUrl: servers.server.url, accessToken: session.accessToken });
      const denied = await asUser.POST(GENERATE_RESET, { params: { path: { userId: someone.id } } });
      expect([401, 403]).toContain(denied.response.status);
    });
  });
});
