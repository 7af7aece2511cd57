import { randomUUID } from 'node:crypto';
import {
  APP,
  APP_TENANT,
  APP_TENANTS,
  ASSIGNMENTS_V1,
  ASSIGNMENTS_V2,
  appsAccount,
  assignTenant,
  createApp,
  vendorWithDefault,
} from '../../support/applications';
import { createTenant } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('POST /applications/resources/applications/tenant-assignments/v1/{appId}', () => {
  it('assigns the application to an account (201) and answers the account with all of its applications', async () => {
    const { vendor } = await vendorWithDefault(server);
    const tenant = await createTenant(vendor);
    const first = await createApp(vendor);
    const second = await createApp(vendor);
    await assignTenant(vendor, first.id, tenant.tenantId);
    const created = await vendor.POST(APP_TENANTS, {
      params: { path: { appId: second.id } },
      body: { tenantId: tenant.tenantId, accessType: 'MANAGED_ACCESS' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({ tenantId: tenant.tenantId, appIds: [first.id, second.id] });
  });

  it('answers 409 when already assigned, 404 for an unknown application or account, 400 for a bad body, 401 without an environment token', async () => {
    const { vendor, tenantId, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    const again = await vendor.POST(APP_TENANTS, { params: { path: { appId: app.id } }, body: { tenantId } });
    expect(again.response.status).toBe(409);
    expect(again.error?.errorCode).toBe('ER-04005');
    const unknownApp = await vendor.POST(APP_TENANTS, { params: { path: { appId: randomUUID() } }, body: { tenantId } });
    expect(unknownApp.response.status).toBe(404);
    expect(unknownApp.error?.errorCode).toBe('ER-04001');
    const unknownTenant = await vendor.POST(APP_TENANTS, { params: { path: { appId: app.id } }, body: { tenantId: `t-${randomUUID()}` } });
    expect(unknownTenant.response.status).toBe(404);
    expect(unknownTenant.error?.errorCode).toBe('ER-02001');
    expect((await vendor.POST(APP_TENANTS, { params: { path: { appId: app.id } }, body: {} as never })).response.status).toBe(400);
    expect((await vendor.POST(APP_TENANTS, { params: { path: { appId: 'x' } }, body: { tenantId } })).response.status).toBe(400);
    expect((await server.client.POST(APP_TENANTS, { params: { path: { appId: app.id } }, body: { tenantId } })).response.status).toBe(401);
    expect((await admin.client.POST(APP_TENANTS, { params: { path: { appId: app.id } }, body: { tenantId } })).response.status).toBe(401);
  });
});

describe('GET /applications/resources/applications/tenant-assignments/v1/{appId}', () => {
  it('lists the accounts of the application (200); 404 for an unknown one; 400 malformed; 401 without an environment token', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor);
    const one = await createTenant(vendor);
    const two = await createTenant(vendor);
    await assignTenant(vendor, app.id, one.tenantId);
    await assignTenant(vendor, app.id, two.tenantId);
    const list = await vendor.GET(APP_TENANTS, { params: { path: { appId: app.id } } });
    expect(list.response.status).toBe(200);
    expect(list.data?.tenantIds.sort()).toEqual([one.tenantId, two.tenantId].sort());
    expect((await vendor.GET(APP_TENANTS, { params: { path: { appId: randomUUID() } } })).response.status).toBe(404);
    expect((await vendor.GET(APP_TENANTS, { params: { path: { appId: 'x' } } })).response.status).toBe(400);
    expect((await server.client.GET(APP_TENANTS, { params: { path: { appId: app.id } } })).response.status).toBe(401);
  });
});

describe('GET /applications/resources/applications/tenant-assignments/v1 and v2', () => {
  it('groups assignments by account, narrowed by appIds, tenantIds and accessType; v2 carries the effective access type', async () => {
    const { vendor } = await vendorWithDefault(server);
    const free = await createApp(vendor);
    const managed = await createApp(vendor, { accessType: 'MANAGED_ACCESS' });
    const one = await createTenant(vendor);
    const two = await createTenant(vendor);
    await assignTenant(vendor, free.id, one.tenantId);
    await assignTenant(vendor, managed.id, one.tenantId);
    await assignTenant(vendor, free.id, two.tenantId, 'MANAGED_ACCESS');
    const tenantIds = `${one.tenantId},${two.tenantId}`;

    const v1 = await vendor.GET(ASSIGNMENTS_V1, { params: { query: { tenantIds } } });
    expect(v1.response.status).toBe(200);
    const sorted = <T extends { tenantId: string }>(rows: T[]) => [...rows].sort((a, b) => a.tenantId.localeCompare(b.tenantId));
    expect(sorted(v1.data!)).toEqual(
      sorted([
        { tenantId: one.tenantId, appIds: [free.id, managed.id] },
        { tenantId: two.tenantId, appIds: [free.id] },
      ]),
    );

    const v2 = await vendor.GET(ASSIGNMENTS_V2, { params: { query: { tenantIds } } });
    expect(sorted(v2.data!)).toEqual(
      sorted([
        {
          tenantId: one.tenantId,
          assignments: [
            { appId: free.id, accessType: 'FREE_ACCESS' },
            { appId: managed.id, accessType: 'MANAGED_ACCESS' },
          ],
        },
        { tenantId: two.tenantId, assignments: [{ appId: free.id, accessType: 'MANAGED_ACCESS' }] },
      ]),
    );
    const managedOnly = await vendor.GET(ASSIGNMENTS_V2, { params: { query: { tenantIds, accessType: 'MANAGED_ACCESS' } } });
    expect(sorted(managedOnly.data!).map((row) => [row.tenantId, row.assignments.map((a) => a.appId)])).toEqual(
      sorted([{ tenantId: one.tenantId }, { tenantId: two.tenantId }]).map((row) => [row.tenantId, row.tenantId === one.tenantId ? [managed.id] : [free.id]]),
    );
    const byApp = await vendor.GET(ASSIGNMENTS_V1, { params: { query: { appIds: managed.id } } });
    expect(byApp.data).toEqual([{ tenantId: one.tenantId, appIds: [managed.id] }]);
  });

  it('answers 400 for a bad accessType and 401 without a token', async () => {
    const { vendor } = await appsAccount(server);
    for (const route of [ASSIGNMENTS_V1, ASSIGNMENTS_V2] as const) {
      expect((await vendor.GET(route, { params: { query: { accessType: 'ALL' as 'FREE_ACCESS' } } })).response.status).toBe(400);
      expect((await server.client.GET(route, {})).response.status).toBe(401);
    }
  });

  it("answers a member's user token with their own account's assignments only, whatever tenantIds names", async () => {
    const { vendor, tenantId, readOnly } = await appsAccount(server);
    const other = await createTenant(vendor);
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    await assignTenant(vendor, app.id, other.tenantId);
    const v1 = await readOnly.client.GET(ASSIGNMENTS_V1, {});
    expect(v1.response.status).toBe(200);
    expect(v1.data).toEqual([{ tenantId, appIds: [app.id] }]);
    const v2 = await readOnly.client.GET(ASSIGNMENTS_V2, {});
    expect(v2.data).toEqual([{ tenantId, assignments: [{ appId: app.id, accessType: 'FREE_ACCESS' }] }]);
    for (const route of [ASSIGNMENTS_V1, ASSIGNMENTS_V2] as const) {
      expect((await readOnly.client.GET(route, { params: { query: { tenantIds: other.tenantId } } })).data).toEqual([]);
      const both = await readOnly.client.GET(route, { params: { query: { tenantIds: `${other.tenantId},${tenantId}` } } });
      expect(both.data?.map((entry) => entry.tenantId)).toEqual([tenantId]);
    }
  });
});

describe('PUT and DELETE /applications/resources/applications/tenant-assignments/v1/{appId}/{tenantId}', () => {
  it('changes the access type in one account (200) and takes the application away (200); then 404', async () => {
    const { vendor, tenantId } = await appsAccount(server);
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    const edited = await vendor.PUT(APP_TENANT, { params: { path: { appId: app.id, tenantId } }, body: { accessType: 'MANAGED_ACCESS' } });
    expect(edited.response.status).toBe(200);
    const v2 = await vendor.GET(ASSIGNMENTS_V2, { params: { query: { tenantIds: tenantId } } });
    expect(v2.data).toEqual([{ tenantId, assignments: [{ appId: app.id, accessType: 'MANAGED_ACCESS' }] }]);
    expect((await vendor.GET(APP, { params: { path: { id: app.id } } })).data?.accessType).toBe('FREE_ACCESS');

    expect((await vendor.DELETE(APP_TENANT, { params: { path: { appId: app.id, tenantId } } })).response.status).toBe(200);
    expect((await vendor.GET(APP_TENANTS, { params: { path: { appId: app.id } } })).data).toEqual({ tenantIds: [] });
    const gone = await vendor.DELETE(APP_TENANT, { params: { path: { appId: app.id, tenantId } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error?.errorCode).toBe('ER-04006');
    const editGone = await vendor.PUT(APP_TENANT, { params: { path: { appId: app.id, tenantId } }, body: { accessType: 'FREE_ACCESS' } });
    expect(editGone.response.status).toBe(404);
  });

  it('answers 404 for an unknown application, 400 for a bad body or id, 401 without an environment token', async () => {
    const { vendor, tenantId, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    await assignTenant(vendor, app.id, tenantId);
    const path = { appId: app.id, tenantId };
    expect((await vendor.PUT(APP_TENANT, { params: { path: { appId: randomUUID(), tenantId } }, body: { accessType: 'FREE_ACCESS' } })).response.status).toBe(
      404,
    );
    expect((await vendor.DELETE(APP_TENANT, { params: { path: { appId: randomUUID(), tenantId } } })).response.status).toBe(404);
    expect((await vendor.PUT(APP_TENANT, { params: { path }, body: { accessType: 'SOME' as 'FREE_ACCESS' } })).response.status).toBe(400);
    expect((await vendor.PUT(APP_TENANT, { params: { path }, body: {} as never })).response.status).toBe(400);
    expect((await vendor.DELETE(APP_TENANT, { params: { path: { appId: 'x', tenantId } } })).response.status).toBe(400);
    expect((await server.client.PUT(APP_TENANT, { params: { path }, body: { accessType: 'FREE_ACCESS' } })).response.status).toBe(401);
    expect((await admin.client.PUT(APP_TENANT, { params: { path }, body: { accessType: 'FREE_ACCESS' } })).response.status).toBe(401);
    expect((await server.client.DELETE(APP_TENANT, { params: { path } })).response.status).toBe(401);
    expect((await admin.client.DELETE(APP_TENANT, { params: { path } })).response.status).toBe(401);
    expect((await vendor.GET(APP_TENANTS, { params: { path: { appId: app.id } } })).data).toEqual({ tenantIds: [tenantId] });
  });
});
