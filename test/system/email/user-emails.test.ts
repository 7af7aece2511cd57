import { login, loggedInUser, uniqueEmail } from '../../support/fixtures';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://app.nestegg.test';
const EMAILS = '/identity/resources/users/emails/v1';
const VERIFY = '/identity/resources/users/emails/v1/verify';
const MINE = '/identity/resources/users/emails/v1/me';
const MY_PRIMARY = '/identity/resources/users/emails/v1/me/primary';
const VENDOR_EMAILS = '/identity/resources/users/emails/v1/vendor/{userId}';

describe('user emails: verification by email', () => {
  const servers = useMailServers(APP_URL);

  const loggedIn = () => loggedInUser(servers.server, { name: 'Ada Lovelace' });

  it('an added email gets a link and a code; verifying with them lets it become primary and log in', async () => {
    const { user, client } = await loggedIn();
    const email = uniqueEmail();
    const added = await client.POST(EMAILS, { body: { email } });
    expect(added.response.status).toBe(201);
    expect(added.data).toMatchObject({ email, verified: false, isPrimary: false });

    const mail = await servers.smtp.waitFor(email);
    expect(mail.subject).toBe('Verify your email address');
    expect(mail.text).toContain('Hello Ada Lovelace,');
    const link = linkIn(mail);
    expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/verify-email`);
    expect(link.searchParams.get('email')).toBe(email);
    const code = link.searchParams.get('code')!;
    expect(mail.text).toContain(`Or enter this code: ${code}`);

    // Not verified yet: it cannot become primary.
    const early = await client.POST(MY_PRIMARY, { body: { email } });
    expect(early.response.status).toBe(400);
    expect(early.error?.errorCode).toBe('ER-02804');

    const wrongAddress = await client.POST(VERIFY, { body: { code, email: uniqueEmail() } });
    expect(wrongAddress.response.status).toBe(400);
    expect(wrongAddress.error).toEqual({ errors: ['The link is invalid or has expired'], errorCode: 'ER-02701' });

    const verified = await client.POST(VERIFY, { body: { code, email: email.toUpperCase() } });
    expect(verified.response.status).toBe(200);
    const twice = await client.POST(VERIFY, { body: { code, email } });
    expect(twice.response.status).toBe(400);
    expect(twice.error?.errorCode).toBe('ER-02701');
    expect((await client.GET(MINE)).data?.map((row) => [row.email, row.verified, row.isPrimary])).toEqual([
      [user.email, true, true],
      [email, true, false],
    ]);

    const primary = await client.POST(MY_PRIMARY, { body: { email } });
    expect(primary.response.status).toBe(200);
    await expect(login(servers.server, email)).resolves.toMatchObject({ userId: user.id, userEmail: email });
    await expect(login(servers.server, user.email)).rejects.toThrow('401');
    expect((await client.GET(MINE)).data?.map((row) => [row.email, row.isPrimary])).toEqual([
      [email, true],
      [user.email, false],
    ]);
  });

  it('another user cannot use the code; an email added by the environment unverified gets one too', async () => {
    const { vendor, user, client } = await loggedIn();
    const other = await loggedIn();
    const email = uniqueEmail();
    const added = await vendor.POST(VENDOR_EMAILS, { params: { path: { userId: user.id } }, body: { email } });
    expect(added.response.status).toBe(201);
    const code = linkIn(await servers.smtp.waitFor(email)).searchParams.get('code')!;

    const stolen = await other.client.POST(VERIFY, { body: { code, email } });
    expect(stolen.response.status).toBe(400);
    expect(stolen.error?.errorCode).toBe('ER-02701');
    expect((await client.POST(VERIFY, { body: { code, email } })).response.status).toBe(200);

    // Verified by the environment: no email goes out.
    const quiet = uniqueEmail();
    const verified = await vendor.POST(VENDOR_EMAILS, { params: { path: { userId: user.id } }, body: { email: quiet, isVerified: true } });
    expect(verified.data?.verified).toBe(true);
    expect(await servers.server.db('email_outbox').where({ recipient: quiet })).toHaveLength(0);
  });

  it('the code of an email deleted before verifying does not work', async () => {
    const { client } = await loggedIn();
    const email = uniqueEmail();
    const added = await client.POST(EMAILS, { body: { email } });
    const code = linkIn(await servers.smtp.waitFor(email)).searchParams.get('code')!;
    expect((await client.DELETE('/identity/resources/users/emails/v1/{emailId}', { params: { path: { emailId: added.data!.id } } })).response.status).toBe(200);
    const gone = await client.POST(VERIFY, { body: { code, email } });
    expect(gone.response.status).toBe(400);
    expect(gone.error?.errorCode).toBe('ER-02701');
  });
});
