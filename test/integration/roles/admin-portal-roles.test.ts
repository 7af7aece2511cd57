import { randomUUID } from 'node:crypto';
import { BUILT_IN_CATEGORIES } from '../../../server/db/migrations/20261126000000_authorization';
import { createUser, login } from '../../support/fixtures';
import {
  ADMIN_ROLE_ID,
  CATEGORIES,
  PERMISSION_ROLES,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLE_V1,
  ROLES_V1,
  USER_ROLES,
  accountWithMembers,
  asUser,
  createPermission,
  createRole,
  uniqueKey,
} from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * The Admin Portal manages an account's roles with the member's own token, on the v1 routes that
 * the environment uses too. A member acts only in their account: they see the environment-wide
 * roles and their account's, and change only their account's own.
 */
const server = useTestServer();

const builtInId = (key: string) => BUILT_IN_CATEGORIES.flatMap((category) => category.permissions).find((permission) => permission.key === key)!.id;
const path = (roleId: string) => ({ params: { path: { roleId } } });

/** Two accounts, each with a role of its own; `mine` has an admin and a read-only member. */
async function twoAccounts() {
  const mine = await accountWithMembers(server);
  const other = await accountWithMembers(server);
  const own = await createRole(mine.vendor, { tenantId: mine.tenant.tenantId });
  const foreign = await createRole(other.vendor, { tenantId: other.tenant.tenantId });
  return { mine, other, own, foreign };
}

describe('roles v1 with a user token (the Admin Portal)', () => {
  it("lists the environment-wide roles and the account's own, never another account's, for a member who may read roles", async () => {
    const { mine, own, foreign } = await twoAccounts();
    for (const client of [mine.admin.client, mine.reader.client]) {
      const listed = await client.GET(ROLES_V1, {});
      expect(listed.response.status).toBe(200);
      const ids = listed.data!.map((role) => role.id);
      expect(ids).toEqual(expect.arrayContaining([ADMIN_ROLE_ID, own.id]));
      expect(ids).not.toContain(foreign.id);
    }
    // frontegg-tenant-id is ignored with a user token: the token names the account.
    const header = await mine.admin.client.GET(ROLES_V1, { params: { header: { 'frontegg-tenant-id': foreign.tenantId! } } });
    expect(header.data!.map((role) => role.id)).not.toContain(foreign.id);
  });

  it("creates a role in the member's account from one object (as addRole sends it), answering that role; an array answers an array", async () => {
    const { mine } = await twoAccounts();
    const key = uniqueKey('portal');
    // What api.roles.addRole sends: one object, with a `permissions` list the route does not read.
    const single = await mine.admin.client.POST(ROLES_V1, {
      body: { key, name: 'Portal role', description: 'made in the portal', isDefault: false, level: 2, permissions: [] } as never,
    });
    expect(single.response.status).toBe(201);
    expect(single.data).toMatchObject({ key, name: 'Portal role', tenantId: mine.tenant.tenantId, level: 2, permissions: [] });
    expect(Array.isArray(single.data)).toBe(false);

    const many = await mine.admin.client.POST(ROLES_V1, { body: [{ key: uniqueKey(), name: 'A', level: 3 }] });
    expect(many.response.status).toBe(201);
    expect(many.data).toEqual([expect.objectContaining({ tenantId: mine.tenant.tenantId, level: 3 })]);

    // The environment may send one object too.
    const vendorSingle = await mine.vendor.POST(ROLES_V1, { body: { key: uniqueKey(), name: 'Env', level: 4 } });
    expect(vendorSingle.response.status).toBe(201);
    expect(vendorSingle.data).toMatchObject({ tenantId: null, level: 4 });

    const reader = await mine.reader.client.POST(ROLES_V1, { body: { key: uniqueKey(), name: 'No', level: 5 } });
    expect(reader.response.status).toBe(403);
  });

  it("changes and deletes only the account's own roles: another account's is a 404, an environment-wide one a 403", async () => {
    const { mine, foreign, own } = await twoAccounts();
    const admin = mine.admin.client;
    const renamed = await admin.PATCH(ROLE_V1, { ...path(own.id), body: { name: 'Renamed' } });
    expect(renamed.response.status).toBe(200);
    expect(renamed.data).toMatchObject({ id: own.id, name: 'Renamed' });

    expect((await admin.PATCH(ROLE_V1, { ...path(foreign.id), body: { name: 'Taken over' } })).response.status).toBe(404);
    expect((await admin.DELETE(ROLE_V1, path(foreign.id))).response.status).toBe(404);
    expect((await admin.PUT(ROLE_PERMISSIONS, { ...path(foreign.id), body: { permissionIds: [] } })).response.status).toBe(404);

    const shared = await admin.PATCH(ROLE_V1, { ...path(ADMIN_ROLE_ID), body: { name: 'Mine now' } });
    expect(shared.response.status).toBe(403);
    expect(shared.error?.errorCode).toBe('ER-03018');
    expect((await admin.DELETE(ROLE_V1, path(ADMIN_ROLE_ID))).response.status).toBe(403);
    expect((await admin.PUT(ROLE_PERMISSIONS, { ...path(ADMIN_ROLE_ID), body: { permissionIds: [] } })).response.status).toBe(403);

    // The other account's role is untouched.
    const untouched = await mine.vendor.GET(ROLES_V1, {});
    expect(untouched.data!.find((role) => role.id === foreign.id)).toMatchObject({ name: foreign.name });
    expect(untouched.data!.find((role) => role.id === ADMIN_ROLE_ID)).toMatchObject({ name: 'Admin' });

    expect((await mine.reader.client.DELETE(ROLE_V1, path(own.id))).response.status).toBe(403);
    expect((await admin.DELETE(ROLE_V1, path(own.id))).response.status).toBe(204);
  });

  it("puts into the account's roles only permissions the member holds", async () => {
    const { mine, foreign, own } = await twoAccounts();
    const readUsers = builtInId('fe.secure.read.users');
    const set = await mine.admin.client.PUT(ROLE_PERMISSIONS, { ...path(own.id), body: { permissionIds: [readUsers] } });
    expect(set.response.status).toBe(200);
    expect(set.data!.permissions).toEqual([readUsers]);

    const custom = await createPermission(mine.vendor);
    const notHeld = await mine.admin.client.PUT(ROLE_PERMISSIONS, { ...path(own.id), body: { permissionIds: [custom.id] } });
    expect(notHeld.response.status).toBe(403);
    expect(notHeld.error?.errorCode).toBe('ER-03013');

    // attachPermissionToRoles: the account's own roles only; another account's is unknown here.
    const attach = await mine.admin.client.PUT(PERMISSION_ROLES, { params: { path: { permissionId: readUsers } }, body: { roleIds: [own.id] } });
    expect(attach.response.status).toBe(200);
    expect(attach.data!.roleIds).toContain(own.id);
    expect(attach.data!.roleIds).not.toContain(foreign.id);
    const foreignAttach = await mine.admin.client.PUT(PERMISSION_ROLES, { params: { path: { permissionId: readUsers } }, body: { roleIds: [foreign.id] } });
    expect(foreignAttach.response.status).toBe(400);
    const sharedAttach = await mine.admin.client.PUT(PERMISSION_ROLES, { params: { path: { permissionId: readUsers } }, body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(sharedAttach.response.status).toBe(403);
    const customAttach = await mine.admin.client.PUT(PERMISSION_ROLES, { params: { path: { permissionId: custom.id } }, body: { roleIds: [own.id] } });
    expect(customAttach.response.status).toBe(403);
  });

  it('refuses a member a role stronger than their own strongest', async () => {
    const { mine } = await twoAccounts();
    const manager = await createRole(mine.vendor, {
      tenantId: mine.tenant.tenantId,
      level: 3,
      permissionIds: [builtInId('fe.secure.read.roles'), builtInId('fe.secure.write.roles'), builtInId('fe.secure.delete.roles')],
    });
    const user = await createUser(mine.vendor, mine.tenant.tenantId);
    const header = { 'frontegg-tenant-id': mine.tenant.tenantId };
    await mine.vendor.DELETE(USER_ROLES, { params: { path: { userId: user.id }, header }, body: { roleIds: user.roles.map((role) => role.id) } });
    await mine.vendor.POST(USER_ROLES, { params: { path: { userId: user.id }, header }, body: { roleIds: [manager.id] } });
    const client = asUser(server, (await login(server, user.email)).accessToken);

    const stronger = await client.POST(ROLES_V1, { body: { key: uniqueKey(), name: 'Stronger', level: 1 } });
    expect(stronger.response.status).toBe(403);
    expect(stronger.error?.errorCode).toBe('ER-03007');
    const weaker = await client.POST(ROLES_V1, { body: { key: uniqueKey(), name: 'Weaker', level: 4 } });
    expect(weaker.response.status).toBe(201);
    const raised = await client.PATCH(ROLE_V1, { ...path((weaker.data as { id: string }).id), body: { level: 0 } });
    expect(raised.response.status).toBe(403);
  });

  it('lists permissions (with only the roles the account sees) and categories to a member who may read roles', async () => {
    const { mine, foreign } = await twoAccounts();
    const readUsers = builtInId('fe.secure.read.users');
    await mine.vendor.PUT(ROLE_PERMISSIONS, { ...path(foreign.id), body: { permissionIds: [readUsers] } });
    const permissions = await mine.reader.client.GET(PERMISSIONS, {});
    expect(permissions.response.status).toBe(200);
    const permission = permissions.data!.find((candidate) => candidate.id === readUsers)!;
    expect(permission.roleIds).toContain(ADMIN_ROLE_ID);
    expect(permission.roleIds).not.toContain(foreign.id);
    const categories = await mine.reader.client.GET(CATEGORIES, {});
    expect(categories.response.status).toBe(200);
    expect(categories.data!.length).toBeGreaterThan(0);
  });
});

describe('other Admin Portal reads with a user token', () => {
  it("reads a member of the caller's account by id, and 404 for anyone else, whatever frontegg-tenant-id says", async () => {
    const { mine, other } = await twoAccounts();
    const USER = '/identity/resources/users/v1/{userId}';
    const ok = await mine.admin.client.GET(USER, { params: { path: { userId: mine.readerUser.id } } });
    expect(ok.response.status).toBe(200);
    expect(ok.data).toMatchObject({ id: mine.readerUser.id, tenantId: mine.tenant.tenantId });
    expect((await mine.admin.client.GET(USER, { params: { path: { userId: other.adminUser.id } } })).response.status).toBe(404);
    const spoofed = await mine.admin.client.GET(USER, {
      params: { path: { userId: other.adminUser.id }, header: { 'frontegg-tenant-id': other.tenant.tenantId } },
    });
    expect(spoofed.response.status).toBe(404);
    expect((await mine.admin.client.GET(USER, { params: { path: { userId: randomUUID() } } })).response.status).toBe(404);
  });

  it("gives a member the global security policy without the environment's secrets", async () => {
    const { mine } = await twoAccounts();
    const CONFIG = '/identity/resources/configurations/v1';
    const policy = await mine.reader.client.GET(CONFIG);
    expect(policy.response.status).toBe(200);
    expect(policy.data).toMatchObject({
      allowSignups: expect.any(Boolean),
      defaultTokenExpiration: expect.any(Number),
      publicKey: expect.stringContaining('PUBLIC KEY'),
    });
    expect(policy.data).not.toHaveProperty('jwtSecret');
    expect(policy.data).not.toHaveProperty('jwtAlgorithm');
    const full = await mine.vendor.GET(CONFIG);
    expect(full.data).toHaveProperty('jwtSecret');

    const emailsPolicy = await mine.reader.client.GET('/identity/resources/configurations/v1/user-emails-policy');
    expect(emailsPolicy.response.status).toBe(200);
    const groups = await mine.reader.client.GET('/identity/resources/groups/v1/config');
    expect(groups.response.status).toBe(200);
  });
});
