import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { useTestServer } from '../../support/server';
import { accountWithMembers, TENANT, TENANT_V2, TENANTS } from '../../support/tenants';

const server = useTestServer();

const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const VENDOR_USER = '/identity/resources/vendor-only/users/v1/{userId}';

async function parentOf(tenantId: string): Promise<string | null> {
  const row = await server.db('tenants').where({ tenant_id: tenantId }).first('parent_tenant_id');
  return row.parent_tenant_id;
}

describe('DELETE /tenants/resources/tenants/v1/{tenantId}', () => {
  it('deletes the account (200): sub-accounts move up to its parent, members cannot refresh, a user of two accounts survives', async () => {
    const { client: vendor } = await asVendor(server);
    const root = await createTenant(vendor, 'Root');
    const middle = (await vendor.POST(TENANTS, { body: { tenantId: `mid-${randomUUID()}`, name: 'Middle', parentTenantId: root.tenantId } })).data!;
    const leaf = (await vendor.POST(TENANTS, { body: { tenantId: `leaf-${randomUUID()}`, name: 'Leaf', parentTenantId: middle.tenantId } })).data!;
    const only = await createUser(vendor, middle.tenantId);
    const both = await createUser(vendor, middle.tenantId);
    await server.db('user_tenants').insert({ user_id: both.id, tenant_id: root.tenantId });
    const onlySession = await login(server, only.email);

    const deleted = await vendor.DELETE(TENANT, { params: { path: { tenantId: middle.tenantId } } });
    expect(deleted.response.status).toBe(200);

    expect((await vendor.GET(TENANT_V2, { params: { path: { tenantId: middle.tenantId } } })).response.status).toBe(404);
    expect(await parentOf(leaf.tenantId)).toBe(root.tenantId);
    expect((await vendor.GET(TENANT_V2, { params: { path: { tenantId: leaf.tenantId } } })).response.status).toBe(200);

    const refresh = await server.client.POST(REFRESH, { body: { refreshToken: onlySession.refreshToken } });
    expect(refresh.response.status).toBe(401);
    expect((await vendor.GET(VENDOR_USER, { params: { path: { userId: only.id } } })).response.status).toBe(404);
    const survivor = await vendor.GET(VENDOR_USER, { params: { path: { userId: both.id } } });
    expect(survivor.response.status).toBe(200);
    expect(survivor.data!.tenants.map((t) => t.tenantId)).toEqual([root.tenantId]);
    expect((await login(server, both.email)).accessToken).toBeTruthy();
  });

  it('makes the sub-accounts of a top-level account top-level', async () => {
    const { client: vendor } = await asVendor(server);
    const top = await createTenant(vendor, 'Top');
    const child = (await vendor.POST(TENANTS, { body: { tenantId: `child-${randomUUID()}`, parentTenantId: top.tenantId } })).data!;
    expect((await vendor.DELETE(TENANT, { params: { path: { tenantId: top.tenantId } } })).response.status).toBe(200);
    expect(await parentOf(child.tenantId)).toBeNull();
  });

  it('answers 404 for an unknown or already deleted account, 400 for a malformed id, 401 without an environment token', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    expect((await vendor.DELETE(TENANT, { params: { path: { tenantId: tenant.tenantId } } })).response.status).toBe(200);
    const again = await vendor.DELETE(TENANT, { params: { path: { tenantId: tenant.tenantId } } });
    expect(again.response.status).toBe(404);
    expect(again.error?.errorCode).toBe('ER-02001');
    expect((await vendor.DELETE(TENANT, { params: { path: { tenantId: randomUUID() } } })).response.status).toBe(404);
    expect((await vendor.DELETE(TENANT, { params: { path: { tenantId: 'bad id' } } })).response.status).toBe(400);
    expect((await server.client.DELETE(TENANT, { params: { path: { tenantId: tenant.tenantId } } })).response.status).toBe(401);
    const { admin } = await accountWithMembers(server);
    expect((await admin.client.DELETE(TENANT, { params: { path: { tenantId: tenant.tenantId } } })).response.status).toBe(401);
  });
});

describe('DELETE /tenants/resources/tenants/v1 (the current account)', () => {
  it("deletes the caller's own account and no other; the caller's refresh token stops working", async () => {
    const mine = await accountWithMembers(server);
    const other = await accountWithMembers(server);
    const deleted = await mine.admin.client.DELETE(TENANTS, { params: { header: { 'frontegg-tenant-id': other.tenant.tenantId } } });
    expect(deleted.response.status).toBe(200);
    expect((await mine.vendor.GET(TENANT_V2, { params: { path: { tenantId: mine.tenant.tenantId } } })).response.status).toBe(404);
    expect((await mine.vendor.GET(TENANT_V2, { params: { path: { tenantId: other.tenant.tenantId } } })).response.status).toBe(200);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: mine.admin.refreshToken } })).response.status).toBe(401);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: mine.readOnly.refreshToken } })).response.status).toBe(401);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: other.admin.refreshToken } })).response.status).toBe(201);
  });

  it('with an environment token deletes the account of frontegg-tenant-id; 400 without it, 404 for an unknown one', async () => {
    const { tenant, vendor, asEnvironment } = await accountWithMembers(server);
    expect((await asEnvironment.DELETE(TENANTS, {})).response.status).toBe(200);
    expect((await vendor.GET(TENANT_V2, { params: { path: { tenantId: tenant.tenantId } } })).response.status).toBe(404);
    const without = await vendor.DELETE(TENANTS, {});
    expect(without.response.status).toBe(400);
    expect(without.error?.errorCode).toBe('ER-03002');
    const unknown = await vendor.DELETE(TENANTS, { params: { header: { 'frontegg-tenant-id': randomUUID() } } });
    expect(unknown.response.status).toBe(404);
  });

  it('answers 403 to a member without fe.account-settings.delete.account, 401 without a token', async () => {
    const { readOnly, vendor, tenant } = await accountWithMembers(server);
    const refused = await readOnly.client.DELETE(TENANTS, {});
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.account-settings\.delete\.account/);
    expect((await vendor.GET(TENANT_V2, { params: { path: { tenantId: tenant.tenantId } } })).response.status).toBe(200);
    expect((await server.client.DELETE(TENANTS, {})).response.status).toBe(401);
    const stale = createNesteggClient({ baseUrl: server.url, accessToken: 'not-a-token' });
    expect((await stale.DELETE(TENANTS, {})).response.status).toBe(401);
  });
});
