import { login, loggedInUser, uniqueEmail } from '../../support/fixtures';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://app.nestegg.test';
const EMAIL_ME = '/identity/resources/users/v1/email/me';
const VERIFY = '/identity/resources/users/v1/email/me/verify';
const VENDOR_EMAIL = '/identity/resources/users/v1/{userId}/email';

describe('email change', () => {
  const servers = useMailServers(APP_URL);

  const loggedIn = () => loggedInUser(servers.server, { name: 'Grace Hopper' });

  describe("changing one's own email", () => {
    it('emails a link to the new address; following it confirms the change', async () => {
      const { user, client } = await loggedIn();
      const newEmail = uniqueEmail();
      const asked = await client.POST(EMAIL_ME, { body: { email: newEmail } });
      expect(asked.response.status).toBe(200);

      const mail = await servers.smtp.waitFor(newEmail);
      expect(mail.subject).toBe('Confirm your new email address');
      expect(mail.text).toContain('Hello Grace Hopper,');
      const link = linkIn(mail);
      expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/verify-email-change`);
      expect(link.searchParams.get('email')).toBe(newEmail);
      const code = link.searchParams.get('code')!;

      // Not yet changed.
      await expect(login(servers.server, user.email)).resolves.toMatchObject({ userId: user.id });

      const wrongAddress = await client.POST(VERIFY, { body: { code, email: uniqueEmail() } });
      expect(wrongAddress.response.status).toBe(400);
      expect(wrongAddress.error?.errorCode).toBe('ER-02701');

      const verified = await client.POST(VERIFY, { body: { code, email: newEmail } });
      expect(verified.response.status).toBe(200);
      await expect(login(servers.server, newEmail)).resolves.toMatchObject({ userId: user.id, userEmail: newEmail });
      await expect(login(servers.server, user.email)).rejects.toThrow('401');

      const twice = await client.POST(VERIFY, { body: { code, email: newEmail } });
      expect(twice.response.status).toBe(400);
      expect(twice.error?.errorCode).toBe('ER-02701');
    });

    it('another user cannot use the code', async () => {
      const { client } = await loggedIn();
      const other = await loggedIn();
      const newEmail = uniqueEmail();
      await client.POST(EMAIL_ME, { body: { email: newEmail } });
      const code = linkIn(await servers.smtp.waitFor(newEmail)).searchParams.get('code')!;
      const stolen = await other.client.POST(VERIFY, { body: { code, email: newEmail } });
      expect(stolen.response.status).toBe(400);
      expect(stolen.error).toEqual({ errors: ['The link is invalid or has expired'], errorCode: 'ER-02701' });
    });

    it('an address another user has is a 409, before any email goes out', async () => {
      const { client } = await loggedIn();
      const other = await loggedIn();
      const taken = await client.POST(EMAIL_ME, { body: { email: other.user.email.toUpperCase() } });
      expect(taken.response.status).toBe(409);
      expect(taken.error?.errorCode).toBe('ER-02004');
      expect(await servers.server.db('email_outbox').where({ recipient: other.user.email.toUpperCase() })).toHaveLength(0);
    });

    it('bad input is a 400; no credentials is a 401', async () => {
      const { client } = await loggedIn();
      const malformed = await client.POST(EMAIL_ME, { body: { email: 'nope' } });
      expect(malformed.response.status).toBe(400);
      const anonymous = await servers.server.client.POST(EMAIL_ME, { body: { email: uniqueEmail() } });
      expect(anonymous.response.status).toBe(401);
      const anonymousVerify = await servers.server.client.POST(VERIFY, { body: { code: 'x', email: uniqueEmail() } });
      expect(anonymousVerify.response.status).toBe(401);
    });
  });

  describe('PUT /identity/resources/users/v1/{userId}/email', () => {
    it('changes the email at once', async () => {
      const { vendor, user } = await loggedIn();
      const newEmail = uniqueEmail();
      const changed = await vendor.PUT(VENDOR_EMAIL, { params: { path: { userId: user.id } }, body: { email: newEmail } });
      expect(changed.response.status).toBe(200);
      expect(changed.data).toMatchObject({ id: user.id, email: newEmail });
      await expect(login(servers.server, newEmail)).resolves.toMatchObject({ userId: user.id });
    });

    it('404 for an unknown user, 409 for a taken email, 400 for a malformed one, 401 without credentials', async () => {
      const { vendor, user } = await loggedIn();
      const other = await loggedIn();
      const unknown = await vendor.PUT(VENDOR_EMAIL, {
        params: { path: { userId: '00000000-0000-4000-8000-000000000000' } },
        body: { email: uniqueEmail() },
      });
      expect(unknown.response.status).toBe(404);
      const taken = await vendor.PUT(VENDOR_EMAIL, { params: { path: { userId: user.id } }, body: { email: other.user.email } });
      expect(taken.response.status).toBe(409);
      const malformed = await vendor.PUT(VENDOR_EMAIL, { params: { path: { userId: user.id } }, body: { email: 'not-an-email' } });
      expect(malformed.response.status).toBe(400);
      const anonymous = await servers.server.client.PUT(VENDOR_EMAIL, { params: { path: { userId: user.id } }, body: { email: uniqueEmail() } });
      expect(anonymous.response.status).toBe(401);
      const asUser = await other.client.PUT(VENDOR_EMAIL, { params: { path: { userId: user.id } }, body: { email: uniqueEmail() } });
      expect([401, 403]).toContain(asUser.response.status);
    });
  });
});
