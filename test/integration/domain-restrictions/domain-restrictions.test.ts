import { randomUUID } from 'node:crypto';
import { asVendor, createTenant, uniqueEmail } from '../../support/fixtures';
import { bulkInvite, waitForBulkInvite } from '../../support/invitations';
import { accountWithMembers } from '../../support/roles';
import { startTestServer, useTestServer, type TestServer } from '../../support/server';

const server = useTestServer();

const RESTRICTIONS = '/identity/resources/configurations/restrictions/v1/email-domain';
const CONFIG = '/identity/resources/configurations/restrictions/v1/email-domain/config';
const REPLACE = '/identity/resources/configurations/restrictions/v1/email-domain/replace-bulk';
const ONE = '/identity/resources/configurations/restrictions/v1/email-domain/{id}';
const INVITE = '/identity/resources/users/v1';

const domain = (label: string) => `${label}-${randomUUID().slice(0, 8)}.example`;

describe('email-domain restrictions of an account', () => {
  it('a blocked domain (and its subdomains) cannot be invited or created in the account; others can; other accounts are not touched', async () => {
    const { tenant, admin, vendor } = await accountWithMembers(server);
    const blocked = domain('blocked');
    expect((await admin.client.POST(RESTRICTIONS, { body: { domain: blocked.toUpperCase(), type: 'BLOCK' } })).response.status).toBe(201);
    // Not active yet: nothing is refused.
    expect((await admin.client.POST(INVITE, { body: { email: `a@${blocked}`, skipInviteEmail: true } })).response.status).toBe(201);
    const on = await admin.client.POST(CONFIG, { body: { active: true, type: 'BLOCK' } });
    expect(on.data).toEqual({ active: true, listType: 'BLOCK', blockPublicDomains: false });

    const refused = await admin.client.POST(INVITE, { body: { email: `b@${blocked}` } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ errorCode: 'ER-06303', errors: [expect.stringContaining(blocked)] });
    expect((await admin.client.POST(INVITE, { body: { email: `c@mail.${blocked}` } })).response.status).toBe(400);
    expect((await admin.client.POST(INVITE, { body: { email: `d@${domain('fine')}`, skipInviteEmail: true } })).response.status).toBe(201);
    const created = await vendor.POST('/identity/resources/vendor-only/users/v1', {
      body: { tenantId: tenant.tenantId, email: `e@${blocked}`, password: 'a long enough password' },
    });
    expect(created.response.status).toBe(400);
    const id = await bulkInvite(admin.client, [{ email: `f@${blocked}` }, { email: `g@${domain('fine')}`, skipInviteEmail: true }]);
    const status = await waitForBulkInvite(admin.client, id);
    expect(status).toMatchObject({ invitedUsers: 1, failedUsers: 1, errors: [{ email: `f@${blocked}`, errorCode: 'ER-06303' }] });

    const other = await accountWithMembers(server);
    expect((await other.admin.client.POST(INVITE, { body: { email: `h@${blocked}`, skipInviteEmail: true } })).response.status).toBe(201);
  });

  it('an ALLOW list lets in only its domains; blockPublicDomains keeps out public providers', async () => {
    const { admin } = await accountWithMembers(server);
    const allowed = domain('allowed');
    const replaced = await admin.client.POST(REPLACE, { body: { type: 'ALLOW', domains: [allowed, allowed.toUpperCase()] } });
    expect(replaced.response.status).toBe(201);
    expect(replaced.data!.map((row) => row.domain)).toEqual([allowed]);
    await admin.client.POST(CONFIG, { body: { active: true, type: 'ALLOW' } });
    expect((await admin.client.POST(INVITE, { body: { email: `a@${allowed}`, skipInviteEmail: true } })).response.status).toBe(201);
    expect((await admin.client.POST(INVITE, { body: { email: `b@${domain('other')}` } })).response.status).toBe(400);

    await admin.client.POST(CONFIG, { body: { active: true, type: 'BLOCK', blockPublicDomains: true } });
    expect((await admin.client.POST(INVITE, { body: { email: `someone.${randomUUID().slice(0, 6)}@gmail.com` } })).response.status).toBe(400);
    expect((await admin.client.POST(INVITE, { body: { email: `c@${domain('corp')}`, skipInviteEmail: true } })).response.status).toBe(201);
    await admin.client.POST(CONFIG, { body: { active: false } });
    expect((await admin.client.GET(CONFIG, {})).data).toEqual({ active: false, listType: 'BLOCK', blockPublicDomains: true });
    expect((await admin.client.POST(INVITE, { body: { email: `someone.${randomUUID().slice(0, 6)}@gmail.com`, skipInviteEmail: true } })).response.status).toBe(
      201,
    );
  });

  it("lists, deletes (404 for an unknown id or another account's), refuses a malformed domain, and needs the security-policy permissions", async () => {
    const { admin, reader } = await accountWithMembers(server);
    const other = await accountWithMembers(server);
    const mine = await admin.client.POST(RESTRICTIONS, { body: { domain: domain('listed'), type: 'BLOCK' } });
    const again = await admin.client.POST(RESTRICTIONS, { body: { domain: mine.data!.domain, type: 'BLOCK' } });
    expect(again.data!.id).toBe(mine.data!.id);
    const theirs = await other.admin.client.POST(RESTRICTIONS, { body: { domain: domain('theirs'), type: 'ALLOW' } });
    const list = await admin.client.GET(RESTRICTIONS, {});
    expect(list.data!.items.map((row) => row.id)).toEqual([mine.data!.id]);
    expect((await admin.client.DELETE(ONE, { params: { path: { id: theirs.data!.id } } })).response.status).toBe(404);
    expect((await admin.client.DELETE(ONE, { params: { path: { id: randomUUID() } } })).response.status).toBe(404);
    expect((await admin.client.DELETE(ONE, { params: { path: { id: mine.data!.id } } })).response.status).toBe(200);
    expect((await admin.client.GET(RESTRICTIONS, {})).data!.items).toEqual([]);
    const malformed = await admin.client.POST(RESTRICTIONS, { body: { domain: 'not a domain', type: 'BLOCK' } });
    expect(malformed.response.status).toBe(400);
    expect(malformed.error?.errorCode).toBe('ER-06301');
    expect((await reader.client.POST(RESTRICTIONS, { body: { domain: domain('x'), type: 'BLOCK' } })).response.status).toBe(403);
  });
});

describe('email-domain restrictions of the environment', () => {
  // Environment-wide: on a server with an embedded database of its own, so that no other test file sees them.
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer({ databaseUrl: undefined });
  });
  afterAll(() => own.close());

  it('apply to sign-ups and to accounts without a configuration of their own', async () => {
    const { client: vendor } = await asVendor(own);
    const blocked = domain('env-blocked');
    await vendor.POST(RESTRICTIONS, { body: { domain: blocked, type: 'BLOCK' } });
    expect((await vendor.POST(CONFIG, { body: { active: true } })).data).toEqual({ active: true, listType: 'BLOCK', blockPublicDomains: false });
    const signUp = (email: string) =>
      own.client.POST('/identity/resources/users/v1/signUp', {
        body: { provider: 'local', email, password: 'a long enough password', companyName: `Env ${randomUUID()}` },
      });
    const refused = await signUp(`a@${blocked}`);
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-06303');
    expect((await signUp(uniqueEmail())).response.status).toBe(201);

    // An account without a configuration follows the environment's; one with its own follows its own.
    const plain = await createTenant(vendor);
    const invitedPlain = await vendor.POST(INVITE, { params: { header: { 'frontegg-tenant-id': plain.tenantId } }, body: { email: `b@${blocked}` } });
    expect(invitedPlain.response.status).toBe(400);
    const ownConfig = await createTenant(vendor);
    await vendor.POST(CONFIG, { params: { header: { 'frontegg-tenant-id': ownConfig.tenantId } }, body: { active: false } });
    const invitedOwn = await vendor.POST(INVITE, {
      params: { header: { 'frontegg-tenant-id': ownConfig.tenantId } },
      body: { email: `c@${blocked}`, skipInviteEmail: true },
    });
    expect(invitedOwn.response.status).toBe(201);
    expect((await vendor.GET(RESTRICTIONS, {})).data!.items.map((row) => row.domain)).toEqual([blocked]);
  });
});
