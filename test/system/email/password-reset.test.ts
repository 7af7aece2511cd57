import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { asUser } from '../../support/roles';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://app.nestegg.test';
const RESET = '/identity/resources/users/v1/passwords/reset';
const RESET_V2 = '/identity/resources/users/v2/passwords/reset/email';
const VALIDATE = '/identity/resources/users/v1/passwords/reset/validate';
const VERIFY = '/identity/resources/users/v1/passwords/reset/verify';
const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const BREACHED_BULK = '/identity/resources/users/v1/passwords/breached/reset/bulk';
const NEW_PASSWORD = 'a fresh and long password';
/** In the bundled list of breached passwords. */
const BREACHED = 'qwertyuiop';

describe('password reset by email', () => {
  const servers = useMailServers(APP_URL);

  async function someUser(options: { password?: string; name?: string } = {}) {
    const { client: vendor } = await asVendor(servers.server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId, { name: options.name ?? 'Grace Hopper', password: options.password });
    return { vendor, tenant, user };
  }

  const refresh = (refreshToken: string) => servers.server.client.POST(REFRESH, { body: { refreshToken } });

  it('forget -> email -> validate -> verify: old sessions end, the new password logs in, the old one does not', async () => {
    const { user } = await someUser();
    const first = await login(servers.server, user.email);
    const second = await login(servers.server, user.email);

    const asked = await servers.server.client.POST(RESET, { body: { email: user.email.toUpperCase() } });
    expect(asked.response.status).toBe(201);
    const mail = await servers.smtp.waitFor(user.email);
    expect(mail.subject).toBe('Reset your password');
    expect(mail.text).toContain('Hello Grace Hopper,');
    const link = linkIn(mail);
    expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/reset-password`);
    const userId = link.searchParams.get('userId')!;
    const token = link.searchParams.get('token')!;
    expect(userId).toBe(user.id);

    const valid = await servers.server.client.POST(VALIDATE, { body: { userId, token } });
    expect(valid.response.status).toBe(201);

    const weak = await servers.server.client.POST(VERIFY, { body: { userId, token, password: 'short' } });
    expect(weak.response.status).toBe(400);
    expect(weak.error?.errorCode).toBe('ER-05001');
    expect(weak.error?.errors.join(' ')).toMatch(/password .*at least 8 characters/);

    const reset = await servers.server.client.POST(VERIFY, { body: { userId, token, password: NEW_PASSWORD } });
    expect(reset.response.status).toBe(201);

    // Every session of the user ended: neither refresh token works any more.
    expect((await refresh(first.refreshToken)).response.status).toBe(401);
    expect((await refresh(second.refreshToken)).response.status).toBe(401);
    await expect(login(servers.server, user.email, user.password)).rejects.toThrow(/401/);
    const fresh = await login(servers.server, user.email, NEW_PASSWORD);
    expect(fresh.userId).toBe(user.id);
    expect((await refresh(fresh.refreshToken)).response.status).toBe(201);

    // The token worked once.
    const again = await servers.server.client.POST(VERIFY, { body: { userId, token, password: 'yet another password' } });
    expect(again.response.status).toBe(400);
    expect(again.error?.errorCode).toBe('ER-02701');
    const used = await servers.server.client.POST(VALIDATE, { body: { userId, token } });
    expect(used.response.status).toBe(410);
    expect(used.error?.errorCode).toBe('ER-05004');
  });

  it('the v2 route emails the link for an email or a username, and answers a sessionId', async () => {
    const { user } = await someUser({ name: 'By Username' });
    const session = await login(servers.server, user.email);
    const username = `grace.${user.id.slice(0, 8)}`;
    const named = await asUser(servers.server, session.accessToken).POST('/identity/resources/usernames/v1', { body: { username } });
    expect(named.response.status).toBe(201);

    const byUsername = await servers.server.client.POST(RESET_V2, { body: { identifier: username.toUpperCase(), identifierType: 'username' } });
    expect(byUsername.response.status).toBe(200);
    expect(byUsername.data).toEqual({ sessionId: expect.any(String) });
    const first = linkIn(await servers.smtp.waitFor(user.email)).searchParams.get('token')!;

    const byEmail = await servers.server.client.POST(RESET_V2, { body: { identifier: user.email, identifierType: 'email', emailMetadata: {} } });
    expect(byEmail.response.status).toBe(200);
    const second = linkIn(await servers.smtp.waitFor(user.email, (mail) => !(mail.text ?? '').includes(first))).searchParams.get('token')!;
    // A newer link replaces the older one.
    expect((await servers.server.client.POST(VALIDATE, { body: { userId: user.id, token: first } })).response.status).toBe(410);
    expect((await servers.server.client.POST(VALIDATE, { body: { userId: user.id, token: second } })).response.status).toBe(201);
  });

  it('a token is good only for its own user; every bad token gets the same answer', async () => {
    const { user } = await someUser();
    const { user: other } = await someUser();
    await servers.server.client.POST(RESET, { body: { email: user.email } });
    const token = linkIn(await servers.smtp.waitFor(user.email)).searchParams.get('token')!;

    const cases = [
      { userId: other.id, token },
      { userId: user.id, token: `${token}x` },
      { userId: '00000000-0000-4000-8000-000000000000', token },
    ];
    for (const body of cases) {
      const validated = await servers.server.client.POST(VALIDATE, { body });
      expect([validated.response.status, validated.error]).toEqual([
        410,
        { errors: ['The password-reset link is invalid, used or expired'], errorCode: 'ER-05004' },
      ]);
      const verified = await servers.server.client.POST(VERIFY, { body: { ...body, password: NEW_PASSWORD } });
      expect([verified.response.status, verified.error?.errorCode]).toEqual([400, 'ER-02701']);
    }
    const expired = await servers.server
      .db('link_tokens')
      .where({ user_id: user.id, purpose: 'password_reset' })
      .update({ expires_at: servers.server.db.raw("now() - interval '1 second'") });
    expect(expired).toBe(1);
    expect((await servers.server.client.POST(VALIDATE, { body: { userId: user.id, token } })).response.status).toBe(410);
    expect((await servers.server.client.POST(VERIFY, { body: { userId: user.id, token, password: NEW_PASSWORD } })).response.status).toBe(400);
    await expect(login(servers.server, user.email, user.password)).resolves.toMatchObject({ userId: user.id });
  });

  it('a reset for an unknown email sends nothing and answers the same', async () => {
    const unknown = uniqueEmail();
    const { user } = await someUser();
    const answers = await Promise.all([unknown, user.email].map((email) => servers.server.client.POST(RESET, { body: { email } })));
    expect(answers.map((answer) => answer.response.status)).toEqual([201, 201]);
    await servers.smtp.waitFor(user.email);
    await servers.server.services.passwordRecovery.settle();
    await servers.server.services.mail.flush();
    expect(await servers.server.db('email_outbox').where({ recipient: unknown })).toHaveLength(0);
  });

  it('the breached bulk reset emails the account members whose password is breached, and no one else', async () => {
    const { vendor, tenant, user: admin } = await someUser({ name: 'Admin' });
    const breached = await createUser(vendor, tenant.tenantId, { name: 'Breached', password: BREACHED });
    const fine = await createUser(vendor, tenant.tenantId, { name: 'Fine' });
    const elsewhere = await someUser({ name: 'Elsewhere', password: BREACHED });
    // Logging in shows the password in plain text: a breached one is marked on the user.
    for (const someone of [breached, fine, elsewhere.user]) await login(servers.server, someone.email, someone.password);
    const marked = await servers.server.db('users').whereIn('id', [breached.id, fine.id, elsewhere.user.id]).select('id', 'password_breached_at');
    expect(Object.fromEntries(marked.map((row) => [row.id, row.password_breached_at !== null]))).toEqual({
      [breached.id]: true,
      [fine.id]: false,
      [elsewhere.user.id]: true,
    });

    const adminSession = await login(servers.server, admin.email);
    const started = await asUser(servers.server, adminSession.accessToken).POST(BREACHED_BULK, {});
    expect(started.response.status).toBe(201);
    const mail = await servers.smtp.waitFor(breached.email);
    expect(mail.subject).toBe('Reset your password');
    const link = linkIn(mail);
    expect(link.searchParams.get('userId')).toBe(breached.id);

    // The link resets the password; a password off the list clears the mark.
    const reset = await servers.server.client.POST(VERIFY, { body: { userId: breached.id, token: link.searchParams.get('token')!, password: NEW_PASSWORD } });
    expect(reset.response.status).toBe(201);
    const after = await servers.server.db('users').where({ id: breached.id }).first('password_breached_at');
    expect(after.password_breached_at).toBeNull();

    // The account's job holds that one user: not the admin, not the member whose password is fine,
    // not the breached user of another account.
    const jobs = await servers.server.db('jobs').where({ kind: 'breached-password-reset', tenant_id: tenant.tenantId }).pluck('id');
    expect(jobs).toHaveLength(1);
    expect(await servers.server.db('job_items').where({ job_id: jobs[0] }).pluck('key')).toEqual([breached.id]);
    await servers.server.db('users').where({ id: elsewhere.user.id }).update({ password_breached_at: null });
  });

  it('the environment runs the breached bulk reset for every account', async () => {
    const { user } = await someUser({ name: 'Anywhere', password: BREACHED });
    await login(servers.server, user.email, BREACHED);
    const { client: vendor } = await asVendor(servers.server);
    const started = await vendor.POST(BREACHED_BULK, {});
    expect(started.response.status).toBe(201);
    const mail = await servers.smtp.waitFor(user.email);
    expect(linkIn(mail).searchParams.get('userId')).toBe(user.id);
    const jobs = await servers.server.db('jobs').where({ kind: 'breached-password-reset' }).whereNull('tenant_id').pluck('id');
    expect(await servers.server.db('job_items').whereIn('job_id', jobs).where({ key: user.id })).toHaveLength(1);
    // Leaves no breached user behind, for the environment-wide runs of other tests.
    await servers.server.db('users').where({ id: user.id }).update({ password_breached_at: null });
  });
});
