import { randomUUID } from 'node:crypto';
import { BUILT_IN_CATEGORIES } from '../../../server/db/migrations/20261126000000_authorization';
import { asVendor, createUser, login } from '../../support/fixtures';
import {
  ADMIN_ROLE_ID,
  CATEGORIES,
  CATEGORY,
  CLASSIFICATION,
  PERMISSION,
  PERMISSION_ROLES,
  PERMISSIONS,
  USER_ROLES,
  accountWithMembers,
  asUser,
  builtInPermissionId,
  createPermission,
  createRole,
  uniqueKey,
} from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const READ_USERS = builtInPermissionId('fe.secure.read.users');

describe('GET /identity/resources/permissions/v1', () => {
  it('lists every permission with its roles, category and classification, built-in ones included', async () => {
    const { client: vendor } = await asVendor(server);
    const custom = await createPermission(vendor);
    const listed = await vendor.GET(PERMISSIONS, {});
    expect(listed.response.status).toBe(200);
    const readUsers = listed.data!.find((permission) => permission.id === READ_USERS)!;
    expect(readUsers).toMatchObject({
      key: 'fe.secure.read.users',
      fePermission: true,
      categoryId: BUILT_IN_CATEGORIES[0].id,
      assignmentType: 'ASSIGNABLE',
    });
    expect(readUsers.roleIds).toEqual(expect.arrayContaining([ADMIN_ROLE_ID]));
    expect(listed.data!.find((permission) => permission.id === custom.id)).toMatchObject({ fePermission: false, roleIds: [] });
    const keys = listed.data!.map((permission) => permission.key);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers 401 without a token; a member who may read roles lists them, one who may not is a 403', async () => {
    expect((await server.client.GET(PERMISSIONS, {})).response.status).toBe(401);
    const { admin, vendor, tenant } = await accountWithMembers(server);
    expect((await admin.client.GET(PERMISSIONS, {})).response.status).toBe(200);
    const bare = await createUser(vendor, tenant.tenantId);
    await vendor.DELETE(USER_ROLES, {
      params: { path: { userId: bare.id }, header: { 'frontegg-tenant-id': tenant.tenantId } },
      body: { roleIds: bare.roles.map((role) => role.id) },
    });
    expect((await asUser(server, (await login(server, bare.email)).accessToken).GET(PERMISSIONS, {})).response.status).toBe(403);
  });
});

describe('POST /identity/resources/permissions/v1', () => {
  it('creates the permissions of the array, in order (201)', async () => {
    const { client: vendor } = await asVendor(server);
    const category = BUILT_IN_CATEGORIES[1].id;
    const [first, second] = [uniqueKey('p'), uniqueKey('q')];
    const created = await vendor.POST(PERMISSIONS, {
      body: [
        { key: first, name: 'First', description: 'Does a thing', categoryId: category },
        { key: second, name: 'Second', assignmentType: 'NEVER' },
      ],
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual([
      expect.objectContaining({
        key: first,
        name: 'First',
        description: 'Does a thing',
        categoryId: category,
        fePermission: false,
        roleIds: [],
        assignmentType: 'ASSIGNABLE',
      }),
      expect.objectContaining({ key: second, description: null, categoryId: null, assignmentType: 'NEVER' }),
    ]);
  });

  it('answers 409 naming a taken or repeated key and 400 naming an unknown category, creating none', async () => {
    const { client: vendor } = await asVendor(server);
    const fresh = uniqueKey('fresh');
    const taken = await vendor.POST(PERMISSIONS, {
      body: [
        { key: fresh, name: 'x' },
        { key: 'fe.secure.read.users', name: 'x' },
      ],
    });
    expect(taken.response.status).toBe(409);
    expect(taken.error).toEqual({ errors: [expect.stringContaining('fe.secure.read.users')], errorCode: 'ER-03010' });
    const twice = await vendor.POST(PERMISSIONS, {
      body: [
        { key: fresh, name: 'x' },
        { key: fresh, name: 'y' },
      ],
    });
    expect(twice.response.status).toBe(409);
    const category = randomUUID();
    const unknown = await vendor.POST(PERMISSIONS, { body: [{ key: fresh, name: 'x', categoryId: category }] });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error).toEqual({ errors: [`No such permission category: ${category}`], errorCode: 'ER-03015' });
    expect((await vendor.POST(PERMISSIONS, { body: [{ key: fresh, name: 'x', categoryId: 'nope' }] })).response.status).toBe(400);
    expect((await vendor.GET(PERMISSIONS, {})).data!.some((permission) => permission.key === fresh)).toBe(false);
  });

  it('answers 400 for a body that is not an array of permissions, 401 without a token', async () => {
    const { client: vendor } = await asVendor(server);
    expect((await vendor.POST(PERMISSIONS, { body: { key: 'x', name: 'x' } as never })).response.status).toBe(400);
    expect((await vendor.POST(PERMISSIONS, { body: [] })).response.status).toBe(400);
    expect((await vendor.POST(PERMISSIONS, { body: [{ key: 'x' }] as never })).response.status).toBe(400);
    expect((await server.client.POST(PERMISSIONS, { body: [{ key: 'x', name: 'x' }] })).response.status).toBe(401);
  });
});

describe('PATCH /identity/resources/permissions/v1/{permissionId}', () => {
  it('changes the fields sent (200)', async () => {
    const { client: vendor } = await asVendor(server);
    const permission = await createPermission(vendor);
    const key = uniqueKey('renamed');
    const category = BUILT_IN_CATEGORIES[2].id;
    const patched = await vendor.PATCH(PERMISSION, {
      params: { path: { permissionId: permission.id } },
      body: { key, description: 'New words', categoryId: category },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject({ id: permission.id, key, name: permission.name, description: 'New words', categoryId: category });
  });

  it('keeps the key of a built-in permission (400) but lets its name change', async () => {
    const { client: vendor } = await asVendor(server);
    const renamed = await vendor.PATCH(PERMISSION, { params: { path: { permissionId: READ_USERS } }, body: { key: 'fe.secure.read.people' } });
    expect(renamed.response.status).toBe(400);
    expect(renamed.error).toEqual({ errors: [expect.stringContaining('fe.secure.read.users is a built-in permission')], errorCode: 'ER-03011' });
    const sameKey = await vendor.PATCH(PERMISSION, {
      params: { path: { permissionId: READ_USERS } },
      body: { key: 'fe.secure.read.users', name: 'Read users' },
    });
    expect(sameKey.response.status).toBe(200);
    expect(sameKey.data!.key).toBe('fe.secure.read.users');
  });

  it('answers 409 for a taken key, 404 for an unknown id, 400 for an unknown category, 401 without a token', async () => {
    const { client: vendor } = await asVendor(server);
    const permission = await createPermission(vendor);
    const taken = await vendor.PATCH(PERMISSION, { params: { path: { permissionId: permission.id } }, body: { key: 'fe.secure.write.users' } });
    expect(taken.response.status).toBe(409);
    expect(taken.error?.errors[0]).toContain('fe.secure.write.users');
    for (const permissionId of [randomUUID(), 'not-a-uuid']) {
      const missing = await vendor.PATCH(PERMISSION, { params: { path: { permissionId } }, body: { name: 'x' } });
      expect(missing.response.status).toBe(404);
      expect(missing.error).toEqual({ errors: [`Permission not found: ${permissionId}`], errorCode: 'ER-03008' });
    }
    expect((await vendor.PATCH(PERMISSION, { params: { path: { permissionId: permission.id } }, body: { categoryId: randomUUID() } })).response.status).toBe(
      400,
    );
    expect((await server.client.PATCH(PERMISSION, { params: { path: { permissionId: permission.id } }, body: {} })).response.status).toBe(401);
  });
});

describe('DELETE /identity/resources/permissions/v1/{permissionId}', () => {
  it('deletes a permission (204) and the roles that held it lose it', async () => {
    const { client: vendor } = await asVendor(server);
    const permission = await createPermission(vendor);
    const kept = await createPermission(vendor);
    const role = await createRole(vendor, { permissionIds: [permission.id, kept.id] });
    const deleted = await vendor.DELETE(PERMISSION, { params: { path: { permissionId: permission.id } } });
    expect(deleted.response.status).toBe(204);
    const roles = await vendor.GET('/identity/resources/roles/v1', {});
    expect(roles.data!.find((listed) => listed.id === role.id)!.permissions).toEqual([kept.id]);
    expect((await vendor.DELETE(PERMISSION, { params: { path: { permissionId: permission.id } } })).response.status).toBe(404);
  });

  it('refuses to delete built-in permissions (400); 404 for a bad id; 401 without a token', async () => {
    const { client: vendor } = await asVendor(server);
    const refused = await vendor.DELETE(PERMISSION, { params: { path: { permissionId: READ_USERS } } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-03011');
    expect((await vendor.GET(PERMISSIONS, {})).data!.some((permission) => permission.id === READ_USERS)).toBe(true);
    expect((await vendor.DELETE(PERMISSION, { params: { path: { permissionId: 'nope' } } })).response.status).toBe(404);
    expect((await server.client.DELETE(PERMISSION, { params: { path: { permissionId: READ_USERS } } })).response.status).toBe(401);
  });
});

describe('PUT /identity/resources/permissions/v1/{permissionId}/roles', () => {
  it('adds the permission to the roles named and keeps it where it was (200)', async () => {
    const { client: vendor } = await asVendor(server);
    const { tenant } = await accountWithMembers(server);
    const permission = await createPermission(vendor);
    const [before, global, own] = [await createRole(vendor), await createRole(vendor), await createRole(vendor, { tenantId: tenant.tenantId })];
    await vendor.PUT(PERMISSION_ROLES, { params: { path: { permissionId: permission.id } }, body: { roleIds: [before.id] } });
    const added = await vendor.PUT(PERMISSION_ROLES, { params: { path: { permissionId: permission.id } }, body: { roleIds: [global.id, own.id, global.id] } });
    expect(added.response.status).toBe(200);
    expect([...added.data!.roleIds].sort()).toEqual([before.id, global.id, own.id].sort());
  });

  it('answers 400 naming unknown role ids and changes nothing; 404 for an unknown permission; 401', async () => {
    const { client: vendor } = await asVendor(server);
    const permission = await createPermission(vendor);
    const role = await createRole(vendor);
    const unknown = randomUUID();
    const refused = await vendor.PUT(PERMISSION_ROLES, { params: { path: { permissionId: permission.id } }, body: { roleIds: [role.id, unknown] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toEqual({ errors: [`No such role in this account: ${unknown}`], errorCode: 'ER-03001' });
    expect((await vendor.GET(PERMISSIONS, {})).data!.find((listed) => listed.id === permission.id)!.roleIds).toEqual([]);
    expect((await vendor.PUT(PERMISSION_ROLES, { params: { path: { permissionId: randomUUID() } }, body: { roleIds: [] } })).response.status).toBe(404);
    expect((await server.client.PUT(PERMISSION_ROLES, { params: { path: { permissionId: permission.id } }, body: { roleIds: [] } })).response.status).toBe(401);
  });
});

describe('PUT /identity/resources/permissions/v1/classification', () => {
  it('sets the assignment type of every permission named and answers with them (200)', async () => {
    const { client: vendor } = await asVendor(server);
    const [a, b] = [await createPermission(vendor), await createPermission(vendor)];
    const classified = await vendor.PUT(CLASSIFICATION, { body: { permissionIds: [b.id, a.id], type: 'NEVER' } });
    expect(classified.response.status).toBe(200);
    expect(classified.data!.map((permission) => [permission.id, permission.assignmentType])).toEqual([
      [b.id, 'NEVER'],
      [a.id, 'NEVER'],
    ]);
  });

  it('answers 400 naming unknown ids (changing nothing) or a bad type; 401 without a token', async () => {
    const { client: vendor } = await asVendor(server);
    const permission = await createPermission(vendor);
    const refused = await vendor.PUT(CLASSIFICATION, { body: { permissionIds: [permission.id, 'nope'], type: 'ALWAYS' } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errors[0]).toBe('No such permission: nope');
    expect((await vendor.GET(PERMISSIONS, {})).data!.find((listed) => listed.id === permission.id)!.assignmentType).toBe('ASSIGNABLE');
    expect((await vendor.PUT(CLASSIFICATION, { body: { permissionIds: [permission.id], type: 'SOMETIMES' as never } })).response.status).toBe(400);
    expect((await server.client.PUT(CLASSIFICATION, { body: { permissionIds: [], type: 'NEVER' } })).response.status).toBe(401);
  });
});

describe('permission categories', () => {
  it('creates (201), lists with their permissions, changes (200) and deletes (200) a category; its permissions stay', async () => {
    const { client: vendor } = await asVendor(server);
    const created = await vendor.POST(CATEGORIES, { body: { name: 'Billing', description: 'Money matters' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'Billing', description: 'Money matters', feCategory: false, permissionIds: [] });
    const categoryId = created.data!.id;
    const permission = await createPermission(vendor, { categoryId });

    const listed = await vendor.GET(CATEGORIES, {});
    expect(listed.response.status).toBe(200);
    expect(listed.data!.find((category) => category.id === categoryId)!.permissionIds).toEqual([permission.id]);
    expect(listed.data!.filter((category) => category.feCategory).map((category) => category.id)).toEqual(
      expect.arrayContaining(BUILT_IN_CATEGORIES.map((category) => category.id)),
    );

    const patched = await vendor.PATCH(CATEGORY, { params: { path: { categoryId } }, body: { name: 'Payments' } });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject({ id: categoryId, name: 'Payments', description: 'Money matters' });

    const deleted = await vendor.DELETE(CATEGORY, { params: { path: { categoryId } } });
    expect(deleted.response.status).toBe(200);
    expect((await vendor.GET(CATEGORIES, {})).data!.some((category) => category.id === categoryId)).toBe(false);
    expect((await vendor.GET(PERMISSIONS, {})).data!.find((listed) => listed.id === permission.id)!.categoryId).toBeNull();
  });

  it("takes the caller's id, and answers 409 when it is taken and 400 when it is not a UUID", async () => {
    const { client: vendor } = await asVendor(server);
    const id = randomUUID();
    const created = await vendor.POST(CATEGORIES, { body: { id, name: 'Mine' } });
    expect(created.response.status).toBe(201);
    expect(created.data!.id).toBe(id);
    const again = await vendor.POST(CATEGORIES, { body: { id, name: 'Again' } });
    expect(again.response.status).toBe(409);
    expect(again.error?.errors[0]).toContain(id);
    expect((await vendor.POST(CATEGORIES, { body: { id: 'mine', name: 'x' } })).response.status).toBe(400);
    expect((await vendor.POST(CATEGORIES, { body: {} as never })).response.status).toBe(400);
  });

  it('renames a built-in category but never deletes one (400); 404 for unknown ids; 401 without a token', async () => {
    const { client: vendor } = await asVendor(server);
    const builtIn = BUILT_IN_CATEGORIES[3];
    const renamed = await vendor.PATCH(CATEGORY, { params: { path: { categoryId: builtIn.id } }, body: { description: builtIn.description } });
    expect(renamed.response.status).toBe(200);
    const refused = await vendor.DELETE(CATEGORY, { params: { path: { categoryId: builtIn.id } } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errorCode).toBe('ER-03017');
    for (const categoryId of [randomUUID(), 'nope']) {
      expect((await vendor.PATCH(CATEGORY, { params: { path: { categoryId } }, body: { name: 'x' } })).response.status).toBe(404);
      expect((await vendor.DELETE(CATEGORY, { params: { path: { categoryId } } })).response.status).toBe(404);
    }
    expect((await server.client.GET(CATEGORIES, {})).response.status).toBe(401);
    expect((await server.client.POST(CATEGORIES, { body: { name: 'x' } })).response.status).toBe(401);
    expect((await server.client.PATCH(CATEGORY, { params: { path: { categoryId: builtIn.id } }, body: {} })).response.status).toBe(401);
    expect((await server.client.DELETE(CATEGORY, { params: { path: { categoryId: builtIn.id } } })).response.status).toBe(401);
  });
});
