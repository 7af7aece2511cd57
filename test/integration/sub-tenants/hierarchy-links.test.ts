import { createTenant } from '../../support/fixtures';
import { createSubAccount, HIERARCHY, hierarchyFixture, PARENTS, TREE, uniqueTenantId } from '../../support/hierarchy';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('POST /tenants/resources/hierarchy/v1', () => {
  it('places an account, with everything beneath it, under another one (201)', async () => {
    const { vendor, vendorIn, top, child } = await hierarchyFixture(server);
    const other = await createTenant(vendor, 'Other');
    const beneathOther = await createSubAccount(vendor, other.tenantId, 'Beneath other');
    const attached = await vendor.POST(HIERARCHY, { body: { parentTenantId: child.tenantId, childTenantId: other.tenantId } });
    expect(attached.response.status).toBe(201);
    const parents = await vendorIn(beneathOther.tenantId).GET(PARENTS, {});
    expect(parents.data?.map((account) => account.tenantId)).toEqual([other.tenantId, child.tenantId, top.tenantId]);
  });

  it('answers 400 for equal ids, for a child that already has a parent, and for a loop; 409 when the link exists; each naming the ids', async () => {
    const { vendor, vendorIn, top, child, grandchild, sibling } = await hierarchyFixture(server);
    const equal = await vendor.POST(HIERARCHY, { body: { parentTenantId: top.tenantId, childTenantId: top.tenantId } });
    expect(equal.response.status).toBe(400);
    expect(equal.error).toEqual({ errors: [`An account cannot be its own parent: ${top.tenantId}`], errorCode: 'ER-02204' });

    const taken = await vendor.POST(HIERARCHY, { body: { parentTenantId: sibling.tenantId, childTenantId: grandchild.tenantId } });
    expect(taken.response.status).toBe(400);
    expect(taken.error?.errorCode).toBe('ER-02205');
    expect(taken.error?.errors[0]).toContain(grandchild.tenantId);
    expect(taken.error?.errors[0]).toContain(child.tenantId);

    const loop = await vendor.POST(HIERARCHY, { body: { parentTenantId: grandchild.tenantId, childTenantId: top.tenantId } });
    expect(loop.response.status).toBe(400);
    expect(loop.error?.errorCode).toBe('ER-02206');
    expect(loop.error?.errors[0]).toContain(grandchild.tenantId);
    expect(loop.error?.errors[0]).toContain(top.tenantId);

    const again = await vendor.POST(HIERARCHY, { body: { parentTenantId: child.tenantId, childTenantId: grandchild.tenantId } });
    expect(again.response.status).toBe(409);
    expect(again.error?.errorCode).toBe('ER-02209');

    expect((await vendorIn(top.tenantId).GET(PARENTS, {})).data).toEqual([]);
    expect((await vendorIn(grandchild.tenantId).GET(PARENTS, {})).data?.map((account) => account.tenantId)).toEqual([child.tenantId, top.tenantId]);
  });

  it('answers 404 naming an unknown account, 400 for a missing id, 401 to a user token (environment only) and without a token', async () => {
    const { vendor, admin, top, unrelated } = await hierarchyFixture(server);
    const missing = uniqueTenantId('missing');
    for (const body of [
      { parentTenantId: missing, childTenantId: unrelated.tenantId },
      { parentTenantId: top.tenantId, childTenantId: missing },
    ]) {
      const unknown = await vendor.POST(HIERARCHY, { body });
      expect(unknown.response.status).toBe(404);
      expect(unknown.error).toEqual({ errors: [`Account (tenant) not found: ${missing}`], errorCode: 'ER-02201' });
    }
    const noChild = await vendor.POST(HIERARCHY, { body: { parentTenantId: top.tenantId } as never });
    expect(noChild.response.status).toBe(400);
    expect(noChild.error?.errors[0]).toMatch(/childTenantId/);
    const asUser = await admin.client.POST(HIERARCHY, { body: { parentTenantId: top.tenantId, childTenantId: unrelated.tenantId } });
    expect(asUser.response.status).toBe(401);
    expect((await server.client.POST(HIERARCHY, { body: { parentTenantId: top.tenantId, childTenantId: unrelated.tenantId } })).response.status).toBe(401);
    expect((await admin.client.GET(HIERARCHY, {})).data).toHaveLength(3);
  });

  it('never lets concurrent links form a loop: of two links on different rows that together would close one, exactly one succeeds (on PostgreSQL this fails without the hierarchy lock)', async () => {
    const { vendor, vendorIn } = await hierarchyFixture(server);
    for (let round = 0; round < 5; round += 1) {
      const a = await createTenant(vendor, 'A');
      const d = await createSubAccount(vendor, a.tenantId, 'D');
      const b = await createTenant(vendor, 'B');
      const c = await createSubAccount(vendor, b.tenantId, 'C');
      // a under c and b under d touch four different rows, yet together make the loop a -> c -> b -> d -> a
      const [first, second] = await Promise.all([
        vendor.POST(HIERARCHY, { body: { parentTenantId: c.tenantId, childTenantId: a.tenantId } }),
        vendor.POST(HIERARCHY, { body: { parentTenantId: d.tenantId, childTenantId: b.tenantId } }),
      ]);
      expect([first.response.status, second.response.status].sort()).toEqual([201, 400]);
      expect([first.error?.errorCode, second.error?.errorCode]).toContain('ER-02206');
      for (const id of [a.tenantId, b.tenantId, c.tenantId, d.tenantId]) expect((await vendorIn(id).GET(TREE, {})).response.status).toBe(200);
    }
  });
});

describe('DELETE /tenants/resources/hierarchy/v1', () => {
  it('takes an account from under its parent: it goes to the top, keeping what is beneath it', async () => {
    const { vendor, vendorIn, admin, top, child, grandchild, sibling } = await hierarchyFixture(server);
    const detached = await vendor.DELETE(HIERARCHY, { body: { parentTenantId: top.tenantId, childTenantId: child.tenantId } });
    expect(detached.response.status).toBe(200);
    expect((await admin.client.GET(HIERARCHY, {})).data?.map((account) => account.tenantId)).toEqual([sibling.tenantId]);
    expect((await vendorIn(child.tenantId).GET(PARENTS, {})).data).toEqual([]);
    expect((await vendorIn(child.tenantId).GET(HIERARCHY, {})).data?.map((account) => account.tenantId)).toEqual([grandchild.tenantId]);
  });

  it('answers 404 when the accounts are not parent and child (or unknown), 400 for a missing id, 401 to a user token and without a token', async () => {
    const { vendor, admin, top, child, grandchild, unrelated } = await hierarchyFixture(server);
    for (const body of [
      { parentTenantId: top.tenantId, childTenantId: grandchild.tenantId },
      { parentTenantId: unrelated.tenantId, childTenantId: child.tenantId },
      { parentTenantId: child.tenantId, childTenantId: top.tenantId },
      { parentTenantId: uniqueTenantId(), childTenantId: child.tenantId },
      { parentTenantId: top.tenantId, childTenantId: uniqueTenantId() },
    ]) {
      const refused = await vendor.DELETE(HIERARCHY, { body });
      expect(refused.response.status).toBe(404);
      expect(refused.error).toEqual({ errors: [`Account ${body.childTenantId} is not a sub-account of ${body.parentTenantId}`], errorCode: 'ER-02207' });
    }
    expect((await vendor.DELETE(HIERARCHY, { body: { childTenantId: child.tenantId } as never })).response.status).toBe(400);
    expect((await admin.client.DELETE(HIERARCHY, { body: { parentTenantId: top.tenantId, childTenantId: child.tenantId } })).response.status).toBe(401);
    expect((await server.client.DELETE(HIERARCHY, { body: { parentTenantId: top.tenantId, childTenantId: child.tenantId } })).response.status).toBe(401);
    expect((await admin.client.GET(HIERARCHY, {})).data).toHaveLength(3);
  });
});
