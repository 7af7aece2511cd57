import { asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { useTestServer } from '../../support/server';
import { DELEGATION, impersonate } from './support';

// The delegation switch is environment-wide: this file has a database of its own.
const server = useTestServer({ databaseUrl: undefined });

describe('delegation configuration', () => {
  it('is off until turned on; on, an admin can impersonate; off again, nobody can', async () => {
    const { client: vendor, token: vendorToken } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const adminUser = await createUser(vendor, tenant.tenantId);
    const memberUser = await createUser(vendor, tenant.tenantId);
    const admin = await login(server, adminUser.email);

    const initial = await vendor.GET(DELEGATION);
    expect(initial.response.status).toBe(200);
    expect(initial.data).toEqual({ enabled: false });
    const refused = await impersonate(server, admin.accessToken, memberUser.id, { reason: 'support ticket 1' });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errorCode).toBe('ER-07201');
    const vendorRefused = await impersonate(server, vendorToken, memberUser.id, { tenantId: tenant.tenantId });
    expect(vendorRefused.response.status).toBe(403);

    const on = await vendor.POST(DELEGATION, { body: { enabled: true } });
    expect(on.response.status).toBe(200);
    expect((await vendor.GET(DELEGATION)).data).toEqual({ enabled: true });
    const allowed = await impersonate(server, admin.accessToken, memberUser.id, { reason: 'support ticket 1' });
    expect(allowed.response.status).toBe(201);

    const off = await vendor.POST(DELEGATION, { body: { enabled: false } });
    expect(off.response.status).toBe(200);
    expect((await vendor.GET(DELEGATION)).data).toEqual({ enabled: false });
    expect((await impersonate(server, admin.accessToken, memberUser.id)).response.status).toBe(403);
  });

  it('takes only the environment token (401 otherwise) and refuses a body without a boolean enabled (400)', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const member = await login(server, user.email);
    expect((await server.client.GET(DELEGATION)).response.status).toBe(401);
    const asMember = await server.client.GET(DELEGATION, { headers: { authorization: `Bearer ${member.accessToken}` } });
    expect(asMember.response.status).toBe(401);
    const asMemberSet = await server.client.POST(DELEGATION, { headers: { authorization: `Bearer ${member.accessToken}` }, body: { enabled: true } });
    expect(asMemberSet.response.status).toBe(401);
    for (const body of [{}, { enabled: 'yes' }, { enabled: true, extra: 1 }]) {
      const bad = await vendor.POST(DELEGATION, { body: body as { enabled: boolean } });
      expect(bad.response.status).toBe(400);
    }
    expect((await vendor.GET(DELEGATION)).data).toEqual({ enabled: false });
  });
});
