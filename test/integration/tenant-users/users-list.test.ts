import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { ADMIN_ROLE_ID, groupsAccount } from '../../support/groups';
import { asVendor, createUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const USERS_V3 = '/identity/resources/users/v3';
const USERS_V2 = '/identity/resources/users/v2';
const USERS_V1 = '/identity/resources/users/v1';

describe('GET /identity/resources/users/v3', () => {
  it("answers the members of the caller's account only, with their roles per account, a page at a time", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const extra = await createUser(mine.vendor, mine.tenantId, { name: 'Zed' });

    const { data, response } = await mine.readOnly.client.GET(USERS_V3, { params: { query: { _limit: 2, _sortBy: 'createdAt' } } });
    expect(response.status).toBe(200);
    expect(data?._metadata).toEqual({ totalItems: 3, totalPages: 2 });
    expect(data?.items.map((user) => user.id)).toEqual([mine.admin.id, mine.readOnly.id]);
    expect(data?._links.next).toContain('_offset=1');
    const admin = data!.items[0];
    expect(admin).toEqual(expect.objectContaining({ email: mine.admin.email, tenantId: mine.tenantId, tenantIds: [mine.tenantId], metadata: '{}' }));
    expect(admin.tenants[0].roles.map((role) => role.id)).toEqual([ADMIN_ROLE_ID]);
    expect(admin).not.toHaveProperty('password');

    const second = await mine.readOnly.client.GET(USERS_V3, { params: { query: { _limit: 2, _offset: 1 } } });
    expect(second.data?.items.map((user) => user.id)).toEqual([extra.id]);
    // Another account's users never show, whatever the filter.
    const foreign = await mine.admin.client.GET(USERS_V3, { params: { query: { ids: theirs.admin.id, _tenantId: theirs.tenantId } } });
    expect(foreign.data?.items).toEqual([]);
    const foreignEmail = await mine.admin.client.GET(USERS_V3, { params: { query: { _email: theirs.admin.email } } });
    expect(foreignEmail.data?._metadata.totalItems).toBe(0);
  });

  it('leaves invisible users out of the lists members ask for; the environment still sees them', async () => {
    const mine = await groupsAccount(server);
    const hidden = await createUser(mine.vendor, mine.tenantId, { name: 'Hidden Helper' });
    const { token } = await asVendor(server);
    const setInvisible = await mine.vendor.PUT('/identity/resources/users/v1/{userId}/invisible', {
      params: { path: { userId: hidden.id } },
      body: { invisible: true },
    });
    expect(setInvisible.response.status).toBe(200);

    const seen = await mine.admin.client.GET(USERS_V3, {});
    expect(seen.data?.items.map((user) => user.id)).not.toContain(hidden.id);
    expect(seen.data?._metadata.totalItems).toBe(2);
    const searched = await mine.admin.client.GET('/identity/resources/users/v1/query/phrase', {
      params: { query: { _phraseSearchContains: ['hidden helper'] } },
    });
    expect(searched.data?.items).toEqual([]);
    const vendorIn = createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': mine.tenantId } });
    expect((await vendorIn.GET(USERS_V3, {})).data?.items.map((user) => user.id)).toContain(hidden.id);

    await mine.vendor.PUT('/identity/resources/users/v1/{userId}/invisible', { params: { path: { userId: hidden.id } }, body: { invisible: false } });
    expect((await mine.admin.client.GET(USERS_V3, {})).data?.items.map((user) => user.id)).toContain(hidden.id);
  });

  it('filters by email prefix (any case), name prefix, ids, identifier; sorts by name both ways', async () => {
    const mine = await groupsAccount(server);
    const alice = await createUser(mine.vendor, mine.tenantId, { name: 'Alice Smith', email: `Alice-${randomUUID()}@Example.com` });
    const bob = await createUser(mine.vendor, mine.tenantId, { name: 'bob_jones' });
    const get = async (query: Record<string, unknown>) => {
      const { data, response } = await mine.admin.client.GET(USERS_V3, { params: { query } });
      expect(response.status).toBe(200);
      return data!.items.map((user) => user.id);
    };
    expect(await get({ _email: alice.email.toUpperCase().slice(0, 12) })).toEqual([alice.id]);
    expect(await get({ _namePrefix: 'ALICE' })).toEqual([alice.id]);
    expect(await get({ _namePrefix: 'bob_' })).toEqual([bob.id]);
    expect(await get({ _namePrefix: 'bob%' })).toEqual([]);
    expect(await get({ ids: `${bob.id},${alice.id},not-a-uuid` })).toEqual(expect.arrayContaining([alice.id, bob.id]));
    expect(await get({ _identifier: 'alice-', _identifierType: 'email' })).toEqual([alice.id]);
    expect(await get({ _identifier: 'alice', _identifierType: 'username' })).toEqual([]);
    const byName = await get({ _sortBy: 'name', _order: 'DESC' });
    expect(byName.indexOf(bob.id)).toBeLessThan(byName.indexOf(alice.id));
    expect(await get({ _offset: 99 })).toEqual([]);
  });

  it("_filter (the SDK users table's search box) keeps users whose email or name holds the text; empty is no filter", async () => {
    const mine = await groupsAccount(server);
    const tag = randomUUID().slice(0, 8);
    const carol = await createUser(mine.vendor, mine.tenantId, { name: `Carol ${tag}` });
    const dave = await createUser(mine.vendor, mine.tenantId, { email: `dave-${tag}@example.com`, name: 'Dave' });
    const get = async (route: typeof USERS_V3 | '/identity/resources/users/v2', query: Record<string, unknown>) => {
      const { data, response } = await mine.admin.client.GET(route, { params: { query } });
      expect(response.status).toBe(200);
      return data!.items.map((user) => user.id).sort();
    };
    for (const route of [USERS_V3, '/identity/resources/users/v2'] as const) {
      expect(await get(route, { _filter: tag.toUpperCase() })).toEqual([carol.id, dave.id].sort());
      expect(await get(route, { _filter: `dave-${tag}` })).toEqual([dave.id]);
      expect(await get(route, { _filter: `carol ${tag}` })).toEqual([carol.id]);
      expect((await get(route, { _filter: '' })).length).toBeGreaterThan(2);
    }
  });

  it('with an environment token: the account named by frontegg-tenant-id, else every user or _tenantId', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const inMine = await mine.asEnvironment.GET(USERS_V3, {});
    expect(inMine.data?.items.map((user) => user.id).sort()).toEqual([mine.admin.id, mine.readOnly.id].sort());
    const { client: vendor } = await asVendor(server);
    const byFilter = await vendor.GET(USERS_V3, { params: { query: { _tenantId: theirs.tenantId } } });
    expect(byFilter.data?.items.map((user) => user.id).sort()).toEqual([theirs.admin.id, theirs.readOnly.id].sort());
    const everyone = await vendor.GET(USERS_V3, { params: { query: { ids: `${mine.admin.id},${theirs.admin.id}` } } });
    expect(everyone.data?._metadata.totalItems).toBe(2);
    const unknown = await vendor.GET(USERS_V3, { params: { query: { _tenantId: `t-${randomUUID()}` } } });
    expect(unknown.response.status).toBe(404);
  });

  it('refuses bad input with 400, no token with 401, a member without fe.secure.read.users with 403', async () => {
    const mine = await groupsAccount(server);
    const bad = await mine.admin.client.GET(USERS_V3, { params: { query: { _limit: 500 } } });
    expect(bad.response.status).toBe(400);
    const sort = await mine.admin.client.GET(USERS_V3, { params: { query: { _sortBy: 'password' as never } } });
    expect(sort.response.status).toBe(400);
    const half = await mine.admin.client.GET(USERS_V3, { params: { query: { _identifier: 'x' } } });
    expect(half.response.status).toBe(400);
    expect(half.error?.errorCode).toBe('ER-02402');
    const nul = await mine.admin.client.GET(USERS_V3, { params: { query: { _namePrefix: 'a\u0000' } } });
    expect(nul.response.status).toBe(400);
    expect((await createNesteggClient({ baseUrl: server.url }).GET(USERS_V3, {})).response.status).toBe(401);
    const without = await mine.addMemberWithoutPermissions();
    const refused = await without.client.GET(USERS_V3, {});
    expect(refused.response.status).toBe(403);
  });
});

describe('GET /identity/resources/users/v2 and /identity/resources/users/v1 (legacy)', () => {
  it('answer the same page under their routes', async () => {
    const mine = await groupsAccount(server);
    const without = await mine.addMemberWithoutPermissions();
    for (const route of [USERS_V2, USERS_V1] as const) {
      const { data, response } = await mine.readOnly.client.GET(route, { params: { query: { _limit: 1, _offset: 1, _sortBy: 'createdAt' } } });
      expect(response.status).toBe(200);
      expect(data?.items.map((user) => user.id)).toEqual([mine.readOnly.id]);
      expect(data?._metadata).toEqual({ totalItems: 3, totalPages: 3 });
      expect(data?._links.first).toContain(`${route}?`);
      expect((await without.client.GET(route, {})).response.status).toBe(403);
      expect((await createNesteggClient({ baseUrl: server.url }).GET(route, {})).response.status).toBe(401);
      expect((await mine.admin.client.GET(route, { params: { query: { _offset: -1 } } })).response.status).toBe(400);
    }
  });

  it('give each user the roles and permissions they hold in the listed account (the team list maps over user.roles)', async () => {
    const mine = await groupsAccount(server);
    const without = await mine.addMemberWithoutPermissions();
    const { data } = await mine.readOnly.client.GET(USERS_V2, { params: { query: { _sortBy: 'createdAt' } } });
    const admin = data!.items.find((user) => user.id === mine.admin.id)!;
    expect(admin.roles.map((role) => role.id)).toEqual([ADMIN_ROLE_ID]);
    expect(admin.permissions.map((permission) => permission.key)).toEqual(expect.arrayContaining(['fe.secure.write.users', 'fe.secure.read.roles']));
    const reader = data!.items.find((user) => user.id === mine.readOnly.id)!;
    expect(reader.roles.map((role) => role.key)).toEqual(['ReadOnly']);
    expect(reader.permissions.every((permission) => permission.key.split('.')[2] === 'read')).toBe(true);
    const bare = data!.items.find((user) => user.id === without.id)!;
    expect(bare.roles).toHaveLength(1);
    expect(bare.permissions).toEqual([]);
  });
});
