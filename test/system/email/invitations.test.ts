import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { createSubAccount } from '../../support/hierarchy';
import { accountWithMembers, asUser, claimsOf, READ_ONLY_ROLE_ID } from '../../support/roles';
import { linkIn, useMailServers } from '../../support/smtp';

const APP_URL = 'https://app.nestegg.test';
const INVITE = '/identity/resources/users/v1';
const ACCEPT = '/identity/resources/users/v1/invitation/accept';
const ACCEPT_CODE = '/identity/resources/users/v1/invitation/accept/code';
const RESET = '/identity/resources/users/v1/invitation/reset';
const RESET_ALL = '/identity/resources/users/v1/invitation/reset/all';
const ACTIVATE = '/identity/resources/users/v1/activate';
const STATUSES = '/identity/resources/tenants/users/v1/statuses';
const SWITCH = '/identity/resources/users/v3/me/token';

const codeIn = (text: string | undefined) => /enter this code: (\d{6})/.exec(text ?? '')?.[1];

describe('invitations', () => {
  const servers = useMailServers(APP_URL);

  async function statusIn(userId: string, tenantId: string) {
    const { client: vendor } = await asVendor(servers.server);
    const { data } = await vendor.GET(STATUSES, { params: { query: { userIds: [userId] } } });
    return data?.[0]?.tenantsStatuses.find((entry) => entry.tenantId === tenantId)?.status;
  }

  it('a new user gets an activation link; activating accepts the invitation, and their token names the account and roles', async () => {
    const { tenant, admin } = await accountWithMembers(servers.server);
    const email = uniqueEmail();
    const invited = await admin.client.POST(INVITE, { body: { email, name: 'Grace Hopper', roleIds: [READ_ONLY_ROLE_ID] } });
    expect(invited.response.status).toBe(201);
    const userId = invited.data!.id;
    expect(await statusIn(userId, tenant.tenantId)).toBe('PendingInvitation');

    const mail = await servers.smtp.waitFor(email);
    expect(mail.subject).toBe(`You are invited to join ${tenant.name}`);
    expect(mail.text).toContain('Hello Grace Hopper,');
    const link = linkIn(mail);
    expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/activate`);
    expect(link.searchParams.get('userId')).toBe(userId);

    const activated = await servers.server.client.POST(ACTIVATE, {
      body: { userId, token: link.searchParams.get('token')!, password: 'a long enough password' },
    });
    expect(activated.response.status).toBe(200);
    const claims = claimsOf(activated.data!.accessToken);
    expect(claims.tenantId).toBe(tenant.tenantId);
    expect(claims.roles).toEqual(['ReadOnly']);
    expect(await statusIn(userId, tenant.tenantId)).toBe('Activated');
  });

  it('an existing user gets a link to accept; accepting joins them, and they can switch to the account', async () => {
    const { tenant, admin, adminUser } = await accountWithMembers(servers.server);
    const { client: vendor } = await asVendor(servers.server);
    const home = await createTenant(vendor, 'Home');
    const existing = await createUser(vendor, home.tenantId, { name: 'Alan Turing' });
    const invited = await admin.client.POST(INVITE, { body: { email: existing.email.toUpperCase() } });
    expect(invited.response.status).toBe(201);
    expect(invited.data!.id).toBe(existing.id);
    expect(await statusIn(existing.id, tenant.tenantId)).toBe('PendingInvitation');

    const link = linkIn(await servers.smtp.waitFor(existing.email));
    expect(`${link.origin}${link.pathname}`).toBe(`${APP_URL}/account/invitation/accept`);
    const token = link.searchParams.get('token')!;
    const someoneElse = await servers.server.client.POST(ACCEPT, { body: { userId: adminUser.id, token } });
    expect(someoneElse.response.status).toBe(400);

    const accepted = await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token } });
    expect(accepted.response.status).toBe(200);
    expect(await statusIn(existing.id, tenant.tenantId)).toBe('PendingLogin');
    const again = await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token } });
    expect(again.response.status).toBe(400);
    expect(again.error?.errorCode).toBe('ER-02701');

    const session = await login(servers.server, existing.email);
    const switched = await asUser(servers.server, session.accessToken).POST(SWITCH, { body: { tenantId: tenant.tenantId } });
    expect(switched.response.status).toBe(200);
    expect(claimsOf(switched.data!.accessToken).tenantId).toBe(tenant.tenantId);
  });

  it('accepts with the code of the email, and refuses a wrong code the same way as a bad token', async () => {
    const { tenant, admin } = await accountWithMembers(servers.server);
    const { client: vendor } = await asVendor(servers.server);
    const existing = await createUser(vendor, (await createTenant(vendor)).tenantId);
    await admin.client.POST(INVITE, { body: { email: existing.email } });
    const mail = await servers.smtp.waitFor(existing.email);
    const code = codeIn(mail.text)!;
    const token = linkIn(mail).searchParams.get('token')!;
    const wrong = await servers.server.client.POST(ACCEPT_CODE, { body: { userId: existing.id, token, code: code === '000000' ? '111111' : '000000' } });
    expect(wrong.response.status).toBe(400);
    expect(wrong.error?.errorCode).toBe('ER-02701');
    const right = await servers.server.client.POST(ACCEPT_CODE, { body: { userId: existing.id, token, code } });
    expect(right.response.status).toBe(200);
    expect(await statusIn(existing.id, tenant.tenantId)).toBe('PendingLogin');
    const again = await servers.server.client.POST(ACCEPT_CODE, { body: { userId: existing.id, token, code } });
    expect(again.response.status).toBe(400);
  });

  it('skipInviteEmail sends nothing, and reset then sends a new link and returns it; the earlier link stops working', async () => {
    const { tenant, admin } = await accountWithMembers(servers.server);
    const { client: vendor } = await asVendor(servers.server);
    const existing = await createUser(vendor, (await createTenant(vendor)).tenantId);
    const invited = await admin.client.POST(INVITE, { body: { email: existing.email, skipInviteEmail: true } });
    expect(invited.response.status).toBe(201);
    await servers.server.services.mail.flush();
    expect(await servers.server.db('email_outbox').where({ recipient: existing.email })).toHaveLength(0);
    expect(await statusIn(existing.id, tenant.tenantId)).toBe('PendingInvitation');

    const first = await admin.client.POST(RESET, { body: { email: existing.email } });
    expect(first.response.status).toBe(200);
    expect(first.data).toMatchObject({
      userId: existing.id,
      tenantId: tenant.tenantId,
      link: expect.stringMatching(`^${APP_URL}/account/invitation/accept\\?`),
    });
    const second = await admin.client.POST(RESET, { body: { email: existing.email } });
    const mail = await servers.smtp.waitFor(existing.email, (next) => (next.text ?? '').includes(second.data!.token));
    expect(linkIn(mail).toString()).toBe(second.data!.link);

    const old = await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token: first.data!.token } });
    expect(old.response.status).toBe(400);
    const current = await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token: second.data!.token } });
    expect(current.response.status).toBe(200);
    // Nothing waits any more.
    const none = await admin.client.POST(RESET, { body: { email: existing.email } });
    expect(none.response.status).toBe(404);
    expect(none.error?.errorCode).toBe('ER-02601');
  });

  it('an invitation to one account does not undo the one to another; reset/all renews those of the account and its sub-accounts', async () => {
    const { client: vendor } = await asVendor(servers.server);
    const parent = await createTenant(vendor, 'Parent');
    const child = await createSubAccount(vendor, parent.tenantId, 'Child');
    const elsewhere = await createTenant(vendor, 'Elsewhere');
    const existing = await createUser(vendor, (await createTenant(vendor)).tenantId);
    for (const tenantId of [parent.tenantId, child.tenantId, elsewhere.tenantId]) {
      const added = await vendor.POST(INVITE, {
        params: { header: { 'frontegg-tenant-id': tenantId } },
        body: { email: existing.email, skipInviteEmail: true },
      });
      expect(added.response.status).toBe(201);
    }
    const parentLink = await vendor.POST(RESET, { params: { header: { 'frontegg-tenant-id': parent.tenantId } }, body: { email: existing.email } });
    const elsewhereLink = await vendor.POST(RESET, { params: { header: { 'frontegg-tenant-id': elsewhere.tenantId } }, body: { email: existing.email } });
    const all = await vendor.POST(RESET_ALL, { params: { header: { 'frontegg-tenant-id': parent.tenantId } }, body: { email: existing.email } });
    expect(all.response.status).toBe(200);
    expect(all.data!.items.map((item) => item.tenantId).sort()).toEqual([parent.tenantId, child.tenantId].sort());
    // The parent's earlier link was renewed; the other account's link still works.
    expect((await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token: parentLink.data!.token } })).response.status).toBe(400);
    expect((await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token: elsewhereLink.data!.token } })).response.status).toBe(200);
    for (const item of all.data!.items) {
      expect((await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token: item.token } })).response.status).toBe(200);
    }
  });

  it('a link to an account the user has since left does not work; reset of an unknown email is a 404', async () => {
    const { tenant, admin } = await accountWithMembers(servers.server);
    const { client: vendor } = await asVendor(servers.server);
    const existing = await createUser(vendor, (await createTenant(vendor)).tenantId);
    await admin.client.POST(INVITE, { body: { email: existing.email, skipInviteEmail: true } });
    const { data } = await admin.client.POST(RESET, { body: { email: existing.email } });
    const removed = await vendor.DELETE('/identity/resources/users/v1/{userId}', {
      params: { path: { userId: existing.id }, header: { 'frontegg-tenant-id': tenant.tenantId } },
    });
    expect(removed.response.status).toBe(200);
    expect((await servers.server.client.POST(ACCEPT, { body: { userId: existing.id, token: data!.token } })).response.status).toBe(400);
    const unknown = await admin.client.POST(RESET, { body: { email: uniqueEmail() } });
    expect(unknown.response.status).toBe(404);
  });

  it("another account cannot renew this account's invitations", async () => {
    const first = await accountWithMembers(servers.server);
    const second = await accountWithMembers(servers.server);
    const email = uniqueEmail();
    await first.admin.client.POST(INVITE, { body: { email, skipInviteEmail: true } });
    const foreign = await second.admin.client.POST(RESET, { body: { email } });
    expect(foreign.response.status).toBe(404);
    const foreignAll = await second.admin.client.POST(RESET_ALL, { body: { email } });
    expect(foreignAll.response.status).toBe(404);
    const reader = await first.reader.client.POST(RESET, { body: { email } });
    expect(reader.response.status).toBe(403);
  });
});
