import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { accountWithMembers, asUser } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * The activation and invitation lifetimes and the user emails policy are environment-wide: this file's
 * server has an embedded database of its own, so that no other test file sees the changes.
 */
const server = useTestServer({ databaseUrl: undefined });

const ACTIVATION_STRATEGIES = '/identity/resources/configurations/v1/activation/strategies';
const INVITATION_STRATEGIES = '/identity/resources/configurations/v1/invitation/strategies';
const EMAILS_POLICY = '/identity/resources/configurations/v1/user-emails-policy';

async function latestEmailTo(email: string) {
  return server.db('email_outbox').where({ recipient: email }).orderBy('created_at', 'desc').first();
}

async function secondsLeft(userId: string, purpose: string): Promise<number> {
  const row = await server
    .db('link_tokens')
    .where({ user_id: userId, purpose })
    .whereNull('used_at')
    .select(server.db.raw('extract(epoch from expires_at - now()) as left'))
    .first();
  return Number(row.left);
}

describe('the settings that shape activation, invitation and email change', () => {
  it('activation and invitation links live as long as the strategies say, and their emails say so', async () => {
    const { client: vendor } = await asVendor(server);
    expect((await vendor.POST(ACTIVATION_STRATEGIES, { body: { strategy: 'link', codeExpiration: 7200 } })).response.status).toBe(200);
    expect((await vendor.POST(INVITATION_STRATEGIES, { body: { codeExpiration: 3 * 86_400 } as never })).response.status).toBe(200);
    const { admin } = await accountWithMembers(server);

    // A new user (no password) is sent an activation link.
    const fresh = uniqueEmail();
    expect((await admin.client.POST('/identity/resources/users/v1', { body: { email: fresh } })).response.status).toBe(201);
    const freshUser = await server.db('users').where({ email_normalized: fresh }).first('id');
    expect(await secondsLeft(freshUser.id, 'activation')).toBeGreaterThan(7100);
    expect(await secondsLeft(freshUser.id, 'activation')).toBeLessThanOrEqual(7200);
    expect((await latestEmailTo(fresh)).text).toContain('expires in 2 hours');

    // A user with a password is sent an invitation link.
    const existing = await createUser(vendor, (await createTenant(vendor)).tenantId);
    expect((await admin.client.POST('/identity/resources/users/v1', { body: { email: existing.email } })).response.status).toBe(201);
    expect(await secondsLeft(existing.id, 'invitation')).toBeGreaterThan(3 * 86_400 - 100);
    expect((await latestEmailTo(existing.email)).text).toContain('expires in 3 days');
  });

  it('with allowEmailChange off, users cannot change their email or make another one primary; the environment still can', async () => {
    const { client: vendor } = await asVendor(server);
    const user = await createUser(vendor, (await createTenant(vendor)).tenantId);
    const self = asUser(server, (await login(server, user.email)).accessToken);
    expect((await vendor.POST(EMAILS_POLICY, { body: { allowEmailChange: false } })).response.status).toBe(200);
    try {
      const change = await self.POST('/identity/resources/users/v1/email/me', { body: { email: uniqueEmail() } });
      expect(change.response.status).toBe(403);
      expect(change.error?.errorCode).toBe('ER-02704');
      const primary = await self.POST('/identity/resources/users/emails/v1/me/primary', { body: { email: user.email } });
      expect(primary.response.status).toBe(403);
      const byVendor = await vendor.PUT('/identity/resources/users/v1/{userId}/email', {
        params: { path: { userId: user.id } },
        body: { email: uniqueEmail() },
      });
      expect(byVendor.response.status).toBe(200);
    } finally {
      await vendor.POST(EMAILS_POLICY, { body: { allowEmailChange: true } });
    }
    const allowed = await self.POST('/identity/resources/users/v1/email/me', { body: { email: uniqueEmail() } });
    expect(allowed.response.status).toBe(200);
  });
});
