import { randomUUID } from 'node:crypto';
import { BUILT_IN_CATEGORIES } from '../../../server/db/migrations/20261126000000_authorization';
import {
  ADMIN_ROLE_ID,
  MY_AUTHORIZATION,
  PERMISSION,
  PERMISSION_ROLES,
  READ_ONLY_ROLE_ID,
  ROLE_PERMISSIONS,
  ROLE_V1,
  USER_ROLES,
  accountWithMembers,
  builtInPermissionId,
  claimsOf,
  createPermission,
  createRole,
  member,
  refreshClaims,
  uniqueKey,
} from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * Access tokens carry the roles and permissions of the member as the database has them when the token
 * is issued: every change to roles, permissions and assignments shows, exactly, in the next refresh.
 */
const server = useTestServer();

const READ_ONLY = BUILT_IN_CATEGORIES.flatMap((category) => category.permissions)
  .map((permission) => permission.key)
  .filter((key) => key.split('.')[2] === 'read');

const sorted = (values: string[]) => [...values].sort();

/** A reader of a fresh account, and a way to read what their next token carries. */
async function readerSession() {
  const account = await accountWithMembers(server);
  let refreshToken = account.reader.refreshToken;
  async function nextToken() {
    const refreshed = await refreshClaims(server, refreshToken);
    refreshToken = refreshed.refreshToken;
    return { roles: refreshed.claims.roles, permissions: sorted(refreshed.claims.permissions) };
  }
  const inAccount = { 'frontegg-tenant-id': account.tenant.tenantId };
  return { ...account, nextToken, inAccount };
}

describe('token content after changes to roles and permissions', () => {
  it("follows role assignments, the role's permissions, renames and deletions, exactly", async () => {
    const { vendor, tenant, readerUser, reader, nextToken, inAccount } = await readerSession();
    expect(claimsOf(reader.accessToken)).toMatchObject({ roles: ['ReadOnly'], permissions: sorted(READ_ONLY) });

    const [first, second] = [await createPermission(vendor), await createPermission(vendor)];
    const role = await createRole(vendor, { tenantId: tenant.tenantId, permissionIds: [first.id], key: uniqueKey('b') });
    await vendor.POST(USER_ROLES, { params: { path: { userId: readerUser.id }, header: inAccount }, body: { roleIds: [role.id] } });
    expect(await nextToken()).toEqual({ roles: sorted(['ReadOnly', role.key]), permissions: sorted([...READ_ONLY, first.key]) });

    await vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: { permissionIds: [second.id] } });
    expect(await nextToken()).toEqual({ roles: sorted(['ReadOnly', role.key]), permissions: sorted([...READ_ONLY, second.key]) });

    await vendor.PUT(PERMISSION_ROLES, { params: { path: { permissionId: first.id } }, body: { roleIds: [role.id] } });
    expect((await nextToken()).permissions).toEqual(sorted([...READ_ONLY, first.key, second.key]));

    const renamedPermission = uniqueKey('renamed');
    await vendor.PATCH(PERMISSION, { params: { path: { permissionId: first.id } }, body: { key: renamedPermission } });
    const renamedRole = uniqueKey('c');
    await vendor.PATCH(ROLE_V1, { params: { path: { roleId: role.id } }, body: { key: renamedRole } });
    expect(await nextToken()).toEqual({ roles: sorted(['ReadOnly', renamedRole]), permissions: sorted([...READ_ONLY, renamedPermission, second.key]) });

    await vendor.DELETE(PERMISSION, { params: { path: { permissionId: second.id } } });
    expect((await nextToken()).permissions).toEqual(sorted([...READ_ONLY, renamedPermission]));

    // A permission given to an environment-wide role reaches its holders; deleted, the role leaves.
    const global = await createRole(vendor, { key: uniqueKey('a') });
    await vendor.POST(USER_ROLES, { params: { path: { userId: readerUser.id }, header: inAccount }, body: { roleIds: [global.id] } });
    const shared = await createPermission(vendor);
    await vendor.PUT(PERMISSION_ROLES, { params: { path: { permissionId: shared.id } }, body: { roleIds: [global.id] } });
    expect(await nextToken()).toEqual({
      roles: sorted(['ReadOnly', global.key, renamedRole]),
      permissions: sorted([...READ_ONLY, renamedPermission, shared.key]),
    });
    await vendor.DELETE(ROLE_V1, { params: { path: { roleId: global.id } } });

    await vendor.DELETE(USER_ROLES, { params: { path: { userId: readerUser.id }, header: inAccount }, body: { roleIds: [READ_ONLY_ROLE_ID] } });
    expect(await nextToken()).toEqual({ roles: [renamedRole], permissions: [renamedPermission] });

    await vendor.DELETE(ROLE_V1, { params: { path: { roleId: role.id } } });
    expect(await nextToken()).toEqual({ roles: [], permissions: [] });
  });

  it("a role given by a member shows in the receiver's next token, and a refused one does not", async () => {
    const { vendor, tenant, admin, readerUser, nextToken } = await readerSession();
    const deleteUsers = builtInPermissionId('fe.secure.delete.users');
    const role = await createRole(vendor, { tenantId: tenant.tenantId, level: 3, permissionIds: [deleteUsers] });
    expect((await admin.client.POST(USER_ROLES, { params: { path: { userId: readerUser.id } }, body: { roleIds: [role.id] } })).response.status).toBe(201);
    expect(await nextToken()).toEqual({ roles: sorted(['ReadOnly', role.key]), permissions: sorted([...READ_ONLY, 'fe.secure.delete.users']) });

    const bogus = randomUUID();
    expect(
      (await admin.client.POST(USER_ROLES, { params: { path: { userId: readerUser.id } }, body: { roleIds: [ADMIN_ROLE_ID, bogus] } })).response.status,
    ).toBe(400);
    expect((await nextToken()).roles).toEqual(sorted(['ReadOnly', role.key]));
  });

  it('counts roles that come through groups, in the token, in me/authorization and when weighing a member', async () => {
    const { vendor, tenant, readerUser, reader, nextToken } = await readerSession();
    const writeUsers = builtInPermissionId('fe.secure.write.users');
    const lead = await createRole(vendor, { tenantId: tenant.tenantId, level: 2, permissionIds: [writeUsers] });
    const helper = await createRole(vendor, { tenantId: tenant.tenantId, level: 2 });
    // Groups belong to another part of nestegg; the rows are what its routes write.
    const groupId = randomUUID();
    await server.db('groups').insert({ id: groupId, tenant_id: tenant.tenantId, name: `Leads ${groupId}` });
    await server.db('group_roles').insert({ group_id: groupId, role_id: lead.id });
    await server.db('group_users').insert({ group_id: groupId, user_id: readerUser.id, tenant_id: tenant.tenantId });

    const token = await nextToken();
    expect(token).toEqual({ roles: sorted(['ReadOnly', lead.key]), permissions: sorted([...READ_ONLY, 'fe.secure.write.users']) });

    const held = await reader.client.GET(MY_AUTHORIZATION, {});
    expect(held.data!.roles.map((role) => role.key)).toEqual(['ReadOnly', lead.key]);

    // Their strongest role is ReadOnly (level 1); write.users comes through the group. A level-2 role
    // is theirs to give, to themselves too; Admin (level 0) is not.
    const acting = await member(server, readerUser.email);
    expect((await acting.client.POST(USER_ROLES, { params: { path: { userId: readerUser.id } }, body: { roleIds: [helper.id] } })).response.status).toBe(201);
    expect((await acting.client.POST(USER_ROLES, { params: { path: { userId: readerUser.id } }, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(
      403,
    );
  });
});
