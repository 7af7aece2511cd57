import { randomUUID } from 'node:crypto';
import { asVendor, createTenant } from '../../support/fixtures';
import {
  ADMIN_ROLE_ID,
  CLASSIFICATION,
  PERMISSION,
  READ_ONLY_ROLE_ID,
  ROLES_V2,
  accountWithMembers,
  builtInPermissionId,
  createPermission,
  createRole,
  memberWith,
  uniqueKey,
  vendorIn,
} from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const LEVELS = '/identity/resources/roles/v2/distinct-levels';
const TENANTS = '/identity/resources/roles/v2/distinct-tenants';

describe('GET /identity/resources/roles/v2', () => {
  it('pages the roles an account sees: _offset is a page index; _metadata and _links describe the pages', async () => {
    const { vendor, tenant, reader } = await accountWithMembers(server);
    const prefix = uniqueKey('page');
    const keys = [0, 1, 2, 3, 4].map((index) => `${prefix}-${index}`);
    for (const key of keys) await createRole(vendor, { tenantId: tenant.tenantId, key });

    const query = { _sortBy: 'key' as const, _limit: 2, _filter: prefix };
    const first = await reader.client.GET(ROLES_V2, { params: { query } });
    expect(first.response.status).toBe(200);
    expect(first.data!.items.map((role) => role.key)).toEqual(keys.slice(0, 2));
    expect(first.data!._metadata).toEqual({ totalItems: 5, totalPages: 3 });
    expect(first.data!._links.prev).toBe('');
    expect(first.data!._links.next).toContain('_offset=1');
    expect(first.data!._links.last).toContain('_offset=2');
    expect(first.data!._links.first).toContain('_offset=0');

    const last = await reader.client.GET(ROLES_V2, { params: { query: { ...query, _offset: 2 } } });
    expect(last.data!.items.map((role) => role.key)).toEqual(keys.slice(4));
    expect(last.data!._links.next).toBe('');
    expect(last.data!._links.prev).toContain('_offset=1');

    // Following a link gives the next page.
    const next = await fetch(`${server.url}${first.data!._links.next}`, { headers: { authorization: `Bearer ${reader.accessToken}` } });
    expect(((await next.json()) as { items: { key: string }[] }).items.map((role) => role.key)).toEqual(keys.slice(2, 4));

    const descending = await reader.client.GET(ROLES_V2, { params: { query: { ...query, _order: 'DESC' } } });
    expect(descending.data!.items.map((role) => role.key)).toEqual([keys[4], keys[3]]);
  });

  it("shows the environment-wide roles and the account's own, never another account's", async () => {
    const { vendor, tenant, reader } = await accountWithMembers(server);
    const other = await createTenant(vendor);
    const own = await createRole(vendor, { tenantId: tenant.tenantId });
    const foreign = await createRole(vendor, { tenantId: other.tenantId });
    const listed = await reader.client.GET(ROLES_V2, { params: { query: { _sortBy: 'level', _limit: 2000 } } });
    const ids = listed.data!.items.map((role) => role.id);
    expect(ids).toEqual(expect.arrayContaining([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID, own.id]));
    expect(ids).not.toContain(foreign.id);
    expect(listed.data!.items.every((role) => role.tenantId === null || role.tenantId === tenant.tenantId)).toBe(true);
    // Asking for the other account's roles by _tenantIds finds nothing either.
    const probing = await reader.client.GET(ROLES_V2, { params: { query: { _sortBy: 'key', _tenantIds: [other.tenantId] } } });
    expect(probing.data!.items).toEqual([]);
  });

  it("with an environment token alone, every role; with frontegg-tenant-id, that account's view", async () => {
    const { client: vendor, token } = await asVendor(server);
    const [one, two] = [await createTenant(vendor), await createTenant(vendor)];
    const prefix = uniqueKey('env');
    const first = await createRole(vendor, { tenantId: one.tenantId, key: `${prefix}-1`, level: 3 });
    const second = await createRole(vendor, { tenantId: two.tenantId, key: `${prefix}-2`, level: 8 });

    const all = await vendor.GET(ROLES_V2, { params: { query: { _sortBy: 'key', _filter: prefix } } });
    expect(all.data!.items.map((role) => role.id)).toEqual([first.id, second.id]);
    const byTenant = await vendor.GET(ROLES_V2, { params: { query: { _sortBy: 'key', _filter: prefix, _tenantIds: [two.tenantId] } } });
    expect(byTenant.data!.items.map((role) => role.id)).toEqual([second.id]);
    const byLevel = await vendor.GET(ROLES_V2, { params: { query: { _sortBy: 'key', _filter: prefix, _levels: [3] } } });
    expect(byLevel.data!.items.map((role) => role.id)).toEqual([first.id]);

    const scoped = await vendorIn(server, token, one.tenantId).GET(ROLES_V2, { params: { query: { _sortBy: 'key', _filter: prefix } } });
    expect(scoped.data!.items.map((role) => role.id)).toEqual([first.id]);

    // Comma-separated lists, as Frontegg's browser SDK sends them.
    const commas = await fetch(`${server.url}${ROLES_V2}?_sortBy=key&_filter=${prefix}&_levels=3,8`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await commas.json()) as { items: unknown[] }).items).toHaveLength(2);
  });

  it('sorts by how many permissions roles hold', async () => {
    const { vendor, tenant, reader } = await accountWithMembers(server);
    const prefix = uniqueKey('count');
    const [a, b] = [await createPermission(vendor), await createPermission(vendor)];
    const two = await createRole(vendor, { tenantId: tenant.tenantId, key: `${prefix}-a`, permissionIds: [a.id, b.id] });
    const none = await createRole(vendor, { tenantId: tenant.tenantId, key: `${prefix}-b`, permissionIds: [] });
    const one = await createRole(vendor, { tenantId: tenant.tenantId, key: `${prefix}-c`, permissionIds: [a.id] });
    const sorted = await reader.client.GET(ROLES_V2, { params: { query: { _sortBy: 'permissions', _filter: prefix } } });
    expect(sorted.data!.items.map((role) => role.id)).toEqual([none.id, one.id, two.id]);
  });

  it('answers 400 without _sortBy or with a bad _limit, 401 without a token, 403 without fe.secure.read.roles', async () => {
    const { vendor, tenant, reader } = await accountWithMembers(server);
    const noSort = await reader.client.GET(ROLES_V2, { params: { query: {} as never } });
    expect(noSort.response.status).toBe(400);
    expect(noSort.error?.errors.join(' ')).toMatch(/_sortBy/);
    expect((await reader.client.GET(ROLES_V2, { params: { query: { _sortBy: 'key', _limit: 0 } } })).response.status).toBe(400);
    expect((await server.client.GET(ROLES_V2, { params: { query: { _sortBy: 'key' } } })).response.status).toBe(401);
    const bare = await memberWith(server, vendor, tenant.tenantId);
    const refused = await bare.client.GET(ROLES_V2, { params: { query: { _sortBy: 'key' } } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toContain('fe.secure.read.roles');
  });
});

describe('POST /identity/resources/roles/v2', () => {
  it("creates a role of the caller's account with the base role's level and the permissions named (200)", async () => {
    const { tenant, admin } = await accountWithMembers(server);
    const readUsers = builtInPermissionId('fe.secure.read.users');
    const key = uniqueKey('own');
    const created = await admin.client.POST(ROLES_V2, {
      body: { key, name: 'Support', description: 'Helps out', baseRoleId: READ_ONLY_ROLE_ID, permissionIds: [readUsers], isDefault: false },
    });
    expect(created.response.status).toBe(200);
    expect(created.data).toMatchObject({ key, name: 'Support', description: 'Helps out', tenantId: tenant.tenantId, level: 1, permissions: [readUsers] });

    const listed = await admin.client.GET(ROLES_V2, { params: { query: { _sortBy: 'key', _filter: key } } });
    expect(listed.data!.items.map((role) => role.id)).toEqual([created.data!.id]);
    // Another account never sees it.
    const stranger = await accountWithMembers(server);
    const hidden = await stranger.admin.client.GET(ROLES_V2, { params: { query: { _sortBy: 'key', _filter: key } } });
    expect(hidden.data!.items).toEqual([]);
  });

  it('works for the environment with frontegg-tenant-id, and needs it (400 without, 404 for an unknown account)', async () => {
    const { client: vendor, token } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const body = { key: uniqueKey(), name: 'By the environment', baseRoleId: ADMIN_ROLE_ID, permissionIds: [] };
    const created = await vendorIn(server, token, tenant.tenantId).POST(ROLES_V2, { body });
    expect(created.response.status).toBe(200);
    expect(created.data).toMatchObject({ tenantId: tenant.tenantId, level: 0 });
    const without = await vendor.POST(ROLES_V2, { body: { ...body, key: uniqueKey() } });
    expect(without.response.status).toBe(400);
    expect(without.error?.errorCode).toBe('ER-03002');
    const unknown = await vendorIn(server, token, `nope-${randomUUID()}`).POST(ROLES_V2, { body: { ...body, key: uniqueKey() } });
    expect(unknown.response.status).toBe(404);
  });

  it('refuses permissions classified NEVER (400) and adds those classified ALWAYS', async () => {
    const { vendor, admin } = await accountWithMembers(server);
    const never = await createPermission(vendor, { assignmentType: 'NEVER' });
    const refused = await admin.client.POST(ROLES_V2, { body: { key: uniqueKey(), name: 'x', baseRoleId: READ_ONLY_ROLE_ID, permissionIds: [never.id] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toEqual({ errors: [expect.stringContaining(never.key)], errorCode: 'ER-03012' });

    const always = await createPermission(vendor, { assignmentType: 'ALWAYS' });
    try {
      const created = await admin.client.POST(ROLES_V2, { body: { key: uniqueKey(), name: 'x', baseRoleId: READ_ONLY_ROLE_ID, permissionIds: [] } });
      expect(created.response.status).toBe(200);
      expect(created.data!.permissions).toContain(always.id);
    } finally {
      // Classified ALWAYS, it would join every account role created elsewhere meanwhile.
      await vendor.PUT(CLASSIFICATION, { body: { permissionIds: [always.id], type: 'ASSIGNABLE' } });
      await vendor.DELETE(PERMISSION, { params: { path: { permissionId: always.id } } });
    }
  });

  it('lets no member make a role stronger than they are (403): not on a stronger base, not with permissions they lack', async () => {
    const { vendor, tenant } = await accountWithMembers(server);
    const keys = ['fe.secure.read.roles', 'fe.secure.write.roles'];
    const manager = await createRole(vendor, { tenantId: tenant.tenantId, level: 5, permissionIds: keys.map(builtInPermissionId) });
    const weak = await createRole(vendor, { tenantId: tenant.tenantId, level: 9 });
    const acting = await memberWith(server, vendor, tenant.tenantId, manager.id);

    const stronger = await acting.client.POST(ROLES_V2, { body: { key: uniqueKey(), name: 'x', baseRoleId: READ_ONLY_ROLE_ID, permissionIds: [] } });
    expect(stronger.response.status).toBe(403);
    expect(stronger.error).toEqual({ errors: [expect.stringMatching(/level 5.*ReadOnly/)], errorCode: 'ER-03007' });

    const deleteAccount = builtInPermissionId('fe.account-settings.delete.account');
    const notHeld = await acting.client.POST(ROLES_V2, { body: { key: uniqueKey(), name: 'x', baseRoleId: weak.id, permissionIds: [deleteAccount] } });
    expect(notHeld.response.status).toBe(403);
    expect(notHeld.error).toEqual({ errors: [expect.stringContaining('fe.account-settings.delete.account')], errorCode: 'ER-03013' });

    const fine = await acting.client.POST(ROLES_V2, {
      body: { key: uniqueKey(), name: 'x', baseRoleId: manager.id, permissionIds: [builtInPermissionId('fe.secure.read.roles')] },
    });
    expect(fine.response.status).toBe(200);
    expect(fine.data!.level).toBe(5);
  });

  it("answers 400 naming unknown ids, another account's base role, 409 for a taken key, 401 and 403", async () => {
    const { vendor, admin, reader } = await accountWithMembers(server);
    const other = await createTenant(vendor);
    const foreign = await createRole(vendor, { tenantId: other.tenantId });
    const body = { key: uniqueKey(), name: 'x', baseRoleId: READ_ONLY_ROLE_ID, permissionIds: [] as string[] };

    const hiddenBase = await admin.client.POST(ROLES_V2, { body: { ...body, baseRoleId: foreign.id } });
    expect(hiddenBase.response.status).toBe(400);
    expect(hiddenBase.error).toEqual({ errors: [`No such role in this account: ${foreign.id}`], errorCode: 'ER-03001' });
    const unknownPermission = randomUUID();
    const noPermission = await admin.client.POST(ROLES_V2, { body: { ...body, permissionIds: [unknownPermission] } });
    expect(noPermission.response.status).toBe(400);
    expect(noPermission.error?.errors[0]).toContain(unknownPermission);
    const taken = await admin.client.POST(ROLES_V2, { body: { ...body, key: 'Admin' } });
    expect(taken.response.status).toBe(409);
    expect((await admin.client.POST(ROLES_V2, { body: { name: 'x' } as never })).response.status).toBe(400);
    expect((await server.client.POST(ROLES_V2, { body })).response.status).toBe(401);
    const refused = await reader.client.POST(ROLES_V2, { body });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toContain('fe.secure.write.roles');
  });
});

describe('GET /identity/resources/roles/v2/distinct-levels and distinct-tenants', () => {
  it("answer from what the caller sees: the account's view, or everything for the environment alone", async () => {
    const { vendor, tenant, reader } = await accountWithMembers(server);
    const other = await createTenant(vendor);

    const before = await reader.client.GET(TENANTS, {});
    expect(before.response.status).toBe(200);
    expect(before.data).toEqual([]);

    await createRole(vendor, { tenantId: tenant.tenantId, level: 4242 });
    await createRole(vendor, { tenantId: other.tenantId, level: 4343 });

    const levels = await reader.client.GET(LEVELS, {});
    expect(levels.response.status).toBe(200);
    expect(levels.data).toEqual(expect.arrayContaining([0, 1, 4242]));
    expect(levels.data).not.toContain(4343);
    expect(levels.data).toEqual([...levels.data!].sort((a, b) => a - b));
    expect((await reader.client.GET(TENANTS, {})).data).toEqual([tenant.tenantId]);

    const everything = await vendor.GET(LEVELS, {});
    expect(everything.data).toEqual(expect.arrayContaining([4242, 4343]));
    const tenants = await vendor.GET(TENANTS, {});
    expect(tenants.data).toEqual(expect.arrayContaining([tenant.tenantId, other.tenantId]));
  });

  it('answer 401 without a token and 403 without fe.secure.read.roles', async () => {
    const { vendor, tenant } = await accountWithMembers(server);
    const bare = await memberWith(server, vendor, tenant.tenantId);
    for (const route of [LEVELS, TENANTS] as const) {
      expect((await server.client.GET(route, {})).response.status).toBe(401);
      expect((await bare.client.GET(route, {})).response.status).toBe(403);
    }
  });
});
