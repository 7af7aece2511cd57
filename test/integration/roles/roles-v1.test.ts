import { randomUUID } from 'node:crypto';
import { asVendor, createTenant, createUser } from '../../support/fixtures';
import {
  ADMIN_ROLE_ID,
  READ_ONLY_ROLE_ID,
  ROLE_PERMISSIONS,
  ROLE_TENANT,
  ROLE_V1,
  ROLES_V1,
  USER_ROLES,
  createPermission,
  createRole,
  uniqueKey,
} from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const inTenant = (tenantId: string) => ({ 'frontegg-tenant-id': tenantId });

describe('GET /identity/resources/roles/v1', () => {
  it('lists every role without frontegg-tenant-id, and with it only what that account sees', async () => {
    const { client: vendor } = await asVendor(server);
    const mine = await createTenant(vendor);
    const other = await createTenant(vendor);
    const own = await createRole(vendor, { tenantId: mine.tenantId });
    const foreign = await createRole(vendor, { tenantId: other.tenantId });

    const all = await vendor.GET(ROLES_V1, {});
    expect(all.response.status).toBe(200);
    const allIds = all.data!.map((role) => role.id);
    expect(allIds).toEqual(expect.arrayContaining([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID, own.id, foreign.id]));

    const seen = await vendor.GET(ROLES_V1, { params: { header: inTenant(mine.tenantId) } });
    expect(seen.response.status).toBe(200);
    const seenIds = seen.data!.map((role) => role.id);
    expect(seenIds).toEqual(expect.arrayContaining([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID, own.id]));
    expect(seenIds).not.toContain(foreign.id);
    expect(seen.data!.every((role) => role.tenantId === null || role.tenantId === mine.tenantId)).toBe(true);

    const admin = all.data!.find((role) => role.id === ADMIN_ROLE_ID)!;
    expect(admin).toMatchObject({ key: 'Admin', vendorId: server.bootstrap.id, tenantId: null, firstUserRole: true, level: 0 });
    expect(admin.permissions.length).toBeGreaterThanOrEqual(17);
  });

  it('answers 401 without a token', async () => {
    expect((await server.client.GET(ROLES_V1, {})).response.status).toBe(401);
  });
});

describe('POST /identity/resources/roles/v1', () => {
  it('creates environment-wide roles without frontegg-tenant-id and account roles with it (201)', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const [first, second] = [uniqueKey('a'), uniqueKey('b')];
    const created = await vendor.POST(ROLES_V1, {
      body: [
        { key: first, name: 'First', description: 'The first one', level: 3, firstUserRole: false },
        { key: second, name: 'Second', level: 7 },
      ],
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual([
      expect.objectContaining({ key: first, name: 'First', description: 'The first one', level: 3, tenantId: null, isDefault: false, permissions: [] }),
      expect.objectContaining({ key: second, name: 'Second', description: null, level: 7, tenantId: null }),
    ]);

    const own = await vendor.POST(ROLES_V1, { body: [{ key: uniqueKey(), name: 'Own', level: 2 }], params: { header: inTenant(tenant.tenantId) } });
    expect(own.response.status).toBe(201);
    expect(own.data).toEqual([expect.objectContaining({ tenantId: tenant.tenantId })]);
  });

  it('gives a default role with migrateRole to every existing member of its account, and no one else', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const other = await createTenant(vendor);
    const [first, second] = [await createUser(vendor, tenant.tenantId), await createUser(vendor, tenant.tenantId)];
    const outsider = await createUser(vendor, other.tenantId);
    const role = await createRole(vendor, { tenantId: tenant.tenantId, isDefault: true, migrateRole: true });

    for (const user of [first, second]) {
      const read = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: { path: { userId: user.id } } });
      expect(read.data!.tenants[0].roles.map((held) => held.id)).toContain(role.id);
    }
    const untouched = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: { path: { userId: outsider.id } } });
    expect(untouched.data!.tenants[0].roles.map((held) => held.id)).not.toContain(role.id);

    // A later member gets it as a default role too.
    const later = await createUser(vendor, tenant.tenantId);
    expect(later.roles.map((held) => held.id)).toEqual(expect.arrayContaining([READ_ONLY_ROLE_ID, role.id]));
  });

  // On a shared PostgreSQL database, an environment-wide default role would reach the new members that
  // other test files create meanwhile; each file has its own database on PGlite.
  (process.env.DATABASE_URL ? it.skip : it)('gives an environment-wide default role with migrateRole to the members of every account', async () => {
    const { client: vendor } = await asVendor(server);
    const [one, two] = [await createTenant(vendor), await createTenant(vendor)];
    const [first, second] = [await createUser(vendor, one.tenantId), await createUser(vendor, two.tenantId)];
    const role = await createRole(vendor, { isDefault: true, migrateRole: true });
    try {
      for (const user of [first, second]) {
        const read = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: { path: { userId: user.id } } });
        expect(read.data!.tenants[0].roles.map((held) => held.id)).toContain(role.id);
      }
    } finally {
      await vendor.DELETE(ROLE_V1, { params: { path: { roleId: role.id } } });
    }
  });

  it('never lets an environment-wide role and an account role with one key be created at once', async () => {
    const { client: vendor } = await asVendor(server);
    const tenants = await Promise.all([1, 2, 3, 4, 5].map(() => createTenant(vendor)));
    for (let round = 0; round < 5; round++) {
      const key = uniqueKey('race');
      const [global, ...own] = await Promise.all([
        vendor.POST(ROLES_V1, { body: [{ key, name: 'Global', level: 1 }] }),
        ...tenants.map((tenant) => vendor.POST(ROLES_V1, { body: [{ key, name: 'Own', level: 1 }], params: { header: inTenant(tenant.tenantId) } })),
      ]);
      const ownCreated = own.filter((result) => result.response.status === 201).length;
      // The environment-wide role was created exactly when no account took the key.
      expect(global.response.status === 201).toBe(ownCreated === 0);
      expect([...own, global].every((result) => [201, 409].includes(result.response.status))).toBe(true);
    }
  });

  it('answers 409 naming a key that is taken in the scope, or sent twice, and creates none of the roles', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const fresh = uniqueKey('fresh');

    const clash = await vendor.POST(ROLES_V1, {
      body: [
        { key: fresh, name: 'Fresh', level: 1 },
        { key: 'Admin', name: 'Again', level: 1 },
      ],
    });
    expect(clash.response.status).toBe(409);
    expect(clash.error).toEqual({ errors: [expect.stringContaining('Admin')], errorCode: 'ER-03004' });
    // An account cannot take the key of an environment-wide role either.
    const shadow = await vendor.POST(ROLES_V1, { body: [{ key: 'ReadOnly', name: 'Mine', level: 1 }], params: { header: inTenant(tenant.tenantId) } });
    expect(shadow.response.status).toBe(409);
    expect(shadow.error?.errors[0]).toContain('ReadOnly');

    const twice = await vendor.POST(ROLES_V1, {
      body: [
        { key: fresh, name: 'One', level: 1 },
        { key: fresh, name: 'Two', level: 1 },
      ],
    });
    expect(twice.response.status).toBe(409);
    expect(twice.error?.errors[0]).toContain(fresh);

    const all = await vendor.GET(ROLES_V1, {});
    expect(all.data!.some((role) => role.key === fresh)).toBe(false);

    // An account role's key may repeat in another account, but not become environment-wide then.
    const shared = uniqueKey('shared');
    await createRole(vendor, { tenantId: tenant.tenantId, key: shared });
    await createRole(vendor, { tenantId: (await createTenant(vendor)).tenantId, key: shared });
    const global = await vendor.POST(ROLES_V1, { body: [{ key: shared, name: 'Global', level: 1 }] });
    expect(global.response.status).toBe(409);
  });

  it('answers 400 for a bad body, 404 for an unknown account, and 401 without a token', async () => {
    const { client: vendor } = await asVendor(server);
    const noLevel = await vendor.POST(ROLES_V1, { body: [{ key: uniqueKey(), name: 'x' }] as never });
    expect(noLevel.response.status).toBe(400);
    expect(noLevel.error?.errors.join(' ')).toMatch(/level/);
    const tooWeak = await vendor.POST(ROLES_V1, { body: [{ key: uniqueKey(), name: 'x', level: 40000 }] });
    expect(tooWeak.response.status).toBe(400);
    const unknownTenant = await vendor.POST(ROLES_V1, {
      body: [{ key: uniqueKey(), name: 'x', level: 1 }],
      params: { header: inTenant(`nope-${randomUUID()}`) },
    });
    expect(unknownTenant.response.status).toBe(404);
    expect((await server.client.POST(ROLES_V1, { body: [{ key: 'x', name: 'x', level: 1 }] })).response.status).toBe(401);
  });
});

describe('PATCH /identity/resources/roles/v1/{roleId}', () => {
  it('changes the fields sent and keeps the others (200)', async () => {
    const { client: vendor } = await asVendor(server);
    const role = await createRole(vendor, { level: 4 });
    const key = uniqueKey('renamed');
    const patched = await vendor.PATCH(ROLE_V1, { params: { path: { roleId: role.id } }, body: { key, description: 'Now described', level: 9 } });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject({ id: role.id, key, name: role.name, description: 'Now described', level: 9, isDefault: false });
    expect(Date.parse(patched.data!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(role.updatedAt));
  });

  it('edits the built-in roles', async () => {
    const { client: vendor } = await asVendor(server);
    const before = (await vendor.GET(ROLES_V1, {})).data!.find((role) => role.id === READ_ONLY_ROLE_ID)!;
    const patched = await vendor.PATCH(ROLE_V1, { params: { path: { roleId: READ_ONLY_ROLE_ID } }, body: { description: 'Sees the account.' } });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject({ key: 'ReadOnly', description: 'Sees the account.' });
    await vendor.PATCH(ROLE_V1, { params: { path: { roleId: READ_ONLY_ROLE_ID } }, body: { description: before.description ?? undefined } });
  });

  it('with migrateRole and isDefault, gives the role to the existing members', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const role = await createRole(vendor, { tenantId: tenant.tenantId });
    const patched = await vendor.PATCH(ROLE_V1, { params: { path: { roleId: role.id } }, body: { isDefault: true, migrateRole: true } });
    expect(patched.response.status).toBe(200);
    const read = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: { path: { userId: user.id } } });
    expect(read.data!.tenants[0].roles.map((held) => held.id)).toContain(role.id);
  });

  it("answers 409 for a taken key, 404 for an unknown id or another account's role, 400 for a bad body", async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const other = await createTenant(vendor);
    const role = await createRole(vendor, { tenantId: tenant.tenantId });
    const taken = await vendor.PATCH(ROLE_V1, { params: { path: { roleId: role.id } }, body: { key: 'Admin' } });
    expect(taken.response.status).toBe(409);
    expect(taken.error?.errors[0]).toContain('Admin');

    for (const roleId of [randomUUID(), 'not-a-uuid']) {
      const missing = await vendor.PATCH(ROLE_V1, { params: { path: { roleId } }, body: { name: 'x' } });
      expect(missing.response.status).toBe(404);
      expect(missing.error).toEqual({ errors: [`Role not found: ${roleId}`], errorCode: 'ER-03003' });
    }
    const isolated = await vendor.PATCH(ROLE_V1, { params: { path: { roleId: role.id }, header: inTenant(other.tenantId) }, body: { name: 'x' } });
    expect(isolated.response.status).toBe(404);
    const bad = await vendor.PATCH(ROLE_V1, { params: { path: { roleId: role.id } }, body: { level: -1 } });
    expect(bad.response.status).toBe(400);
    expect((await server.client.PATCH(ROLE_V1, { params: { path: { roleId: role.id } }, body: {} })).response.status).toBe(401);
  });
});

describe('DELETE /identity/resources/roles/v1/{roleId}', () => {
  it('deletes the role (204) and members lose it', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const role = await createRole(vendor, { tenantId: tenant.tenantId });
    await vendor.POST(USER_ROLES, { params: { path: { userId: user.id }, header: inTenant(tenant.tenantId) }, body: { roleIds: [role.id] } });

    const deleted = await vendor.DELETE(ROLE_V1, { params: { path: { roleId: role.id } } });
    expect(deleted.response.status).toBe(204);
    const read = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: { path: { userId: user.id } } });
    // The account's first member: Admin is all that is left.
    expect(read.data!.tenants[0].roles.map((held) => held.id)).toEqual([ADMIN_ROLE_ID]);
    expect((await vendor.DELETE(ROLE_V1, { params: { path: { roleId: role.id } } })).response.status).toBe(404);
  });

  it('refuses to delete the built-in roles (400)', async () => {
    const { client: vendor } = await asVendor(server);
    for (const roleId of [ADMIN_ROLE_ID, READ_ONLY_ROLE_ID]) {
      const refused = await vendor.DELETE(ROLE_V1, { params: { path: { roleId } } });
      expect(refused.response.status).toBe(400);
      expect(refused.error?.errorCode).toBe('ER-03005');
    }
    expect((await vendor.GET(ROLES_V1, {})).data!.map((role) => role.id)).toEqual(expect.arrayContaining([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID]));
  });

  it("answers 404 for another account's role when an account is named, and 401 without a token", async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const other = await createTenant(vendor);
    const role = await createRole(vendor, { tenantId: tenant.tenantId });
    const isolated = await vendor.DELETE(ROLE_V1, { params: { path: { roleId: role.id }, header: inTenant(other.tenantId) } });
    expect(isolated.response.status).toBe(404);
    expect((await server.client.DELETE(ROLE_V1, { params: { path: { roleId: role.id } } })).response.status).toBe(401);
    expect((await vendor.GET(ROLES_V1, { params: { header: inTenant(tenant.tenantId) } })).data!.map((seen) => seen.id)).toContain(role.id);
  });
});

describe('PUT /identity/resources/roles/v1/{roleId}/permissions', () => {
  it("makes the role's permissions exactly those named (200)", async () => {
    const { client: vendor } = await asVendor(server);
    const [a, b, c] = [await createPermission(vendor), await createPermission(vendor), await createPermission(vendor)];
    const role = await createRole(vendor, { permissionIds: [a.id, b.id] });
    expect([...role.permissions].sort()).toEqual([a.id, b.id].sort());
    const replaced = await vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: { permissionIds: [c.id] } });
    expect(replaced.response.status).toBe(200);
    expect(replaced.data!.permissions).toEqual([c.id]);
    const emptied = await vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: { permissionIds: [] } });
    expect(emptied.data!.permissions).toEqual([]);
  });

  it('answers 400 naming unknown permission ids and changes nothing; 404 for an unknown or hidden role', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const other = await createTenant(vendor);
    const kept = await createPermission(vendor);
    const role = await createRole(vendor, { tenantId: tenant.tenantId, permissionIds: [kept.id] });
    const unknown = randomUUID();
    const refused = await vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: { permissionIds: [kept.id, unknown, 'nope'] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toEqual({ errors: [`No such permission: ${unknown}, nope`], errorCode: 'ER-03009' });
    const after = (await vendor.GET(ROLES_V1, { params: { header: inTenant(tenant.tenantId) } })).data!.find((seen) => seen.id === role.id)!;
    expect(after.permissions).toEqual([kept.id]);

    expect((await vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: randomUUID() } }, body: { permissionIds: [] } })).response.status).toBe(404);
    const isolated = await vendor.PUT(ROLE_PERMISSIONS, {
      params: { path: { roleId: role.id }, header: inTenant(other.tenantId) },
      body: { permissionIds: [] },
    });
    expect(isolated.response.status).toBe(404);
    expect((await vendor.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: {} as never })).response.status).toBe(400);
    expect((await server.client.PUT(ROLE_PERMISSIONS, { params: { path: { roleId: role.id } }, body: { permissionIds: [] } })).response.status).toBe(401);
  });
});

describe('PUT /identity/resources/roles/v1/{roleId}/tenant', () => {
  it('moves a role into an account and back to environment-wide (200)', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const other = await createTenant(vendor);
    const role = await createRole(vendor);
    const moved = await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: role.id } }, body: { tenantId: tenant.tenantId } });
    expect(moved.response.status).toBe(200);
    expect(moved.data!.tenantId).toBe(tenant.tenantId);
    const seenElsewhere = await vendor.GET(ROLES_V1, { params: { header: inTenant(other.tenantId) } });
    expect(seenElsewhere.data!.map((seen) => seen.id)).not.toContain(role.id);

    const back = await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: role.id } }, body: { tenantId: null } });
    expect(back.response.status).toBe(200);
    expect(back.data!.tenantId).toBeNull();
  });

  it('refuses while members of other accounts hold the role (409), for a taken key (409), and for built-in roles (400)', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const other = await createTenant(vendor);
    const holder = await createUser(vendor, other.tenantId);
    const role = await createRole(vendor);
    await vendor.POST(USER_ROLES, { params: { path: { userId: holder.id }, header: inTenant(other.tenantId) }, body: { roleIds: [role.id] } });
    const held = await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: role.id } }, body: { tenantId: tenant.tenantId } });
    expect(held.response.status).toBe(409);
    expect(held.error?.errorCode).toBe('ER-03006');
    // Moving into the holder's own account is fine.
    expect((await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: role.id } }, body: { tenantId: other.tenantId } })).response.status).toBe(200);

    const key = uniqueKey('dup');
    await createRole(vendor, { tenantId: tenant.tenantId, key });
    const twin = await createRole(vendor, { tenantId: other.tenantId, key });
    const clash = await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: twin.id } }, body: { tenantId: tenant.tenantId } });
    expect(clash.response.status).toBe(409);
    expect(clash.error?.errors[0]).toContain(key);

    const builtIn = await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: ADMIN_ROLE_ID } }, body: { tenantId: tenant.tenantId } });
    expect(builtIn.response.status).toBe(400);
  });

  it('answers 404 for an unknown role or account, 400 without tenantId, 401 without a token', async () => {
    const { client: vendor } = await asVendor(server);
    const role = await createRole(vendor);
    expect((await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: randomUUID() } }, body: { tenantId: null } })).response.status).toBe(404);
    const noTenant = await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: role.id } }, body: { tenantId: `nope-${randomUUID()}` } });
    expect(noTenant.response.status).toBe(404);
    expect(noTenant.error?.errorCode).toBe('ER-02001');
    expect((await vendor.PUT(ROLE_TENANT, { params: { path: { roleId: role.id } }, body: {} as never })).response.status).toBe(400);
    expect((await server.client.PUT(ROLE_TENANT, { params: { path: { roleId: role.id } }, body: { tenantId: null } })).response.status).toBe(401);
  });
});
