import { PASSWORD, asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { vendorIn } from '../../support/roles';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://app.nestegg.test';
const POLICY = '/identity/resources/configurations/v1/lockout-policy';
const LOGIN = '/identity/resources/auth/v1/user';
const UNLOCK = '/identity/resources/users/v3/me/unlock';

describe("the lockout policy's unlock email", () => {
  const servers = useMailServers(APP_URL);

  it('the lock by wrong passwords sends one unlock email, whose link lets the user back in', async () => {
    const { client: vendor, token: vendorToken } = await asVendor(servers.server);
    const tenant = await createTenant(vendor);
    expect((await vendorIn(servers.server, vendorToken, tenant.tenantId).POST(POLICY, { body: { enabled: true, maxAttempts: 2 } })).response.status).toBe(201);
    const user = await createUser(vendor, tenant.tenantId, { name: 'Ada Lovelace' });
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await servers.server.client.POST(LOGIN, { body: { email: user.email, password: 'not the password' } });
    }
    const mail = await servers.smtp.waitFor(user.email, (candidate) => candidate.subject === 'Your account is locked');
    expect(mail.text).toContain('Hello Ada Lovelace,');
    const count = await servers.server.db('email_outbox').where({ recipient: user.email, template: 'unlock' }).count<{ count: string }[]>('* as count').first();
    expect(Number(count?.count)).toBe(1);

    const token = linkIn(mail).searchParams.get('token')!;
    expect((await servers.server.client.POST(LOGIN, { body: { email: user.email, password: PASSWORD } })).response.status).toBe(401);
    expect((await servers.server.client.POST(UNLOCK, { body: { token } })).response.status).toBe(200);
    expect((await login(servers.server, user.email)).accessToken).toEqual(expect.any(String));
  });
});
