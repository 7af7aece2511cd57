import { PERMISSION, ROLE_PERMISSIONS, ROLE_V1, ROLES_V1, USER_ROLES, accountWithMembers, createPermission, createRole } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

/**
 * A role or permission deleted while a change points something at it: whichever commits first wins,
 * the other answers a clear 4xx, and nothing is left pointing at a row that is gone (never a 500
 * from a foreign key that vanished mid-change).
 */
describe('deletes racing the changes that refer to what they delete', () => {
  it('deleting a role while it is given to a member', async () => {
    const { vendor, tenant, admin, readerUser } = await accountWithMembers(server);
    for (let round = 0; round < 8; round += 1) {
      const role = await createRole(vendor, { tenantId: tenant.tenantId, level: 3 });
      const [given, deleted] = await Promise.all([
        admin.client.POST(USER_ROLES, { params: { path: { userId: readerUser.id } }, body: { roleIds: [role.id] } }),
        vendor.DELETE(ROLE_V1, { params: { path: { roleId: role.id } } }),
      ]);
      expect(deleted.response.status).toBe(204);
      expect([201, 400]).toContain(given.response.status);
      const held = await admin.client.GET('/identity/resources/users/v3/roles', { params: { query: { ids: [readerUser.id] } } });
      expect(held.data![0].roleIds).not.toContain(role.id);
    }
  });

  it('deleting a permission while a role is given it', async () => {
    const { vendor } = await accountWithMembers(server);
    const role = await createRole(vendor, { level: 3 });
    for (let round = 0; round < 8; round += 1) {
      const permission = await createPermission(vendor);
      const [set, deleted] = await Promise.all([
        vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: { permissionIds: [permission.id] } }),
        vendor.DELETE(PERMISSION, { params: { path: { permissionId: permission.id } } }),
      ]);
      expect(deleted.response.status).toBe(204);
      expect([200, 400]).toContain(set.response.status);
      const after = await vendor.GET(ROLES_V1, {});
      expect(after.data!.find((row) => row.id === role.id)!.permissions).not.toContain(permission.id);
    }
  });
});
