import { IMPERSONATION_PERMISSION } from '../../../server/db/migrations/20261128000300_impersonation';
import { randomUUID } from 'node:crypto';
import { BUILT_IN_CATEGORIES } from '../../../server/db/migrations/20261126000000_authorization';
import {
  ADMIN_ROLE_ID,
  GROUP,
  GROUP_ROLES,
  GROUP_USERS,
  GROUPS_CONFIG,
  USERS_GROUPS,
  createGroup,
  createTenantRole,
  groupsAccount,
  refreshedGrants,
} from '../../support/groups';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const ALL_PERMISSIONS = [
  ...BUILT_IN_CATEGORIES.flatMap((category) => category.permissions.map((permission) => permission.key)),
  IMPERSONATION_PERMISSION.key,
].sort();
const READ_PERMISSIONS = ALL_PERMISSIONS.filter((key) => key.split('.')[2] === 'read');
const READ_ONLY_GRANTS = { roles: ['ReadOnly'], permissions: READ_PERMISSIONS };
const WITH_ADMIN_GRANTS = { roles: ['Admin', 'ReadOnly'], permissions: ALL_PERMISSIONS };

async function groupRoleKeys(client: Awaited<ReturnType<typeof groupsAccount>>['admin']['client'], id: string) {
  const { data } = await client.GET(GROUP, { params: { path: { id }, query: { _groupsRelations: 'rolesAndUsers' } } });
  return { roles: data!.roles.map((role) => role.id).sort(), users: data!.users.map((user) => user.id).sort() };
}

describe('POST /identity/resources/groups/v1/{groupId}/roles', () => {
  it("gives the group roles (201): the members' next refreshed token holds them and their permissions", async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    await admin.client.POST(GROUP_USERS, { params: { path: { groupId: group.id } }, body: { userIds: [readOnly.id] } });
    expect(await refreshedGrants(server, readOnly)).toEqual(READ_ONLY_GRANTS);

    const added = await admin.client.POST(GROUP_ROLES, { params: { path: { groupId: group.id } }, body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(added.response.status).toBe(201);
    expect(await refreshedGrants(server, readOnly)).toEqual(WITH_ADMIN_GRANTS);
    // Adding again keeps one.
    expect((await admin.client.POST(GROUP_ROLES, { params: { path: { groupId: group.id } }, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(201);
    expect((await groupRoleKeys(admin.client, group.id)).roles).toEqual([ADMIN_ROLE_ID]);
  });

  it('takes a role of the account itself, shown with its permission ids', async () => {
    const { admin, tenantId, asEnvironment } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const roleId = await createTenantRole(server, tenantId);
    expect((await asEnvironment.POST(GROUP_ROLES, { params: { path: { groupId: group.id } }, body: { roleIds: [roleId] } })).response.status).toBe(201);
    const { data } = await admin.client.GET(GROUP, { params: { path: { id: group.id }, query: { _groupsRelations: 'roles' } } });
    expect(data?.roles).toEqual([expect.objectContaining({ id: roleId, tenantId, vendorId: server.bootstrap.id, permissions: [] })]);
  });

  it('refuses a role of another account, an unknown id and a malformed one with 400 naming them; nothing is applied', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const group = await createGroup(mine.admin.client);
    const foreignRole = await createTenantRole(server, theirs.tenantId);
    const unknown = randomUUID();
    const refused = await mine.admin.client.POST(GROUP_ROLES, {
      params: { path: { groupId: group.id } },
      body: { roleIds: [ADMIN_ROLE_ID, foreignRole, unknown, 'role-x'] },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-03001');
    for (const id of [foreignRole, unknown, 'role-x']) expect(refused.error?.errors[0]).toContain(id);
    expect(refused.error?.errors[0]).not.toContain(ADMIN_ROLE_ID);
    expect((await groupRoleKeys(mine.admin.client, group.id)).roles).toEqual([]);
  });

  it("answers 404 for another account's group (which is left alone) and an unknown one", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const foreign = await createGroup(theirs.admin.client);
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      const hidden = await client.POST(GROUP_ROLES, { params: { path: { groupId: foreign.id } }, body: { roleIds: [ADMIN_ROLE_ID] } });
      expect(hidden.response.status).toBe(404);
      expect(hidden.error?.errorCode).toBe('ER-03103');
    }
    expect((await groupRoleKeys(theirs.admin.client, foreign.id)).roles).toEqual([]);
    expect((await mine.admin.client.POST(GROUP_ROLES, { params: { path: { groupId: randomUUID() } }, body: { roleIds: [] } })).response.status).toBe(404);
  });

  it('answers 403 to a member without fe.secure.write.groups, 401 without a token, 400 without roleIds', async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const path = { params: { path: { groupId: group.id } } };
    expect((await readOnly.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(403);
    expect((await server.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(401);
    expect((await admin.client.POST(GROUP_ROLES, { ...path, body: {} as { roleIds: string[] } })).response.status).toBe(400);
    expect((await groupRoleKeys(admin.client, group.id)).roles).toEqual([]);
  });
});

describe('DELETE /identity/resources/groups/v1/{groupId}/roles', () => {
  it('takes roles from the group (200, JSON body): members lose them at the next refresh', async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const path = { params: { path: { groupId: group.id } } };
    await admin.client.POST(GROUP_USERS, { ...path, body: { userIds: [readOnly.id] } });
    await admin.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(await refreshedGrants(server, readOnly)).toEqual(WITH_ADMIN_GRANTS);

    const removed = await admin.client.DELETE(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(removed.response.status).toBe(200);
    expect(await refreshedGrants(server, readOnly)).toEqual(READ_ONLY_GRANTS);
    expect((await groupRoleKeys(admin.client, group.id)).roles).toEqual([]);
  });

  it('refuses ids the account cannot see with 400 naming them, and removes nothing', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const group = await createGroup(mine.admin.client);
    const path = { params: { path: { groupId: group.id } } };
    await mine.admin.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } });
    const foreignRole = await createTenantRole(server, theirs.tenantId);
    const refused = await mine.admin.client.DELETE(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID, foreignRole] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errors[0]).toContain(foreignRole);
    expect((await groupRoleKeys(mine.admin.client, group.id)).roles).toEqual([ADMIN_ROLE_ID]);
  });

  it("answers 404 for another account's group (its roles stay), 403 without fe.secure.write.groups, 401 without a token", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const foreign = await createGroup(theirs.admin.client);
    const path = { params: { path: { groupId: foreign.id } } };
    await theirs.admin.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } });
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      expect((await client.DELETE(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(404);
    }
    expect((await theirs.readOnly.client.DELETE(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(403);
    expect((await server.client.DELETE(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(401);
    expect((await groupRoleKeys(theirs.admin.client, foreign.id)).roles).toEqual([ADMIN_ROLE_ID]);
  });
});

describe('POST /identity/resources/groups/v1/{groupId}/users', () => {
  it("adds members (201): they hold the group's roles from their next refresh; adding twice keeps one", async () => {
    const { admin, readOnly, addMember } = await groupsAccount(server);
    const other = await addMember();
    const group = await createGroup(admin.client);
    const path = { params: { path: { groupId: group.id } } };
    await admin.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } });
    const added = await admin.client.POST(GROUP_USERS, { ...path, body: { userIds: [readOnly.id, other.id, readOnly.id] } });
    expect(added.response.status).toBe(201);
    expect(await refreshedGrants(server, readOnly)).toEqual(WITH_ADMIN_GRANTS);
    expect(await refreshedGrants(server, other)).toEqual(WITH_ADMIN_GRANTS);
    expect((await admin.client.POST(GROUP_USERS, { ...path, body: { userIds: [readOnly.id] } })).response.status).toBe(201);
    expect((await groupRoleKeys(admin.client, group.id)).users).toEqual([readOnly.id, other.id].sort());
  });

  it('refuses users who are not members of the account with 400 naming them; nothing is applied', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const group = await createGroup(mine.admin.client);
    const unknown = randomUUID();
    const refused = await mine.admin.client.POST(GROUP_USERS, {
      params: { path: { groupId: group.id } },
      body: { userIds: [mine.readOnly.id, theirs.readOnly.id, unknown, 'user-x'] },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-03105');
    for (const id of [theirs.readOnly.id, unknown, 'user-x']) expect(refused.error?.errors[0]).toContain(id);
    expect(refused.error?.errors[0]).not.toContain(mine.readOnly.id);
    expect((await groupRoleKeys(mine.admin.client, group.id)).users).toEqual([]);
  });

  it("answers 404 for another account's group (it gains no member), 403 without fe.secure.write.groups, 401 without a token", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const foreign = await createGroup(theirs.admin.client);
    const path = { params: { path: { groupId: foreign.id } } };
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      expect((await client.POST(GROUP_USERS, { ...path, body: { userIds: [mine.admin.id] } })).response.status).toBe(404);
    }
    expect((await theirs.readOnly.client.POST(GROUP_USERS, { ...path, body: { userIds: [theirs.readOnly.id] } })).response.status).toBe(403);
    expect((await server.client.POST(GROUP_USERS, { ...path, body: { userIds: [theirs.readOnly.id] } })).response.status).toBe(401);
    expect((await groupRoleKeys(theirs.admin.client, foreign.id)).users).toEqual([]);
  });
});

describe('DELETE /identity/resources/groups/v1/{groupId}/users', () => {
  it("takes members out (200, JSON body): they lose the group's roles at the next refresh, and stay in the account", async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const path = { params: { path: { groupId: group.id } } };
    await admin.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } });
    await admin.client.POST(GROUP_USERS, { ...path, body: { userIds: [readOnly.id] } });
    expect(await refreshedGrants(server, readOnly)).toEqual(WITH_ADMIN_GRANTS);
    const removed = await admin.client.DELETE(GROUP_USERS, { ...path, body: { userIds: [readOnly.id, admin.id] } });
    expect(removed.response.status).toBe(200);
    expect(await refreshedGrants(server, readOnly)).toEqual(READ_ONLY_GRANTS);
    expect((await groupRoleKeys(admin.client, group.id)).users).toEqual([]);
  });

  it('refuses users who are not members of the account with 400, and removes nobody', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const group = await createGroup(mine.admin.client);
    const path = { params: { path: { groupId: group.id } } };
    await mine.admin.client.POST(GROUP_USERS, { ...path, body: { userIds: [mine.readOnly.id] } });
    const refused = await mine.admin.client.DELETE(GROUP_USERS, { ...path, body: { userIds: [mine.readOnly.id, theirs.admin.id] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errors[0]).toContain(theirs.admin.id);
    expect((await groupRoleKeys(mine.admin.client, group.id)).users).toEqual([mine.readOnly.id]);
  });

  it("answers 404 for another account's group (its members stay), 403 without fe.secure.write.groups, 401 without a token", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const foreign = await createGroup(theirs.admin.client);
    const path = { params: { path: { groupId: foreign.id } } };
    await theirs.admin.client.POST(GROUP_USERS, { ...path, body: { userIds: [theirs.readOnly.id] } });
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      expect((await client.DELETE(GROUP_USERS, { ...path, body: { userIds: [theirs.readOnly.id] } })).response.status).toBe(404);
    }
    expect((await theirs.readOnly.client.DELETE(GROUP_USERS, { ...path, body: { userIds: [theirs.readOnly.id] } })).response.status).toBe(403);
    expect((await server.client.DELETE(GROUP_USERS, { ...path, body: { userIds: [theirs.readOnly.id] } })).response.status).toBe(401);
    expect((await groupRoleKeys(theirs.admin.client, foreign.id)).users).toEqual([theirs.readOnly.id]);
  });
});

describe('deleting a group', () => {
  it("removes what it gave: members' next refreshed token has only their own roles", async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const path = { params: { path: { groupId: group.id } } };
    await admin.client.POST(GROUP_ROLES, { ...path, body: { roleIds: [ADMIN_ROLE_ID] } });
    await admin.client.POST(GROUP_USERS, { ...path, body: { userIds: [readOnly.id] } });
    expect(await refreshedGrants(server, readOnly)).toEqual(WITH_ADMIN_GRANTS);
    expect((await admin.client.DELETE(GROUP, { params: { path: { id: group.id } } })).response.status).toBe(200);
    expect(await refreshedGrants(server, readOnly)).toEqual(READ_ONLY_GRANTS);
  });
});

describe('leaving an account', () => {
  it("takes the user out of the account's groups: a group's users are always members of its account", async () => {
    const { admin, readOnly, tenantId } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    await admin.client.POST(GROUP_USERS, { params: { path: { groupId: group.id } }, body: { userIds: [readOnly.id, admin.id] } });
    // The route that removes a member from an account is not part of the groups work: remove the membership directly.
    await server.db('user_tenants').where({ user_id: readOnly.id, tenant_id: tenantId }).delete();
    expect((await groupRoleKeys(admin.client, group.id)).users).toEqual([admin.id]);
    expect(await server.db('group_users').where({ user_id: readOnly.id })).toEqual([]);
  });
});

describe('GET /identity/resources/users/v3/groups', () => {
  it('answers, for each id that is a member of the account, the ids of its groups there', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const first = await createGroup(mine.admin.client);
    const second = await createGroup(mine.admin.client);
    const foreign = await createGroup(theirs.admin.client);
    await mine.admin.client.POST(GROUP_USERS, { params: { path: { groupId: first.id } }, body: { userIds: [mine.readOnly.id, mine.admin.id] } });
    await mine.admin.client.POST(GROUP_USERS, { params: { path: { groupId: second.id } }, body: { userIds: [mine.readOnly.id] } });
    await theirs.admin.client.POST(GROUP_USERS, { params: { path: { groupId: foreign.id } }, body: { userIds: [theirs.readOnly.id] } });

    const ids = [mine.readOnly.id, mine.admin.id, theirs.readOnly.id, randomUUID(), 'not-an-id'];
    const answer = await mine.readOnly.client.GET(USERS_GROUPS, {
      params: { query: { ids } },
      querySerializer: { array: { style: 'form', explode: false } },
    });
    expect(answer.response.status).toBe(200);
    const expected = [
      { vendorId: server.bootstrap.id, tenantId: mine.tenantId, userId: mine.readOnly.id, groupIds: [first.id, second.id].sort() },
      { vendorId: server.bootstrap.id, tenantId: mine.tenantId, userId: mine.admin.id, groupIds: [first.id] },
    ];
    expect([...answer.data!].sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(expected.sort((a, b) => a.userId.localeCompare(b.userId)));

    // The raw form Frontegg's browser SDK sends: one comma-separated value.
    const raw = await fetch(`${server.url}${USERS_GROUPS}?ids=${theirs.readOnly.id},${mine.admin.id}`, {
      headers: { authorization: `Bearer ${mine.admin.accessToken}` },
    });
    expect(await raw.json()).toEqual([expected.find((entry) => entry.userId === mine.admin.id)]);
  });

  it('answers 400 without ids, 403 without fe.secure.read.groups, 401 without a token', async () => {
    const { admin, addMemberWithoutPermissions } = await groupsAccount(server);
    const noIds = await admin.client.GET(USERS_GROUPS, { params: { query: {} as { ids: string[] } } });
    expect(noIds.response.status).toBe(400);
    expect(noIds.error?.errors[0]).toMatch(/ids/);
    const outsider = await addMemberWithoutPermissions();
    expect((await outsider.client.GET(USERS_GROUPS, { params: { query: { ids: [admin.id] } } })).response.status).toBe(403);
    expect((await server.client.GET(USERS_GROUPS, { params: { query: { ids: [admin.id] } } })).response.status).toBe(401);
  });
});

describe('GET /identity/resources/groups/v1/config', () => {
  it("answers the environment's group settings to members and the environment", async () => {
    const { readOnly, vendor } = await groupsAccount(server);
    for (const client of [readOnly.client, vendor]) {
      const answer = await client.GET(GROUPS_CONFIG, {});
      expect(answer.response.status).toBe(200);
      expect(answer.data).toEqual({ enabled: true, rolesEnabled: true });
    }
  });

  it('answers 403 without fe.secure.read.groups and 401 without a token', async () => {
    const { addMemberWithoutPermissions } = await groupsAccount(server);
    const outsider = await addMemberWithoutPermissions();
    expect((await outsider.client.GET(GROUPS_CONFIG, {})).response.status).toBe(403);
    expect((await server.client.GET(GROUPS_CONFIG, {})).response.status).toBe(401);
  });
});

describe('POST /identity/resources/groups/v1/config', () => {
  // Switching groups off here would race with the other tests that share a PostgreSQL database;
  // groups-configuration.test.ts does that on a database of its own.
  it("stores the settings sent (201); only the environment token may, not even an account's admin", async () => {
    const { admin, vendor } = await groupsAccount(server);
    const stored = await vendor.POST(GROUPS_CONFIG, { body: { enabled: true, rolesEnabled: true } });
    expect(stored.response.status).toBe(201);
    expect((await vendor.GET(GROUPS_CONFIG, {})).data).toEqual({ enabled: true, rolesEnabled: true });
    const byAdmin = await admin.client.POST(GROUPS_CONFIG, { body: { enabled: false } });
    expect(byAdmin.response.status).toBe(401);
    expect((await server.client.POST(GROUPS_CONFIG, { body: { enabled: false } })).response.status).toBe(401);
    expect((await vendor.POST(GROUPS_CONFIG, { body: { enabled: 'no' as unknown as boolean } })).response.status).toBe(400);
    expect((await vendor.GET(GROUPS_CONFIG, {})).data).toEqual({ enabled: true, rolesEnabled: true });
  });
});
