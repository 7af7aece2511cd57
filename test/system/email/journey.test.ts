import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { uniqueEmail } from '../../support/fixtures';
import { claimsOf, READ_ONLY_ROLE_ID } from '../../support/roles';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://journey.nestegg.test';
const LOGIN = '/identity/resources/auth/v1/user';
const REFRESH = '/identity/resources/auth/v1/user/token/refresh';

/**
 * The whole way in, through the API and the emails only: a person signs
 * up and becomes the admin of a new account, invites a colleague, and the colleague recovers a
 * forgotten password. No database reads, no service calls: what a login box and an admin portal do.
 */
describe('from nothing to an admin, a colleague, and a recovered password', () => {
  const servers = useMailServers(APP_URL);

  it('signs up, activates, invites a colleague who activates, and the colleague resets a forgotten password', async () => {
    const api = createNesteggClient({ baseUrl: servers.server.url });
    const adminEmail = uniqueEmail();
    const company = `Journey ${randomUUID()}`;

    // 1. Sign up: a new account, the user its admin once the email is followed.
    const signedUp = await api.POST('/identity/resources/users/v1/signUp', {
      body: { provider: 'local', email: adminEmail, password: 'the founder password', companyName: company, name: 'Founder' },
    });
    expect(signedUp.response.status).toBe(201);
    expect(signedUp.data).toEqual({ shouldActivate: true });
    const activation = linkIn(await servers.smtp.waitFor(adminEmail));
    const activated = await api.POST('/identity/resources/users/v1/activate', {
      body: { userId: activation.searchParams.get('userId')!, token: activation.searchParams.get('token')! },
    });
    expect(activated.response.status).toBe(200);
    const adminLogin = await api.POST(LOGIN, { body: { email: adminEmail, password: 'the founder password' } });
    expect(adminLogin.response.status).toBe(200);
    const adminClaims = claimsOf(adminLogin.data!.accessToken);
    expect(adminClaims.roles).toEqual(['Admin']);
    const admin = createNesteggClient({ baseUrl: servers.server.url, accessToken: adminLogin.data!.accessToken });
    const tenants = await admin.GET('/identity/resources/users/v3/me/tenants', {});
    expect(tenants.data?.tenants.map((tenant) => tenant.name)).toEqual([company]);

    // 2. Invite a colleague, who follows the invitation email and chooses a password.
    const colleagueEmail = uniqueEmail();
    const invited = await admin.POST('/identity/resources/users/v1', { body: { email: colleagueEmail, name: 'Colleague', roleIds: [READ_ONLY_ROLE_ID] } });
    expect(invited.response.status).toBe(201);
    const invitation = await servers.smtp.waitFor(colleagueEmail);
    expect(invitation.subject).toBe(`You are invited to join ${company}`);
    const invitationLink = linkIn(invitation);
    const joined = await api.POST('/identity/resources/users/v1/activate', {
      body: { userId: invitationLink.searchParams.get('userId')!, token: invitationLink.searchParams.get('token')!, password: 'the colleague password' },
    });
    expect(joined.response.status).toBe(200);
    expect(claimsOf(joined.data!.accessToken)).toMatchObject({ tenantId: adminClaims.tenantId, roles: ['ReadOnly'] });
    const members = await admin.GET('/identity/resources/users/v3', {});
    expect(members.data?.items.map((user) => user.email).sort()).toEqual([adminEmail, colleagueEmail].sort());

    // 3. The colleague forgets the password: reset by email, the old session ends, the new password works.
    const colleagueSession = await api.POST(LOGIN, { body: { email: colleagueEmail, password: 'the colleague password' } });
    expect(colleagueSession.response.status).toBe(200);
    expect((await api.POST('/identity/resources/users/v1/passwords/reset', { body: { email: colleagueEmail } })).response.status).toBe(201);
    const reset = linkIn(await servers.smtp.waitFor(colleagueEmail, (mail) => mail.subject === 'Reset your password'));
    const resetBody = { userId: reset.searchParams.get('userId')!, token: reset.searchParams.get('token')! };
    expect((await api.POST('/identity/resources/users/v1/passwords/reset/validate', { body: resetBody })).response.status).toBe(201);
    expect(
      (await api.POST('/identity/resources/users/v1/passwords/reset/verify', { body: { ...resetBody, password: 'a remembered password' } })).response.status,
    ).toBe(201);
    expect((await api.POST(REFRESH, { body: { refreshToken: colleagueSession.data!.refreshToken } })).response.status).toBe(401);
    expect((await api.POST(LOGIN, { body: { email: colleagueEmail, password: 'the colleague password' } })).response.status).toBe(401);
    const relogin = await api.POST(LOGIN, { body: { email: colleagueEmail, password: 'a remembered password' } });
    expect(relogin.response.status).toBe(200);
    expect(claimsOf(relogin.data!.accessToken).tenantId).toBe(adminClaims.tenantId);
  });
});
