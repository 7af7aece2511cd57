import { randomUUID } from 'node:crypto';
import { createTenant } from '../../support/fixtures';
import { adminOf, createSubAccount, HIERARCHY, hierarchyFixture, PARENTS, TREE, uniqueTenantId } from '../../support/hierarchy';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('GET /tenants/resources/hierarchy/v1', () => {
  it("lists every account beneath the caller's account, nearest first, to admins and readers alike", async () => {
    const { admin, reader, top, child, grandchild, sibling } = await hierarchyFixture(server);
    const expected = [
      expect.objectContaining({ tenantId: child.tenantId, name: 'Child', parentTenantId: top.tenantId, isReseller: false }),
      expect.objectContaining({ tenantId: sibling.tenantId, name: 'Sibling', parentTenantId: top.tenantId, isReseller: false }),
      expect.objectContaining({ tenantId: grandchild.tenantId, name: 'Grandchild', parentTenantId: child.tenantId, isReseller: false }),
    ];
    for (const client of [admin.client, reader.client]) {
      const list = await client.GET(HIERARCHY, {});
      expect(list.response.status).toBe(200);
      expect(list.data).toEqual(expected);
    }
  });

  it('with the environment token, lists beneath the account of frontegg-tenant-id: 400 without it, 404 for an unknown one', async () => {
    const { vendor, vendorIn, child, grandchild } = await hierarchyFixture(server);
    const list = await vendorIn(child.tenantId).GET(HIERARCHY, {});
    expect(list.data?.map((account) => account.tenantId)).toEqual([grandchild.tenantId]);
    const withoutHeader = await vendor.GET(HIERARCHY, {});
    expect(withoutHeader.response.status).toBe(400);
    expect(withoutHeader.error?.errorCode).toBe('ER-03002');
    const tenantId = uniqueTenantId();
    const unknown = await vendorIn(tenantId).GET(HIERARCHY, {});
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.errors[0]).toContain(tenantId);
  });

  it('shows a user nothing of another hierarchy, whatever frontegg-tenant-id says; 403 without the permission, 401 without a token', async () => {
    const first = await hierarchyFixture(server);
    const second = await hierarchyFixture(server);
    const ids = (await second.admin.client.GET(HIERARCHY, {})).data?.map((account) => account.tenantId) ?? [];
    expect(ids).toHaveLength(3);
    for (const id of [first.top.tenantId, first.child.tenantId, first.grandchild.tenantId, first.sibling.tenantId]) expect(ids).not.toContain(id);
    // a user token's own claims name the account: frontegg-tenant-id cannot point it elsewhere
    const pointed = await second.admin.client.GET(HIERARCHY, { params: { header: { 'frontegg-tenant-id': first.top.tenantId } } });
    expect(pointed.data?.map((account) => account.tenantId).sort()).toEqual([...ids].sort());
    const pointedTree = await second.admin.client.GET(TREE, { params: { header: { 'frontegg-tenant-id': first.top.tenantId } } });
    expect(pointedTree.data?.tenantId).toBe(second.top.tenantId);
    const secondChildAdmin = await adminOf(server, second.vendor, second.child.tenantId);
    const pointedParents = await secondChildAdmin.client.GET(PARENTS, { params: { header: { 'frontegg-tenant-id': first.grandchild.tenantId } } });
    expect(pointedParents.data?.map((account) => account.tenantId)).toEqual([second.top.tenantId]);
    const refused = await first.noRoles.client.GET(HIERARCHY, {});
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.account-hierarchy\.read\.subAccount/);
    expect((await server.client.GET(HIERARCHY, {})).response.status).toBe(401);
  });
});

describe('GET /tenants/resources/hierarchy/v1/parents', () => {
  it('lists the accounts above the caller, the parent first; empty at the top', async () => {
    const { admin, vendorIn, top, child, grandchild } = await hierarchyFixture(server);
    const parents = await vendorIn(grandchild.tenantId).GET(PARENTS, {});
    expect(parents.response.status).toBe(200);
    expect(parents.data).toEqual([
      expect.objectContaining({ tenantId: child.tenantId, name: 'Child', parentTenantId: top.tenantId, isReseller: false }),
      expect.objectContaining({ tenantId: top.tenantId, name: 'Acme', parentTenantId: null, isReseller: false }),
    ]);
    expect((await admin.client.GET(PARENTS, {})).data).toEqual([]);
  });

  it('answers 400 without frontegg-tenant-id for the environment, 404 for an unknown account, 403 without the permission, 401 without a token', async () => {
    const { vendor, vendorIn, noRoles } = await hierarchyFixture(server);
    expect((await vendor.GET(PARENTS, {})).response.status).toBe(400);
    expect((await vendorIn(uniqueTenantId()).GET(PARENTS, {})).response.status).toBe(404);
    expect((await noRoles.client.GET(PARENTS, {})).response.status).toBe(403);
    expect((await server.client.GET(PARENTS, {})).response.status).toBe(401);
  });
});

describe('GET /tenants/resources/hierarchy/v1/tree', () => {
  it("nests the caller's account and everything beneath it", async () => {
    const { admin, reader, top, child, grandchild, sibling } = await hierarchyFixture(server);
    const tree = await admin.client.GET(TREE, {});
    expect(tree.response.status).toBe(200);
    expect(tree.data).toEqual({
      tenantId: top.tenantId,
      name: 'Acme',
      isReseller: false,
      children: [
        {
          tenantId: child.tenantId,
          name: 'Child',
          isReseller: false,
          children: [{ tenantId: grandchild.tenantId, name: 'Grandchild', isReseller: false, children: [] }],
        },
        { tenantId: sibling.tenantId, name: 'Sibling', isReseller: false, children: [] },
      ],
    });
    expect((await reader.client.GET(TREE, {})).data).toEqual(tree.data);
  });

  it("answers 400 naming the account when the stored hierarchy holds a loop (made behind the API's back)", async () => {
    const { vendor, vendorIn } = await hierarchyFixture(server);
    const a = await createTenant(vendor, 'A');
    const b = await createSubAccount(vendor, a.tenantId, 'B');
    await server.db('tenants').where({ tenant_id: a.tenantId }).update({ parent_tenant_id: b.tenantId });
    const tree = await vendorIn(a.tenantId).GET(TREE, {});
    expect(tree.response.status).toBe(400);
    expect(tree.error?.errorCode).toBe('ER-02208');
    expect(tree.error?.errors[0]).toContain(a.tenantId);
    expect((await vendorIn(b.tenantId).GET(PARENTS, {})).response.status).toBe(400);
    await server.db('tenants').where({ tenant_id: a.tenantId }).update({ parent_tenant_id: null });
  });

  it('answers 400 without frontegg-tenant-id for the environment, 404 for an unknown account, 403 without the permission, 401 without a token', async () => {
    const { vendor, vendorIn, noRoles } = await hierarchyFixture(server);
    expect((await vendor.GET(TREE, {})).response.status).toBe(400);
    expect((await vendorIn(uniqueTenantId()).GET(TREE, {})).response.status).toBe(404);
    expect((await noRoles.client.GET(TREE, {})).response.status).toBe(403);
    expect((await server.client.GET(TREE, {})).response.status).toBe(401);
  });
});

describe('a hierarchy of 1,000 accounts', () => {
  it('is read by the list, the tree and the parents routes in one SQL statement each', async () => {
    const { vendor, vendorIn } = await hierarchyFixture(server);
    const root = await createTenant(vendor, 'Root');
    // 999 accounts beneath the root: account i's parent is account floor((i - 1) / 3), account 0 the root
    const ids = [root.tenantId, ...Array.from({ length: 999 }, (_, i) => `big-${i + 1}-${randomUUID()}`)];
    const rows = ids.slice(1).map((tenantId, index) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      name: `Account ${index + 1}`,
      parent_tenant_id: ids[Math.floor(index / 3)],
    }));
    await server.db.batchInsert('tenants', rows, 250);
    const deepest = ids[999];

    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    server.db.on('query', record);
    try {
      const tenantStatements = async (call: () => Promise<unknown>) => {
        statements.length = 0;
        await call();
        expect(statements.length).toBeLessThan(5);
        return statements.filter((sql) => /\btenants\b/.test(sql));
      };

      let list: { tenantId: string }[] | undefined;
      const listSql = await tenantStatements(async () => {
        list = (await vendorIn(root.tenantId).GET(HIERARCHY, {})).data;
      });
      expect(list).toHaveLength(999);
      expect(listSql).toHaveLength(1);
      expect(listSql[0]).toMatch(/^with recursive/);

      type Node = { children: Node[] };
      let tree: Node | undefined;
      const treeSql = await tenantStatements(async () => {
        tree = (await vendorIn(root.tenantId).GET(TREE, {})).data as Node;
      });
      const count = (node: Node): number => 1 + node.children.reduce((sum, childNode) => sum + count(childNode), 0);
      expect(count(tree!)).toBe(1000);
      expect(treeSql).toHaveLength(1);
      expect(treeSql[0]).toMatch(/^with recursive/);

      let parents: { tenantId: string }[] | undefined;
      const parentsSql = await tenantStatements(async () => {
        parents = (await vendorIn(deepest).GET(PARENTS, {})).data;
      });
      expect(parents?.at(-1)?.tenantId).toBe(root.tenantId);
      expect(parents).toHaveLength(6);
      expect(parentsSql).toHaveLength(1);
      expect(parentsSql[0]).toMatch(/^with recursive/);
    } finally {
      server.db.removeListener('query', record);
    }
  });
});
