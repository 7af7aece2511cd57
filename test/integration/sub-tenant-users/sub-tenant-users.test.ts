import { uniqueEmail } from '../../support/fixtures';
import { hierarchyFixture } from '../../support/hierarchy';
import { ADMIN_ROLE_ID, builtInPermissionId, createRole, memberWith, READ_ONLY_ROLE_ID } from '../../support/roles';
import { useTestServer } from '../../support/server';
import { findListed, rolesByTenant, SUB_USER_ACCESS, SUB_USER_ROLES, SUB_USERS, SUB_USERS_V2, userIdOf } from './support';

const server = useTestServer();

/** A hierarchy whose admin (of `top`) has sub-account access, with a member in each sub-account, and the environment acting in `top`. */
async function withAccess() {
  const fixture = await hierarchyFixture(server);
  // A first member in each sub-account, so that users added later get the default role (ReadOnly), not the first user's.
  for (const account of [fixture.child, fixture.grandchild, fixture.sibling]) await server.services.members.add(account.tenantId, { email: uniqueEmail() });
  const granted = await fixture.admin.client.PUT(SUB_USER_ACCESS, { params: { path: { userId: userIdOf(fixture.admin) } }, body: { allowAccess: true } });
  expect(granted.response.status).toBe(200);
  return { ...fixture, inTop: fixture.vendorIn(fixture.top.tenantId) };
}

describe('GET /identity/resources/sub-tenants/users/v1', () => {
  it('lists the users of the account and of every account beneath it, each with their accounts there and roles, a page at a time', async () => {
    const { inTop, top, child, grandchild, unrelated } = await withAccess();
    const email = uniqueEmail();
    const added = await inTop.POST(SUB_USERS, {
      body: { user: { email, name: 'Spread' }, subTenants: [{ tenantId: child.tenantId, roleIds: [ADMIN_ROLE_ID] }, { tenantId: grandchild.tenantId }] },
    });
    expect(added.response.status).toBe(201);
    const outsider = uniqueEmail();
    await server.services.members.add(unrelated.tenantId, { email: outsider });

    const [listed] = await findListed(inTop, email);
    expect(listed).toMatchObject({ email, name: 'Spread', verified: false });
    expect(listed.tenants.map((tenant) => tenant.name).sort()).toEqual(['Child', 'Grandchild']);
    expect(rolesByTenant(listed)).toEqual({ [child.tenantId]: [ADMIN_ROLE_ID], [grandchild.tenantId]: [READ_ONLY_ROLE_ID] });
    expect(await findListed(inTop, outsider)).toEqual([]);

    const page = await inTop.GET(SUB_USERS, { params: { query: { _limit: 1, _offset: 1, _sortBy: 'email', _order: 'DESC' } } });
    expect(page.response.status).toBe(200);
    expect(page.data?.items).toHaveLength(1);
    const all = await inTop.GET(SUB_USERS, { params: { query: { _limit: 200 } } });
    expect(page.data?.totalPages).toBe(all.data!.items.length);
    expect(all.data!.items.every((user) => user.tenants.every((tenant) => tenant.tenantId !== unrelated.tenantId))).toBe(true);
    expect(all.data!.items.some((user) => user.tenants.some((tenant) => tenant.tenantId === top.tenantId))).toBe(true);
  });

  it('shows a member without sub-account access the users of their own account only', async () => {
    const { admin, vendorIn, top, child } = await hierarchyFixture(server);
    const email = uniqueEmail();
    await server.services.members.add(child.tenantId, { email });
    expect(await findListed(vendorIn(top.tenantId), email)).toHaveLength(1);
    expect(await findListed(admin.client, email)).toEqual([]);
    expect((await findListed(admin.client, '')).every((user) => user.tenants.every((tenant) => tenant.tenantId === top.tenantId))).toBe(true);
  });

  it('answers 400 to a bad query and 403 without fe.secure.read.users', async () => {
    const { admin, noRoles } = await hierarchyFixture(server);
    const bad = await admin.client.GET(SUB_USERS, { params: { query: { _limit: 0 } } });
    expect(bad.response.status).toBe(400);
    expect((await noRoles.client.GET(SUB_USERS, {})).response.status).toBe(403);
  });
});

describe('POST /identity/resources/sub-tenants/users/v1', () => {
  it('adds an existing user of the environment too, and answers 409 when they already belong to an account named', async () => {
    const { inTop, admin, child, sibling } = await withAccess();
    const email = uniqueEmail();
    await server.services.members.add(child.tenantId, { email, name: 'Known' });
    const again = await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: sibling.tenantId }, { tenantId: child.tenantId }] } });
    expect(again.response.status).toBe(409);
    expect(again.error?.errors[0]).toContain(child.tenantId);
    const [unchanged] = await findListed(inTop, email);
    expect(unchanged.tenants.map((tenant) => tenant.tenantId)).toEqual([child.tenantId]);

    const added = await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: sibling.tenantId, roleIds: [] }] } });
    expect(added.response.status).toBe(201);
    const [listed] = await findListed(inTop, email);
    expect(listed.tenants.map((tenant) => tenant.tenantId).sort()).toEqual([child.tenantId, sibling.tenantId].sort());
  });

  it("changes nothing when one account named is outside the caller's part of the hierarchy (404) or a role cannot be given there (400)", async () => {
    const { inTop, admin, vendor, child, grandchild, unrelated } = await withAccess();
    const email = uniqueEmail();
    const foreign = await admin.client.POST(SUB_USERS, {
      body: { user: { email }, subTenants: [{ tenantId: child.tenantId }, { tenantId: unrelated.tenantId }] },
    });
    expect(foreign.response.status).toBe(404);
    expect(foreign.error).toMatchObject({ errorCode: 'ER-02201', errors: [`Account (tenant) not found: ${unrelated.tenantId}`] });
    expect(await findListed(inTop, email)).toEqual([]);

    const otherRole = await createRole(vendor, { tenantId: unrelated.tenantId });
    const badRole = await admin.client.POST(SUB_USERS, {
      body: { user: { email }, subTenants: [{ tenantId: child.tenantId }, { tenantId: grandchild.tenantId, roleIds: [otherRole.id] }] },
    });
    expect(badRole.response.status).toBe(400);
    expect(badRole.error?.errors[0]).toContain(otherRole.id);
    expect(await findListed(inTop, email)).toEqual([]);

    const twice = await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: child.tenantId }, { tenantId: child.tenantId }] } });
    expect(twice.response.status).toBe(400);
    expect(twice.error?.errorCode).toBe('ER-02902');
  });

  it('answers 403 to a member without sub-account access acting beneath their account, but lets them add to their own', async () => {
    const { admin, vendorIn, top, child } = await hierarchyFixture(server);
    const email = uniqueEmail();
    const refused = await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: top.tenantId }, { tenantId: child.tenantId }] } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errorCode).toBe('ER-02901');
    expect(await findListed(vendorIn(top.tenantId), email)).toEqual([]);
    const own = await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: top.tenantId }] } });
    expect(own.response.status).toBe(201);
  });

  it('does not let a member hand on a role stronger than their own (403), and changes nothing', async () => {
    const { vendor, vendorIn, top, child } = await hierarchyFixture(server);
    const writer = await createRole(vendor, { level: 5, permissionIds: [builtInPermissionId('fe.secure.write.users')] });
    const member = await memberWith(server, vendor, top.tenantId, writer.id);
    await vendorIn(top.tenantId).PUT(SUB_USER_ACCESS, { params: { path: { userId: member.user.id } }, body: { allowAccess: true } });
    const email = uniqueEmail();
    const refused = await member.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: child.tenantId, roleIds: [ADMIN_ROLE_ID] }] } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errorCode).toBe('ER-03007');
    expect(await findListed(vendorIn(top.tenantId), email)).toEqual([]);
  });
});

describe('DELETE /identity/resources/sub-tenants/users/v1', () => {
  it('takes the user out of the accounts named and deletes them when no account is left', async () => {
    const { inTop, admin, child, grandchild, sibling } = await withAccess();
    const email = uniqueEmail();
    await admin.client.POST(SUB_USERS, {
      body: { user: { email }, subTenants: [{ tenantId: child.tenantId }, { tenantId: grandchild.tenantId }, { tenantId: sibling.tenantId }] },
    });
    const [user] = await findListed(inTop, email);

    const partly = await admin.client.DELETE(SUB_USERS, {
      body: { userId: user.id, subTenants: [{ tenantId: child.tenantId }, { tenantId: sibling.tenantId }] },
    });
    expect(partly.response.status).toBe(200);
    const [left] = await findListed(inTop, email);
    expect(left.tenants.map((tenant) => tenant.tenantId)).toEqual([grandchild.tenantId]);

    const last = await admin.client.DELETE(SUB_USERS, { body: { userId: user.id, subTenants: [{ tenantId: grandchild.tenantId }] } });
    expect(last.response.status).toBe(200);
    expect(await server.db('users').where({ id: user.id }).first()).toBeUndefined();
  });

  it("changes nothing when one account named is another account's (404) or the user is not in it (404)", async () => {
    const { inTop, admin, child, sibling, unrelated } = await withAccess();
    const email = uniqueEmail();
    await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: child.tenantId }] } });
    const [user] = await findListed(inTop, email);
    for (const other of [unrelated.tenantId, sibling.tenantId]) {
      const refused = await admin.client.DELETE(SUB_USERS, { body: { userId: user.id, subTenants: [{ tenantId: child.tenantId }, { tenantId: other }] } });
      expect(refused.response.status).toBe(404);
      const [still] = await findListed(inTop, email);
      expect(still.tenants.map((tenant) => tenant.tenantId)).toEqual([child.tenantId]);
    }
  });
});

describe('POST, DELETE, PATCH /identity/resources/sub-tenants/users/v1/{userId}/roles', () => {
  it('adds, takes away and sets roles per account', async () => {
    const { inTop, admin, vendor, child, grandchild } = await withAccess();
    const email = uniqueEmail();
    await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: child.tenantId }, { tenantId: grandchild.tenantId }] } });
    const [user] = await findListed(inTop, email);
    const childRole = await createRole(vendor, { tenantId: child.tenantId, level: 5 });
    const path = { userId: user.id };

    const added = await admin.client.POST(SUB_USER_ROLES, {
      params: { path },
      body: {
        subTenantsRoles: [
          { tenantId: child.tenantId, roleIds: [childRole.id] },
          { tenantId: grandchild.tenantId, roleIds: [ADMIN_ROLE_ID] },
        ],
      },
    });
    expect(added.response.status).toBe(201);
    expect(rolesByTenant((await findListed(inTop, email))[0])).toEqual({
      [child.tenantId]: [READ_ONLY_ROLE_ID, childRole.id].sort(),
      [grandchild.tenantId]: [READ_ONLY_ROLE_ID, ADMIN_ROLE_ID].sort(),
    });

    const removed = await admin.client.DELETE(SUB_USER_ROLES, {
      params: { path },
      body: { subTenantsRoles: [{ tenantId: child.tenantId, roleIds: [READ_ONLY_ROLE_ID] }] },
    });
    expect(removed.response.status).toBe(200);
    const set = await admin.client.PATCH(SUB_USER_ROLES, {
      params: { path },
      body: { subTenantsRoles: [{ tenantId: grandchild.tenantId, roleIds: [READ_ONLY_ROLE_ID] }] },
    });
    expect(set.response.status).toBe(200);
    expect(rolesByTenant((await findListed(inTop, email))[0])).toEqual({ [child.tenantId]: [childRole.id], [grandchild.tenantId]: [READ_ONLY_ROLE_ID] });
  });

  it('changes nothing when one account named is outside the hierarchy, the user is not in it, or a role cannot be given there', async () => {
    const { inTop, admin, vendor, child, grandchild, sibling, unrelated } = await withAccess();
    const email = uniqueEmail();
    await admin.client.POST(SUB_USERS, { body: { user: { email }, subTenants: [{ tenantId: child.tenantId }, { tenantId: grandchild.tenantId }] } });
    const [user] = await findListed(inTop, email);
    const before = rolesByTenant(user);
    const childRole = await createRole(vendor, { tenantId: child.tenantId });
    const first = { tenantId: child.tenantId, roleIds: [ADMIN_ROLE_ID] };
    const attempts = [
      { second: { tenantId: unrelated.tenantId, roleIds: [READ_ONLY_ROLE_ID] }, status: 404 },
      { second: { tenantId: sibling.tenantId, roleIds: [READ_ONLY_ROLE_ID] }, status: 404 },
      { second: { tenantId: grandchild.tenantId, roleIds: [childRole.id] }, status: 400 },
    ];
    const send = {
      POST: (body: { subTenantsRoles: (typeof first)[] }) => admin.client.POST(SUB_USER_ROLES, { params: { path: { userId: user.id } }, body }),
      PATCH: (body: { subTenantsRoles: (typeof first)[] }) => admin.client.PATCH(SUB_USER_ROLES, { params: { path: { userId: user.id } }, body }),
    };
    for (const method of ['POST', 'PATCH'] as const) {
      for (const { second, status } of attempts) {
        const refused = await send[method]({ subTenantsRoles: [first, second] });
        expect(refused.response.status).toBe(status);
        expect(rolesByTenant((await findListed(inTop, email))[0])).toEqual(before);
      }
    }
  });

  it('answers 404 for a user of another account', async () => {
    const { admin, top, unrelated } = await withAccess();
    const outsider = await server.services.members.add(unrelated.tenantId, { email: uniqueEmail() });
    const refused = await admin.client.POST(SUB_USER_ROLES, {
      params: { path: { userId: outsider.user.id } },
      body: { subTenantsRoles: [{ tenantId: top.tenantId, roleIds: [READ_ONLY_ROLE_ID] }] },
    });
    expect(refused.response.status).toBe(404);
  });
});

describe('POST /identity/resources/sub-tenants/users/v2', () => {
  it('adds users to one account with the roles named and their own choice of sub-account access', async () => {
    const { inTop, admin, child } = await withAccess();
    const emails = [uniqueEmail(), uniqueEmail()];
    const added = await admin.client.POST(SUB_USERS_V2, {
      body: { users: emails.map((email) => ({ email, name: 'Batch' })), tenantId: child.tenantId, roleIds: [ADMIN_ROLE_ID], allowSubAccountAccess: true },
    });
    expect(added.response.status).toBe(201);
    for (const email of emails) {
      const [user] = await findListed(inTop, email);
      expect(rolesByTenant(user)).toEqual({ [child.tenantId]: [ADMIN_ROLE_ID] });
      const row = await server.db('user_tenants').where({ user_id: user.id, tenant_id: child.tenantId }).first();
      expect(row.sub_account_access).toBe(true);
    }
  });

  it('changes nothing when one user is already in the account (409), and answers 404 for another account', async () => {
    const { inTop, admin, child, unrelated } = await withAccess();
    const known = uniqueEmail();
    await server.services.members.add(child.tenantId, { email: known });
    const fresh = uniqueEmail();
    const conflict = await admin.client.POST(SUB_USERS_V2, { body: { users: [{ email: fresh }, { email: known }], tenantId: child.tenantId } });
    expect(conflict.response.status).toBe(409);
    expect(await findListed(inTop, fresh)).toEqual([]);
    const foreign = await admin.client.POST(SUB_USERS_V2, { body: { users: [{ email: fresh }], tenantId: unrelated.tenantId } });
    expect(foreign.response.status).toBe(404);
    const twice = await admin.client.POST(SUB_USERS_V2, { body: { users: [{ email: fresh }, { email: fresh.toUpperCase() }], tenantId: child.tenantId } });
    expect(twice.response.status).toBe(400);
    expect(await findListed(inTop, fresh)).toEqual([]);
  });
});
