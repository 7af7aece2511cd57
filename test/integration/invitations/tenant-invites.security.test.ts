import { asVendor, createTenant, createUser } from '../../support/fixtures';
import { accountWithMembers } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const INVITES = '/identity/resources/tenants/invites/v1';
const ALL = '/identity/resources/tenants/invites/v1/all';
const MINE = '/identity/resources/tenants/invites/v1/user';
const VERIFY = '/identity/resources/tenants/invites/v1/verify';

describe('invitation token secrets', () => {
  it('no answer after the one that made it holds the token, for members or the environment', async () => {
    const { admin, tenant } = await accountWithMembers(server);
    const made = await admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    const secret = made.data!.token;
    const { client: vendor } = await asVendor(server);
    const answers = await Promise.all([
      admin.client.GET(MINE),
      admin.client.GET(ALL),
      admin.client.PATCH(MINE, { body: { shouldSendEmail: true } }),
      vendor.GET(ALL),
      vendor.GET(ALL, { params: { header: { 'frontegg-tenant-id': tenant.tenantId } } }),
    ]);
    for (const answer of answers) {
      expect(answer.response.status).toBe(200);
      expect(JSON.stringify(answer.data)).not.toContain(secret);
    }
    const [row] = await server.db('tenant_invites').where({ id: made.data!.id });
    expect(Object.values(row).map(String)).not.toContain(secret);
  });

  it('an oversized or empty token is a 400, never a 500', async () => {
    for (const token of ['', 'x'.repeat(513), 'x'.repeat(100_000)]) {
      const answer = await server.client.POST(VERIFY, { body: { token } });
      expect(answer.response.status).toBeGreaterThanOrEqual(400);
      expect(answer.response.status).toBeLessThan(500);
    }
  });
});

describe('redeemInvitationToken in a transaction that fails', () => {
  it('leaves no membership and no roles behind when the caller rolls back', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const home = await createTenant(vendor);
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId } });
    const joiner = await createUser(vendor, home.tenantId);
    await expect(
      server.db.transaction(async (trx) => {
        await server.services.tenantInvites.redeemInvitationToken(trx, made.data!.token, joiner.id);
        throw new Error('sign-up failed later');
      }),
    ).rejects.toThrow('sign-up failed later');
    expect(await server.db('user_tenants').where({ user_id: joiner.id, tenant_id: tenant.tenantId })).toEqual([]);
    expect(await server.db('user_tenant_roles').where({ user_id: joiner.id, tenant_id: tenant.tenantId })).toEqual([]);
    // The token still works for the next try.
    expect((await server.client.POST(VERIFY, { body: { token: made.data!.token } })).response.status).toBe(200);
  });
});
