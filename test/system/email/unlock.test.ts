import { asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://app.nestegg.test';
const LOCK = '/identity/resources/users/v1/{userId}/lock';
const UNLOCK = '/identity/resources/users/v3/me/unlock';
const LOGIN = '/identity/resources/auth/v1/user';

describe('unlock by email', () => {
  const servers = useMailServers(APP_URL);

  /** A user the environment has locked, and the token of the unlock email sent to them. */
  async function lockedUserWithEmail() {
    const { client: vendor } = await asVendor(servers.server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId, { name: 'Grace Hopper' });
    const locked = await vendor.POST(LOCK, { params: { path: { userId: user.id } } });
    expect(locked.response.status).toBe(200);
    await servers.server.services.userLinks.sendUnlockLink(user.id);
    const mail = await servers.smtp.waitFor(user.email, (candidate) => candidate.subject === 'Your account is locked');
    return { user, mail };
  }

  it('emails a link whose token unlocks the user, who can then log in', async () => {
    const { user, mail } = await lockedUserWithEmail();
    expect(mail.text).toContain('Hello Grace Hopper,');
    expect(mail.html).toContain('Unlock my account');
    const link = linkIn(mail);
    expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/unlock`);
    const token = link.searchParams.get('token')!;

    const refused = await servers.server.client.POST(LOGIN, { body: { email: user.email, password: user.password } });
    expect(refused.response.status).toBe(401); // the wrong-password answer: the lock is not disclosed

    const unlocked = await servers.server.client.POST(UNLOCK, { body: { token } });
    expect(unlocked.response.status).toBe(200);
    const session = await login(servers.server, user.email, user.password);
    expect(session.accessToken).toEqual(expect.any(String));
  });

  it('works once, and every bad token gets the same 400', async () => {
    const { user, mail } = await lockedUserWithEmail();
    const token = linkIn(mail).searchParams.get('token')!;
    expect((await servers.server.client.POST(UNLOCK, { body: { token } })).response.status).toBe(200);

    // Locked again: the used token does not unlock a second time.
    const { client: vendor } = await asVendor(servers.server);
    await vendor.POST(LOCK, { params: { path: { userId: user.id } } });
    const answers = await Promise.all(
      [token, 'x'.repeat(43), `${token}x`].map((candidate) => servers.server.client.POST(UNLOCK, { body: { token: candidate } })),
    );
    for (const answer of answers) {
      expect(answer.response.status).toBe(400);
      expect(answer.error).toMatchObject({ errorCode: 'ER-02701', errors: ['The link is invalid or has expired'] });
    }
    const still = await servers.server.client.POST(LOGIN, { body: { email: user.email, password: user.password } });
    expect(still.response.status).toBe(401);
  });

  it('a newer unlock email makes the older link stop working', async () => {
    const { user, mail: first } = await lockedUserWithEmail();
    const older = linkIn(first).searchParams.get('token')!;
    await servers.server.services.userLinks.sendUnlockLink(user.id);
    const second = await servers.smtp.waitFor(user.email, (candidate) => candidate.subject === 'Your account is locked' && !candidate.text?.includes(older));
    const newer = linkIn(second).searchParams.get('token')!;
    expect(newer).not.toBe(older);
    expect((await servers.server.client.POST(UNLOCK, { body: { token: older } })).response.status).toBe(400);
    expect((await servers.server.client.POST(UNLOCK, { body: { token: newer } })).response.status).toBe(200);
  });

  it('used by two requests at once, unlocks exactly once', async () => {
    const { mail } = await lockedUserWithEmail();
    const token = linkIn(mail).searchParams.get('token')!;
    const answers = await Promise.all([1, 2, 3].map(() => servers.server.client.POST(UNLOCK, { body: { token } })));
    expect(answers.map((answer) => answer.response.status).sort()).toEqual([200, 400, 400]);
  });

  it('answers 400 for a body without a token', async () => {
    const missing = await servers.server.client.POST(UNLOCK, { body: {} as { token: string } });
    expect(missing.response.status).toBe(400);
  });
});
