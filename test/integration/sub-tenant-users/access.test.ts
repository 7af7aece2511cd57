import { createNesteggClient } from '../../../client';
import { asVendor, uniqueEmail } from '../../support/fixtures';
import { adminOf, hierarchyFixture } from '../../support/hierarchy';
import { useTestServer } from '../../support/server';
import { MY_HIERARCHY, setAccessType, SUB_USER_ACCESS, SUB_USERS_V2, userIdOf } from './support';

const server = useTestServer();

/** Whether the member may add a user to `tenantId` (an account beneath theirs): the answer's status. */
async function addBeneath(client: ReturnType<typeof createNesteggClient>, tenantId: string): Promise<number> {
  const { response } = await client.POST(SUB_USERS_V2, { body: { users: [{ email: uniqueEmail() }], tenantId } });
  return response.status;
}

describe("sub-account access: the account setting and the member's own choice", () => {
  it('defaultOff: a member acts beneath their account only once given access', async () => {
    const { admin, top, child } = await hierarchyFixture(server);
    expect(await addBeneath(admin.client, child.tenantId)).toBe(403);
    expect(await addBeneath(admin.client, top.tenantId)).toBe(201);
    const given = await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(admin) } }, body: { allowAccess: true } });
    expect(given.response.status).toBe(200);
    expect(await addBeneath(admin.client, child.tenantId)).toBe(201);
  });

  it('defaultOn: a member with no choice of their own has access, until it is taken away', async () => {
    const { admin, vendor, top, child } = await hierarchyFixture(server);
    await setAccessType(vendor, top.tenantId, 'defaultOn');
    expect(await addBeneath(admin.client, child.tenantId)).toBe(201);
    await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(admin) } }, body: { allowAccess: false } });
    expect(await addBeneath(admin.client, child.tenantId)).toBe(403);
  });

  it('alwaysOn: every member has access, whatever their own choice', async () => {
    const { admin, vendor, top, grandchild } = await hierarchyFixture(server);
    await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(admin) } }, body: { allowAccess: false } });
    await setAccessType(vendor, top.tenantId, 'alwaysOn');
    expect(await addBeneath(admin.client, grandchild.tenantId)).toBe(201);
  });

  it('a member of a sub-account that is not a reseller does not act beneath it even with access (403)', async () => {
    const { vendor, child, grandchild } = await hierarchyFixture(server);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    await setAccessType(vendor, child.tenantId, 'alwaysOn');
    const refused = await childAdmin.client.POST(SUB_USERS_V2, { body: { users: [{ email: uniqueEmail() }], tenantId: grandchild.tenantId } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errorCode).toBe('ER-02202');
  });

  it('the environment token acts anywhere beneath the account it names, with no access needed', async () => {
    const { vendorIn, top, grandchild } = await hierarchyFixture(server);
    expect(await addBeneath(vendorIn(top.tenantId), grandchild.tenantId)).toBe(201);
  });
});

describe('PUT /identity/resources/sub-tenants/users/v1/{userId}/access', () => {
  it('answers 404 for a user of another account or an unknown user, 400 without allowAccess, 403 without fe.secure.write.users', async () => {
    const { admin, noRoles, reader, unrelated } = await hierarchyFixture(server);
    const outsider = await server.services.members.add(unrelated.tenantId, { email: uniqueEmail() });
    const foreign = await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: outsider.user.id } }, body: { allowAccess: true } });
    expect(foreign.response.status).toBe(404);
    expect(await server.db('user_tenants').where({ user_id: outsider.user.id }).first()).toMatchObject({ sub_account_access: null });
    const unknown = await admin.client.PUT(SUB_USER_ACCESS, {
      params: { path: { userId: '00000000-0000-4000-8000-00000000dead' } },
      body: { allowAccess: true },
    });
    expect(unknown.response.status).toBe(404);
    const bad = await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(reader) } }, body: {} as { allowAccess: boolean } });
    expect(bad.response.status).toBe(400);
    const forbidden = await noRoles.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(reader) } }, body: { allowAccess: true } });
    expect(forbidden.response.status).toBe(403);
  });
});

describe('subAccountAccessAllowed in the user shapes', () => {
  it("follows the member's own choice and the account's access type, in the profile and in users lists", async () => {
    const { admin, reader, vendor, top } = await hierarchyFixture(server);
    const mine = async () => (await admin.client.GET('/identity/resources/users/v2/me', {})).data?.subAccountAccessAllowed;
    const listed = async (userId: string) =>
      (await admin.client.GET('/identity/resources/users/v3', { params: { query: { ids: userId } } })).data?.items[0]?.subAccountAccessAllowed;
    expect(await mine()).toBe(false);
    await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(admin) } }, body: { allowAccess: true } });
    expect(await mine()).toBe(true);
    expect(await listed(userIdOf(reader))).toBe(false);
    await setAccessType(vendor, top.tenantId, 'alwaysOn');
    expect(await listed(userIdOf(reader))).toBe(true);
  });
});

describe('GET /identity/resources/users/v2/me/hierarchy', () => {
  it("lists the caller's accounts, and with sub-account access every account beneath them, each once", async () => {
    const { admin, vendorIn, top, child, grandchild, sibling } = await hierarchyFixture(server);
    const before = await admin.client.GET(MY_HIERARCHY, {});
    expect(before.response.status).toBe(200);
    expect(before.data?.tenants).toEqual([
      { tenantId: top.tenantId, name: top.name, parentTenantId: null, isReseller: false, depth: 0, isMember: true, subAccountAccessAllowed: false },
    ]);

    await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(admin) } }, body: { allowAccess: true } });
    await vendorIn(child.tenantId).POST(SUB_USERS_V2, {
      body: { users: [{ email: (await server.services.users.getInTenant(top.tenantId, userIdOf(admin))).user.email ?? '' }], tenantId: child.tenantId },
    });
    const after = await admin.client.GET(MY_HIERARCHY, {});
    expect(
      after.data?.tenants.map(({ tenantId, depth, isMember, subAccountAccessAllowed, parentTenantId }) => ({
        tenantId,
        depth,
        isMember,
        subAccountAccessAllowed,
        parentTenantId,
      })),
    ).toEqual([
      { tenantId: top.tenantId, depth: 0, isMember: true, subAccountAccessAllowed: true, parentTenantId: null },
      { tenantId: child.tenantId, depth: 1, isMember: true, subAccountAccessAllowed: false, parentTenantId: top.tenantId },
      { tenantId: sibling.tenantId, depth: 1, isMember: false, subAccountAccessAllowed: false, parentTenantId: top.tenantId },
      { tenantId: grandchild.tenantId, depth: 2, isMember: false, subAccountAccessAllowed: false, parentTenantId: child.tenantId },
    ]);
  });

  it('shows a member of a sub-account where it stands, and answers the environment for the user it names', async () => {
    const { vendor, top, child } = await hierarchyFixture(server);
    const childAdmin = await adminOf(server, vendor, child.tenantId);
    const mine = await childAdmin.client.GET(MY_HIERARCHY, {});
    expect(mine.data?.tenants).toEqual([
      { tenantId: child.tenantId, name: 'Child', parentTenantId: top.tenantId, isReseller: false, depth: 1, isMember: true, subAccountAccessAllowed: false },
    ]);
    const { token } = await asVendor(server);
    const asEnvironment = createNesteggClient({
      baseUrl: server.url,
      accessToken: token,
      headers: { 'frontegg-tenant-id': child.tenantId, 'frontegg-user-id': userIdOf(childAdmin) },
    });
    const named = await asEnvironment.GET(MY_HIERARCHY, {});
    expect(named.response.status).toBe(200);
    expect(named.data).toEqual(mine.data);
    expect((await server.client.GET(MY_HIERARCHY, {})).response.status).toBe(401);
  });
});

describe('users lists with _includeSubTenants', () => {
  const USERS_V2 = '/identity/resources/users/v2';

  it('list the members of the accounts beneath too (by default) for the environment, and for a member only with access', async () => {
    const { admin, vendor, top, child, grandchild } = await hierarchyFixture(server);
    const { client: environment } = await asVendor(server);
    const beneath = await adminOf(server, vendor, grandchild.tenantId);
    const beneathId = userIdOf(beneath);
    const listed = async (client: ReturnType<typeof createNesteggClient>, include?: boolean, tenantId?: string) => {
      const { data, response } = await client.GET(USERS_V2, {
        params: { query: include === undefined ? {} : { _includeSubTenants: include }, header: tenantId ? { 'frontegg-tenant-id': tenantId } : {} },
      });
      expect(response.status).toBe(200);
      return data!.items.map((item) => item.id);
    };

    expect(await listed(environment, undefined, top.tenantId)).toContain(beneathId);
    expect(await listed(environment, false, top.tenantId)).not.toContain(beneathId);
    expect(await listed(environment, undefined, child.tenantId)).toContain(beneathId);
    // The member of the top account: not without sub-account access (defaultOff), then yes.
    expect(await listed(admin.client)).not.toContain(beneathId);
    await admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(admin) } }, body: { allowAccess: true } });
    const withAccess = await admin.client.GET(USERS_V2, {});
    const item = withAccess.data!.items.find((entry) => entry.id === beneathId);
    expect(item?.tenantId).toBe(grandchild.tenantId);
    expect(await listed(admin.client, false)).not.toContain(beneathId);
    // Upward never: the member beneath does not see the top account's members.
    expect(await listed(beneath.client)).not.toContain(userIdOf(admin));
  });
});
