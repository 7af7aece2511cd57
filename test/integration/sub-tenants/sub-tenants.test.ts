import {
  adminOf,
  createSubAccount,
  HIERARCHY,
  HIERARCHY_SETTINGS,
  hierarchyFixture,
  MANAGEMENT,
  PARENTS,
  SUB_TENANT,
  SUB_TENANTS,
  uniqueTenantId,
} from '../../support/hierarchy';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('POST /tenants/resources/sub-tenants/v1', () => {
  it("creates an account beneath the admin's own account, or beneath one of its sub-accounts (201)", async () => {
    const { admin, top, grandchild } = await hierarchyFixture(server);
    const tenantId = uniqueTenantId('new');
    const created = await admin.client.POST(SUB_TENANTS, { body: { tenantId, name: 'New', parentTenantId: top.tenantId, isReseller: true } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ tenantId, name: 'New', isReseller: true, deletedAt: null });
    const deeper = await admin.client.POST(SUB_TENANTS, { body: { tenantId: uniqueTenantId('deep'), name: 'Deep', parentTenantId: grandchild.tenantId } });
    expect(deeper.response.status).toBe(201);
    const list = await admin.client.GET(HIERARCHY, {});
    expect(list.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tenantId, name: 'New', parentTenantId: top.tenantId, isReseller: true }),
        expect.objectContaining({ tenantId: deeper.data!.tenantId, name: 'Deep', parentTenantId: grandchild.tenantId, isReseller: false }),
      ]),
    );
  });

  it('with the environment token, creates beneath any account; 404 naming an unknown parent', async () => {
    const { vendor, unrelated } = await hierarchyFixture(server);
    const created = await createSubAccount(vendor, unrelated.tenantId);
    expect(created.tenantId).toMatch(/^sub-/);
    const parentTenantId = uniqueTenantId('missing');
    const missing = await vendor.POST(SUB_TENANTS, { body: { tenantId: uniqueTenantId(), name: 'x', parentTenantId } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ errors: [`Account (tenant) not found: ${parentTenantId}`], errorCode: 'ER-02201' });
  });

  it("answers 404 to a user for a parent outside their account's part of the hierarchy, and creates nothing", async () => {
    const { admin, vendor, child, unrelated, top, sibling } = await hierarchyFixture(server);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    await vendor.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } });
    const attempts = [
      { client: admin.client, parent: unrelated.tenantId },
      { client: childAdmin.client, parent: top.tenantId },
      { client: childAdmin.client, parent: sibling.tenantId },
    ];
    for (const { client, parent } of attempts) {
      const tenantId = uniqueTenantId('refused');
      const refused = await client.POST(SUB_TENANTS, { body: { tenantId, name: 'x', parentTenantId: parent } });
      expect(refused.response.status).toBe(404);
      expect(refused.error?.errors[0]).toContain(parent);
      expect((await vendor.GET('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId } } })).response.status).toBe(404);
    }
  });

  it('answers 403 to the admin of a sub-account that is not a reseller, until it is made one', async () => {
    const { vendor, child, admin } = await hierarchyFixture(server);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    const body = () => ({ tenantId: uniqueTenantId(), name: 'x', parentTenantId: child.tenantId });
    const refused = await childAdmin.client.POST(SUB_TENANTS, { body: body() });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errorCode).toBe('ER-02202');
    expect(refused.error?.errors[0]).toContain(child.tenantId);
    expect((await admin.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } })).response.status).toBe(200);
    expect((await childAdmin.client.POST(SUB_TENANTS, { body: body() })).response.status).toBe(201);
  });

  it('answers 409 for a tenantId in use, 400 for a missing parentTenantId or a malformed tenantId, 403 without the permission, 401 without a token', async () => {
    const { admin, reader, top, child } = await hierarchyFixture(server);
    const taken = await admin.client.POST(SUB_TENANTS, { body: { tenantId: child.tenantId, name: 'x', parentTenantId: top.tenantId } });
    expect(taken.response.status).toBe(409);
    expect(taken.error?.errorCode).toBe('ER-02002');
    const noParent = await admin.client.POST(SUB_TENANTS, { body: { tenantId: uniqueTenantId(), name: 'x' } as never });
    expect(noParent.response.status).toBe(400);
    expect(noParent.error?.errors[0]).toMatch(/parentTenantId/);
    const badId = await admin.client.POST(SUB_TENANTS, { body: { tenantId: ' bad id', name: 'x', parentTenantId: top.tenantId } });
    expect(badId.response.status).toBe(400);
    const forbidden = await reader.client.POST(SUB_TENANTS, { body: { tenantId: uniqueTenantId(), name: 'x', parentTenantId: top.tenantId } });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error?.errors[0]).toMatch(/fe\.account-hierarchy\.write\.subAccount/);
    expect((await server.client.POST(SUB_TENANTS, { body: { tenantId: uniqueTenantId(), name: 'x', parentTenantId: top.tenantId } })).response.status).toBe(
      401,
    );
  });
});

describe('DELETE /tenants/resources/sub-tenants/v1/{tenantId}', () => {
  it('deletes a sub-account; the accounts beneath it move up to its parent', async () => {
    const { admin, vendor, top, child, grandchild, sibling } = await hierarchyFixture(server);
    const deleted = await admin.client.DELETE(SUB_TENANT, { params: { path: { tenantId: child.tenantId } } });
    expect(deleted.response.status).toBe(200);
    expect((await vendor.GET('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId: child.tenantId } } })).response.status).toBe(404);
    const list = await admin.client.GET(HIERARCHY, {});
    expect(list.data?.map((account) => [account.tenantId, account.parentTenantId]).sort()).toEqual(
      [
        [grandchild.tenantId, top.tenantId],
        [sibling.tenantId, top.tenantId],
      ].sort(),
    );
    const again = await admin.client.DELETE(SUB_TENANT, { params: { path: { tenantId: child.tenantId } } });
    expect(again.response.status).toBe(404);
  });

  it('answers 404 to a user for an account outside their part of the hierarchy (unrelated, parent, sibling) and deletes nothing', async () => {
    const { admin, vendor, child, unrelated, top, sibling } = await hierarchyFixture(server);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    await admin.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } });
    for (const [client, tenantId] of [
      [admin.client, unrelated.tenantId],
      [childAdmin.client, top.tenantId],
      [childAdmin.client, sibling.tenantId],
    ] as const) {
      const refused = await client.DELETE(SUB_TENANT, { params: { path: { tenantId } } });
      expect(refused.response.status).toBe(404);
      expect(refused.error).toEqual({ errors: [`Account (tenant) not found: ${tenantId}`], errorCode: 'ER-02201' });
      expect((await vendor.GET('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId } } })).response.status).toBe(200);
    }
  });

  it("answers 400 for the user's own account, 403 without the permission or for a non-reseller sub-account, 401 without a token; the environment deletes any account", async () => {
    const { admin, reader, vendor, top, child, grandchild, unrelated } = await hierarchyFixture(server);
    const own = await admin.client.DELETE(SUB_TENANT, { params: { path: { tenantId: top.tenantId } } });
    expect(own.response.status).toBe(400);
    expect(own.error?.errorCode).toBe('ER-02203');
    expect(own.error?.errors[0]).toContain(top.tenantId);
    const forbidden = await reader.client.DELETE(SUB_TENANT, { params: { path: { tenantId: child.tenantId } } });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error?.errors[0]).toMatch(/fe\.account-hierarchy\.delete\.subAccount/);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    const notReseller = await childAdmin.client.DELETE(SUB_TENANT, { params: { path: { tenantId: grandchild.tenantId } } });
    expect(notReseller.response.status).toBe(403);
    expect(notReseller.error?.errorCode).toBe('ER-02202');
    expect((await server.client.DELETE(SUB_TENANT, { params: { path: { tenantId: child.tenantId } } })).response.status).toBe(401);
    expect((await vendor.DELETE(SUB_TENANT, { params: { path: { tenantId: unrelated.tenantId } } })).response.status).toBe(200);
    expect((await vendor.DELETE(SUB_TENANT, { params: { path: { tenantId: unrelated.tenantId } } })).response.status).toBe(404);
  });
});

describe('PUT /tenants/resources/sub-tenants/v1/{tenantId}/management', () => {
  it('sets isReseller of a sub-account and answers its hierarchy settings', async () => {
    const { admin, vendor, child } = await hierarchyFixture(server);
    const on = await admin.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } });
    expect(on.response.status).toBe(200);
    expect(on.data).toMatchObject({ tenantId: child.tenantId, isReseller: true, subAccountAccessType: 'defaultOff' });
    const read = await vendor.GET('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId: child.tenantId } } });
    expect(read.data?.[0].isReseller).toBe(true);
    const off = await vendor.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: false } });
    expect(off.data?.isReseller).toBe(false);
  });

  it('answers 404 outside the part of the hierarchy (unrelated, parent, sibling), 400 for the own account or a bad body, 403 without the permission, 401 without a token', async () => {
    const { admin, reader, vendor, top, child, sibling, unrelated, grandchild } = await hierarchyFixture(server);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    await admin.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } });
    for (const [client, tenantId] of [
      [admin.client, unrelated.tenantId],
      [childAdmin.client, top.tenantId],
      [childAdmin.client, sibling.tenantId],
    ] as const) {
      const refused = await client.PUT(MANAGEMENT, { params: { path: { tenantId } }, body: { isReseller: true } });
      expect(refused.response.status).toBe(404);
      expect(refused.error?.errors[0]).toContain(tenantId);
    }
    const self = await childAdmin.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: false } });
    expect(self.response.status).toBe(400);
    expect(self.error?.errorCode).toBe('ER-02203');
    expect((await childAdmin.client.PUT(MANAGEMENT, { params: { path: { tenantId: grandchild.tenantId } }, body: { isReseller: true } })).response.status).toBe(
      200,
    );
    const badBody = await admin.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: 'yes' } as never });
    expect(badBody.response.status).toBe(400);
    expect((await reader.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } })).response.status).toBe(403);
    expect((await server.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } })).response.status).toBe(401);
    const unknown = await vendor.PUT(MANAGEMENT, { params: { path: { tenantId: uniqueTenantId() } }, body: { isReseller: true } });
    expect(unknown.response.status).toBe(404);
    for (const tenantId of [top.tenantId, sibling.tenantId, unrelated.tenantId]) {
      const read = await vendor.GET('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId } } });
      expect(read.data?.[0].isReseller).toBe(false);
    }
  });
});

describe('PUT /tenants/resources/sub-tenants/v1/{tenantId}/hierarchy-settings', () => {
  it("sets the access type of the admin's own account and of a sub-account", async () => {
    const { admin, top, child, vendor } = await hierarchyFixture(server);
    const own = await admin.client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: top.tenantId } }, body: { subAccountAccessType: 'alwaysOn' } });
    expect(own.response.status).toBe(200);
    expect(own.data).toMatchObject({ tenantId: top.tenantId, subAccountAccessType: 'alwaysOn', isReseller: false });
    const sub = await admin.client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: child.tenantId } }, body: { subAccountAccessType: 'defaultOn' } });
    expect(sub.data?.subAccountAccessType).toBe('defaultOn');
    const changed = await vendor.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: child.tenantId } }, body: { subAccountAccessType: 'defaultOff' } });
    expect(changed.data).toMatchObject({ tenantId: child.tenantId, subAccountAccessType: 'defaultOff', isReseller: false });
  });

  it('a deleted account brought back starts with the default settings, not its old ones', async () => {
    const { top, vendor } = await hierarchyFixture(server);
    const sub = await createSubAccount(vendor, top.tenantId);
    await vendor.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: sub.tenantId } }, body: { subAccountAccessType: 'alwaysOn' } });
    await vendor.PUT(MANAGEMENT, { params: { path: { tenantId: sub.tenantId } }, body: { isReseller: true } });
    expect((await vendor.DELETE(SUB_TENANT, { params: { path: { tenantId: sub.tenantId } } })).response.status).toBe(200);
    const back = await vendor.POST(SUB_TENANTS, { body: { tenantId: sub.tenantId, name: 'Back', parentTenantId: top.tenantId } });
    expect(back.response.status).toBe(201);
    expect(back.data).toMatchObject({ tenantId: sub.tenantId, name: 'Back', isReseller: false, parentTenantId: top.tenantId });
    const settings = await vendor.PUT(MANAGEMENT, { params: { path: { tenantId: sub.tenantId } }, body: { isReseller: false } });
    expect(settings.data).toMatchObject({ tenantId: sub.tenantId, subAccountAccessType: 'defaultOff', isReseller: false });
  });

  it('answers 404 outside the part of the hierarchy, 403 for a non-reseller sub-account or without the permission, 400 for an unknown type, 401 without a token', async () => {
    const { admin, reader, noRoles, vendor, top, child, sibling, unrelated } = await hierarchyFixture(server);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    const body = { subAccountAccessType: 'defaultOn' as const };
    const notReseller = await childAdmin.client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: child.tenantId } }, body });
    expect(notReseller.response.status).toBe(403);
    expect(notReseller.error?.errorCode).toBe('ER-02202');
    await admin.client.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } });
    expect((await childAdmin.client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: child.tenantId } }, body })).response.status).toBe(200);
    for (const [client, tenantId] of [
      [admin.client, unrelated.tenantId],
      [childAdmin.client, top.tenantId],
      [childAdmin.client, sibling.tenantId],
    ] as const) {
      const refused = await client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId } }, body });
      expect(refused.response.status).toBe(404);
      expect(refused.error?.errors[0]).toContain(tenantId);
    }
    const unknownType = await admin.client.PUT(HIERARCHY_SETTINGS, {
      params: { path: { tenantId: top.tenantId } },
      body: { subAccountAccessType: 'sometimes' } as never,
    });
    expect(unknownType.response.status).toBe(400);
    expect(unknownType.error?.errors[0]).toMatch(/subAccountAccessType/);
    expect((await reader.client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: top.tenantId } }, body })).response.status).toBe(403);
    expect((await noRoles.client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: top.tenantId } }, body })).response.status).toBe(403);
    expect((await server.client.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId: top.tenantId } }, body })).response.status).toBe(401);
    const parents = await childAdmin.client.GET(PARENTS, {});
    expect(parents.data?.map((account) => account.tenantId)).toEqual([top.tenantId]);
  });
});
