import { adminOf, createSubAccount, hierarchyFixture, MANAGEMENT, SUB_TENANT, uniqueTenantId } from '../../support/hierarchy';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const SEARCH = '/tenants/resources/hierarchy/v2';
const METADATA = '/tenants/resources/hierarchy/v2/metadata';
const PARENTS_OF = '/tenants/resources/hierarchy/v1/parents/{tenantId}';

describe('GET /tenants/resources/hierarchy/v2', () => {
  it("pages through the accounts directly beneath the caller's account, each saying whether it has sub-accounts", async () => {
    const { admin, child, sibling } = await hierarchyFixture(server);
    const first = await admin.client.GET(SEARCH, { params: { query: { _limit: 1, _offset: 0 } } });
    expect(first.response.status).toBe(200);
    expect(first.data?._metadata).toEqual({ totalItems: 2, totalPages: 2 });
    expect(first.data?.items).toEqual([
      {
        tenantId: child.tenantId,
        name: 'Child',
        createdAt: expect.any(String),
        metadata: { isParent: true },
        isReseller: false,
        subAccountAccessType: 'defaultOff',
      },
    ]);
    expect(first.data?._links.next).toContain('_offset=1');
    const second = await admin.client.GET(SEARCH, { params: { query: { _limit: 1, _offset: 1 } } });
    expect(second.data?.items.map((item) => [item.tenantId, item.metadata.isParent])).toEqual([[sibling.tenantId, false]]);
    const beyond = await admin.client.GET(SEARCH, { params: { query: { _limit: 1, _offset: 5 } } });
    expect(beyond.data).toMatchObject({ items: [], _metadata: { totalItems: 2, totalPages: 2 } });
    const reversed = await admin.client.GET(SEARCH, { params: { query: { _sortBy: 'name', _order: 'DESC' } } });
    expect(reversed.data?.items.map((item) => item.name)).toEqual(['Sibling', 'Child']);
  });

  it('opens one level beneath _subTenantId, and with _filter searches every depth by name or id, in any case', async () => {
    const { admin, child, grandchild } = await hierarchyFixture(server);
    const level = await admin.client.GET(SEARCH, { params: { query: { _subTenantId: child.tenantId } } });
    expect(level.data?.items.map((item) => item.tenantId)).toEqual([grandchild.tenantId]);
    const found = await admin.client.GET(SEARCH, { params: { query: { _filter: 'GRAND' } } });
    expect(found.data?.items.map((item) => item.tenantId)).toEqual([grandchild.tenantId]);
    const byId = await admin.client.GET(SEARCH, { params: { query: { _filter: child.tenantId } } });
    expect(byId.data?.items.map((item) => item.tenantId)).toEqual([child.tenantId]);
    const wildcard = await admin.client.GET(SEARCH, { params: { query: { _filter: '%' } } });
    expect(wildcard.data?.items).toEqual([]);
  });

  it("answers 404 for an account outside the caller's part of the hierarchy, 403 without the permission", async () => {
    const { admin, vendor, child, top, unrelated, noRoles } = await hierarchyFixture(server);
    const outside = await admin.client.GET(SEARCH, { params: { query: { _subTenantId: unrelated.tenantId } } });
    expect(outside.response.status).toBe(404);
    expect(outside.error?.errorCode).toBe('ER-02201');
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    expect((await childAdmin.client.GET(SEARCH, { params: { query: { _subTenantId: top.tenantId } } })).response.status).toBe(404);
    expect((await noRoles.client.GET(SEARCH, {})).response.status).toBe(403);
  });

  it('with the environment token, searches beneath the account of frontegg-tenant-id or any _subTenantId', async () => {
    const { vendor, vendorIn, top, child, unrelated } = await hierarchyFixture(server);
    const inTop = await (await vendorIn(top.tenantId)).GET(SEARCH, {});
    expect(inTop.data?._metadata.totalItems).toBe(2);
    const sub = await createSubAccount(vendor, unrelated.tenantId, 'Far');
    const elsewhere = await vendor.GET(SEARCH, { params: { query: { _subTenantId: unrelated.tenantId } } });
    expect(elsewhere.data?.items.map((item) => item.tenantId)).toEqual([sub.tenantId]);
    expect(child.tenantId).toBeTruthy();
  });
});

describe('GET /tenants/resources/hierarchy/v2/metadata', () => {
  it('counts the accounts beneath each account asked for, at any depth, in the order asked', async () => {
    const { admin, top, child, sibling } = await hierarchyFixture(server);
    const counts = await admin.client.GET(METADATA, { params: { query: { _tenantIds: `${sibling.tenantId},${top.tenantId},${child.tenantId}` } } });
    expect(counts.response.status).toBe(200);
    expect(counts.data).toEqual([
      { tenantId: sibling.tenantId, totalSubTenants: 0, isParent: false },
      { tenantId: top.tenantId, totalSubTenants: 3, isParent: true },
      { tenantId: child.tenantId, totalSubTenants: 1, isParent: true },
    ]);
  });

  it("answers 404 when one account is outside the caller's part of the hierarchy or unknown", async () => {
    const { admin, top, unrelated } = await hierarchyFixture(server);
    for (const other of [unrelated.tenantId, uniqueTenantId('missing')]) {
      const refused = await admin.client.GET(METADATA, { params: { query: { _tenantIds: `${top.tenantId},${other}` } } });
      expect(refused.response.status).toBe(404);
      expect(refused.error?.errors[0]).toContain(other);
    }
  });
});

describe('GET /tenants/resources/hierarchy/v1/parents/{tenantId}', () => {
  it('lists the accounts above an account of the caller, its parent first', async () => {
    const { admin, top, child, grandchild } = await hierarchyFixture(server);
    const parents = await admin.client.GET(PARENTS_OF, { params: { path: { tenantId: grandchild.tenantId } } });
    expect(parents.response.status).toBe(200);
    expect(parents.data?.map((account) => [account.tenantId, account.level, account.tenantName])).toEqual([
      [child.tenantId, 1, 'Child'],
      [top.tenantId, 2, top.name],
    ]);
    expect(parents.data?.[0]).toMatchObject({ status: 'active', createdAt: expect.any(String), parentTenantId: top.tenantId });
    expect((await admin.client.GET(PARENTS_OF, { params: { path: { tenantId: top.tenantId } } })).data).toEqual([]);
  });

  it("answers 404 for an account outside the caller's part of the hierarchy", async () => {
    const { admin, vendor, top, child, unrelated } = await hierarchyFixture(server);
    expect((await admin.client.GET(PARENTS_OF, { params: { path: { tenantId: unrelated.tenantId } } })).response.status).toBe(404);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    expect((await childAdmin.client.GET(PARENTS_OF, { params: { path: { tenantId: top.tenantId } } })).response.status).toBe(404);
    expect((await vendor.GET(PARENTS_OF, { params: { path: { tenantId: child.tenantId } } })).data?.map((a) => a.tenantId)).toEqual([top.tenantId]);
  });
});

describe('PATCH /tenants/resources/sub-tenants/v1/{tenantId}', () => {
  it('renames an account beneath the caller and answers its name and settings', async () => {
    const { admin, vendor, grandchild } = await hierarchyFixture(server);
    const renamed = await admin.client.PATCH(SUB_TENANT, { params: { path: { tenantId: grandchild.tenantId } }, body: { name: 'Renamed' } });
    expect(renamed.response.status).toBe(200);
    expect(renamed.data).toMatchObject({ tenantId: grandchild.tenantId, name: 'Renamed', isReseller: false, subAccountAccessType: 'defaultOff' });
    const stored = await vendor.GET('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId: grandchild.tenantId } } });
    expect(stored.data?.[0]?.name).toBe('Renamed');
  });

  it("answers 400 for the caller's own account or an empty name, 404 outside the caller's part, 403 from a sub-account that is no reseller", async () => {
    const { admin, vendor, top, child, grandchild, unrelated, reader } = await hierarchyFixture(server);
    const own = await admin.client.PATCH(SUB_TENANT, { params: { path: { tenantId: top.tenantId } }, body: { name: 'x' } });
    expect(own.response.status).toBe(400);
    expect((await admin.client.PATCH(SUB_TENANT, { params: { path: { tenantId: child.tenantId } }, body: { name: '' } })).response.status).toBe(400);
    expect((await admin.client.PATCH(SUB_TENANT, { params: { path: { tenantId: unrelated.tenantId } }, body: { name: 'x' } })).response.status).toBe(404);
    expect((await reader.client.PATCH(SUB_TENANT, { params: { path: { tenantId: child.tenantId } }, body: { name: 'x' } })).response.status).toBe(403);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    const notReseller = await childAdmin.client.PATCH(SUB_TENANT, { params: { path: { tenantId: grandchild.tenantId } }, body: { name: 'x' } });
    expect(notReseller.response.status).toBe(403);
    await vendor.PUT(MANAGEMENT, { params: { path: { tenantId: child.tenantId } }, body: { isReseller: true } });
    expect((await childAdmin.client.PATCH(SUB_TENANT, { params: { path: { tenantId: grandchild.tenantId } }, body: { name: 'x' } })).response.status).toBe(200);
  });
});
