import { randomUUID } from 'node:crypto';
import { GROUP, GROUPS, GROUPS_BULK_GET, GROUPS_V2, READ_ONLY_ROLE_ID, createGroup, groupsAccount } from '../../support/groups';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('POST /identity/resources/groups/v1', () => {
  it("creates a group in the caller's account (201), with its metadata as a JSON string and no roles or members", async () => {
    const { admin } = await groupsAccount(server);
    const name = `Support ${randomUUID()}`;
    const created = await admin.client.POST(GROUPS, { body: { name, color: '#ff0000', description: 'First line', metadata: '{"team": "blue"}' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name,
      color: '#ff0000',
      description: 'First line',
      metadata: '{"team":"blue"}',
      roles: [],
      users: [],
      managedBy: 'frontegg',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await admin.client.GET(GROUP, { params: { path: { id: created.data!.id } } });
    expect(read.data).toEqual(created.data);
  });

  it('leaves color and description null and metadata {} when they are not sent', async () => {
    const { admin } = await groupsAccount(server);
    const created = await createGroup(admin.client, { name: 'Plain' });
    expect(created).toMatchObject({ name: 'Plain', color: null, description: null, metadata: '{}' });
  });

  it('with an environment token, creates in the account of frontegg-tenant-id; without it, 400; an unknown account, 404', async () => {
    const { asEnvironment, admin, vendor } = await groupsAccount(server);
    const created = await createGroup(asEnvironment);
    const list = await admin.client.GET(GROUPS, {});
    expect(list.data?.groups.map((group) => group.id)).toEqual([created.id]);

    const withoutTenant = await vendor.POST(GROUPS, { body: { name: 'x' } });
    expect(withoutTenant.response.status).toBe(400);
    expect(withoutTenant.error?.errorCode).toBe('ER-03002');
    const unknownTenant = await vendor.POST(GROUPS, { body: { name: 'x' }, params: { header: { 'frontegg-tenant-id': `t-${randomUUID()}` } } });
    expect(unknownTenant.response.status).toBe(404);
    expect(unknownTenant.error?.errorCode).toBe('ER-02001');
  });

  it('answers 409 for a name the account already uses; another account may use it', async () => {
    const first = await groupsAccount(server);
    const second = await groupsAccount(server);
    await createGroup(first.admin.client, { name: 'Engineering' });
    const again = await first.admin.client.POST(GROUPS, { body: { name: 'Engineering' } });
    expect(again.response.status).toBe(409);
    expect(again.error).toEqual({ errors: ['A group named "Engineering" already exists in this account'], errorCode: 'ER-03104' });
    expect((await second.admin.client.POST(GROUPS, { body: { name: 'Engineering' } })).response.status).toBe(201);
  });

  it('answers 400 for metadata that is not a JSON object, an empty name or no name', async () => {
    const { admin } = await groupsAccount(server);
    const badMetadata = await admin.client.POST(GROUPS, { body: { name: 'x', metadata: '[1]' } });
    expect(badMetadata.response.status).toBe(400);
    expect(badMetadata.error?.errorCode).toBe('ER-02005');
    expect((await admin.client.POST(GROUPS, { body: { name: '' } })).response.status).toBe(400);
    const noName = await admin.client.POST(GROUPS, { body: {} as { name: string } });
    expect(noName.response.status).toBe(400);
    expect(noName.error?.errors[0]).toMatch(/name/);
    expect((await admin.client.GET(GROUPS, {})).data?.groups).toEqual([]);
  });

  it('answers 403 to a member without fe.secure.write.groups and 401 without a token', async () => {
    const { readOnly, admin } = await groupsAccount(server);
    const refused = await readOnly.client.POST(GROUPS, { body: { name: 'x' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.secure\.write\.groups/);
    expect((await server.client.POST(GROUPS, { body: { name: 'x' } })).response.status).toBe(401);
    expect((await admin.client.GET(GROUPS, {})).data?.groups).toEqual([]);
  });
});

describe('GET /identity/resources/groups/v1', () => {
  it("lists the account's groups oldest first, and none of another account's", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const first = await createGroup(mine.admin.client);
    const second = await createGroup(mine.admin.client);
    await createGroup(theirs.admin.client);
    const list = await mine.readOnly.client.GET(GROUPS, {});
    expect(list.response.status).toBe(200);
    expect(list.data?.groups.map((group) => group.id)).toEqual([first.id, second.id]);
    const asEnvironment = await mine.asEnvironment.GET(GROUPS, {});
    expect(asEnvironment.data?.groups.map((group) => group.id)).toEqual([first.id, second.id]);
  });

  it('fills in roles and users only as _groupsRelations asks', async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    await admin.client.POST('/identity/resources/groups/v1/{groupId}/roles', {
      params: { path: { groupId: group.id } },
      body: { roleIds: [READ_ONLY_ROLE_ID] },
    });
    await admin.client.POST('/identity/resources/groups/v1/{groupId}/users', { params: { path: { groupId: group.id } }, body: { userIds: [readOnly.id] } });
    const shapes = async (relations?: 'roles' | 'users' | 'rolesAndUsers') => {
      const { data } = await admin.client.GET(GROUPS, { params: { query: { _groupsRelations: relations } } });
      const [found] = data!.groups;
      return { roles: found.roles.map((role) => role.key), users: found.users.map((user) => user.id) };
    };
    expect(await shapes()).toEqual({ roles: [], users: [] });
    expect(await shapes('roles')).toEqual({ roles: ['ReadOnly'], users: [] });
    expect(await shapes('users')).toEqual({ roles: [], users: [readOnly.id] });
    expect(await shapes('rolesAndUsers')).toEqual({ roles: ['ReadOnly'], users: [readOnly.id] });
    const bad = await admin.client.GET(GROUPS, { params: { query: { _groupsRelations: 'everything' as 'roles' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors[0]).toMatch(/_groupsRelations/);
  });

  it('answers 403 to a member without fe.secure.read.groups, 401 without a token, 404 for an unknown account', async () => {
    const { addMemberWithoutPermissions, vendor } = await groupsAccount(server);
    const outsider = await addMemberWithoutPermissions();
    const refused = await outsider.client.GET(GROUPS, {});
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.secure\.read\.groups/);
    expect((await server.client.GET(GROUPS, {})).response.status).toBe(401);
    const unknown = await vendor.GET(GROUPS, { params: { header: { 'frontegg-tenant-id': `t-${randomUUID()}` } } });
    expect(unknown.response.status).toBe(404);
  });
});

describe('POST /identity/resources/groups/v1/bulkGet', () => {
  it("answers the account's groups among the ids (201); unknown, malformed and other accounts' ids are left out", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const first = await createGroup(mine.admin.client);
    const second = await createGroup(mine.admin.client);
    await createGroup(mine.admin.client);
    const foreign = await createGroup(theirs.admin.client);
    const found = await mine.readOnly.client.POST(GROUPS_BULK_GET, {
      body: { groupsIds: [second.id, first.id, foreign.id, randomUUID(), 'not-an-id', first.id.toUpperCase()] },
      params: { query: { _groupsRelations: 'roles' } },
    });
    expect(found.response.status).toBe(201);
    expect(found.data?.groups.map((group) => group.id)).toEqual([first.id, second.id]);
    const none = await mine.admin.client.POST(GROUPS_BULK_GET, { body: { groupsIds: [foreign.id] } });
    expect(none.data).toEqual({ groups: [] });
  });

  it('answers 400 without groupsIds, 403 to a member without fe.secure.read.groups, 401 without a token', async () => {
    const { admin, addMemberWithoutPermissions } = await groupsAccount(server);
    expect((await admin.client.POST(GROUPS_BULK_GET, { body: {} as { groupsIds: string[] } })).response.status).toBe(400);
    const outsider = await addMemberWithoutPermissions();
    expect((await outsider.client.POST(GROUPS_BULK_GET, { body: { groupsIds: [] } })).response.status).toBe(403);
    expect((await server.client.POST(GROUPS_BULK_GET, { body: { groupsIds: [] } })).response.status).toBe(401);
  });
});

describe('GET /identity/resources/groups/v1/{id}', () => {
  it('reads one group of the account, with the relations asked for', async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    await admin.client.POST('/identity/resources/groups/v1/{groupId}/users', { params: { path: { groupId: group.id } }, body: { userIds: [readOnly.id] } });
    const read = await readOnly.client.GET(GROUP, { params: { path: { id: group.id }, query: { _groupsRelations: 'users' } } });
    expect(read.response.status).toBe(200);
    expect(read.data?.users).toEqual([
      { id: readOnly.id, email: readOnly.email, name: 'Test User', profilePictureUrl: null, createdAt: expect.any(String), activatedForTenant: true },
    ]);
  });

  it("answers 404 for another account's group, for any caller of this account, and for an unknown id; 400 for a malformed id", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const foreign = await createGroup(theirs.admin.client);
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      const hidden = await client.GET(GROUP, { params: { path: { id: foreign.id } } });
      expect(hidden.response.status).toBe(404);
      expect(hidden.error).toEqual({ errors: ['Group not found'], errorCode: 'ER-03103' });
    }
    expect((await mine.admin.client.GET(GROUP, { params: { path: { id: randomUUID() } } })).response.status).toBe(404);
    expect((await mine.admin.client.GET(GROUP, { params: { path: { id: 'nope' } } })).response.status).toBe(400);
  });

  it('answers 403 to a member without fe.secure.read.groups and 401 without a token', async () => {
    const { admin, addMemberWithoutPermissions } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const outsider = await addMemberWithoutPermissions();
    expect((await outsider.client.GET(GROUP, { params: { path: { id: group.id } } })).response.status).toBe(403);
    expect((await server.client.GET(GROUP, { params: { path: { id: group.id } } })).response.status).toBe(401);
  });
});

describe('PATCH /identity/resources/groups/v1/{id}', () => {
  it('changes the fields sent, keeps the others, and answers the group with its roles and members', async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client, { color: 'blue', description: 'Before', metadata: '{"a": 1, "b": 2}' });
    await admin.client.POST('/identity/resources/groups/v1/{groupId}/users', { params: { path: { groupId: group.id } }, body: { userIds: [readOnly.id] } });
    const changed = await admin.client.PATCH(GROUP, { params: { path: { id: group.id } }, body: { description: 'After', metadata: '{"c": 3}' } });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toMatchObject({ id: group.id, name: group.name, color: 'blue', description: 'After', metadata: '{"c":3}' });
    expect(changed.data?.users.map((user) => user.id)).toEqual([readOnly.id]);
    expect(Date.parse(changed.data!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(group.updatedAt));
    const renamed = await admin.client.PATCH(GROUP, { params: { path: { id: group.id } }, body: { name: 'Renamed' } });
    expect(renamed.data).toMatchObject({ name: 'Renamed', description: 'After' });
  });

  it('answers 409 for a name another group of the account has, 400 for bad metadata, nothing changed', async () => {
    const { admin } = await groupsAccount(server);
    const taken = await createGroup(admin.client, { name: 'Taken' });
    const group = await createGroup(admin.client, { name: 'Mine' });
    const clash = await admin.client.PATCH(GROUP, { params: { path: { id: group.id } }, body: { name: taken.name } });
    expect(clash.response.status).toBe(409);
    expect(clash.error?.errorCode).toBe('ER-03104');
    const badMetadata = await admin.client.PATCH(GROUP, { params: { path: { id: group.id } }, body: { name: 'Other', metadata: 'not json' } });
    expect(badMetadata.response.status).toBe(400);
    expect((await admin.client.GET(GROUP, { params: { path: { id: group.id } } })).data?.name).toBe('Mine');
  });

  it("answers 404 for another account's group (which stays as it was) and for an unknown id", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const foreign = await createGroup(theirs.admin.client, { name: 'Theirs' });
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      const hidden = await client.PATCH(GROUP, { params: { path: { id: foreign.id } }, body: { name: 'Hijacked' } });
      expect(hidden.response.status).toBe(404);
    }
    expect((await theirs.admin.client.GET(GROUP, { params: { path: { id: foreign.id } } })).data?.name).toBe('Theirs');
    expect((await mine.admin.client.PATCH(GROUP, { params: { path: { id: randomUUID() } }, body: {} })).response.status).toBe(404);
  });

  it('answers 403 to a member without fe.secure.write.groups and 401 without a token', async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    expect((await readOnly.client.PATCH(GROUP, { params: { path: { id: group.id } }, body: { name: 'x' } })).response.status).toBe(403);
    expect((await server.client.PATCH(GROUP, { params: { path: { id: group.id } }, body: { name: 'x' } })).response.status).toBe(401);
    expect((await admin.client.GET(GROUP, { params: { path: { id: group.id } } })).data?.name).toBe(group.name);
  });
});

describe('DELETE /identity/resources/groups/v1/{id}', () => {
  it('deletes the group (200); it is gone, and a second delete is 404', async () => {
    const { admin } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const deleted = await admin.client.DELETE(GROUP, { params: { path: { id: group.id } } });
    expect(deleted.response.status).toBe(200);
    expect((await admin.client.GET(GROUP, { params: { path: { id: group.id } } })).response.status).toBe(404);
    expect((await admin.client.DELETE(GROUP, { params: { path: { id: group.id } } })).response.status).toBe(404);
    // The name is free again.
    expect((await admin.client.POST(GROUPS, { body: { name: group.name } })).response.status).toBe(201);
  });

  it("answers 404 for another account's group, which stays", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const foreign = await createGroup(theirs.admin.client);
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      expect((await client.DELETE(GROUP, { params: { path: { id: foreign.id } } })).response.status).toBe(404);
    }
    expect((await theirs.admin.client.GET(GROUP, { params: { path: { id: foreign.id } } })).response.status).toBe(200);
  });

  it('answers 403 to a member without fe.secure.delete.groups and 401 without a token; the group stays', async () => {
    const { admin, readOnly } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const refused = await readOnly.client.DELETE(GROUP, { params: { path: { id: group.id } } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.secure\.delete\.groups/);
    expect((await server.client.DELETE(GROUP, { params: { path: { id: group.id } } })).response.status).toBe(401);
    expect((await admin.client.GET(GROUP, { params: { path: { id: group.id } } })).response.status).toBe(200);
  });
});

describe('GET /identity/resources/groups/v2', () => {
  it("pages the account's groups: _offset is a page index, with totals and links", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const created = [];
    for (const name of ['c', 'a', 'e', 'b', 'd']) created.push(await createGroup(mine.admin.client, { name }));
    await createGroup(theirs.admin.client);

    const first = await mine.readOnly.client.GET(GROUPS_V2, { params: { query: { _limit: 2 } } });
    expect(first.response.status).toBe(200);
    expect(first.data?.items.map((group) => group.name)).toEqual(['c', 'a']);
    expect(first.data?._metadata).toEqual({ totalItems: 5, totalPages: 3 });
    expect(first.data?._links).toEqual({
      first: `${GROUPS_V2}?_sortBy=createdAt&_order=ASC&_limit=2&_offset=0`,
      last: `${GROUPS_V2}?_sortBy=createdAt&_order=ASC&_limit=2&_offset=2`,
      next: `${GROUPS_V2}?_sortBy=createdAt&_order=ASC&_limit=2&_offset=1`,
      prev: '',
    });

    const last = await mine.readOnly.client.GET(GROUPS_V2, { params: { query: { _limit: 2, _offset: 2 } } });
    expect(last.data?.items.map((group) => group.name)).toEqual(['d']);
    expect(last.data?._links).toMatchObject({ next: '', prev: `${GROUPS_V2}?_sortBy=createdAt&_order=ASC&_limit=2&_offset=1` });

    const sorted = await mine.admin.client.GET(GROUPS_V2, {
      params: { query: { _limit: 2, _offset: 1, _sortBy: 'name', _order: 'DESC', _groupsRelations: 'roles' } },
    });
    expect(sorted.data?.items.map((group) => group.name)).toEqual(['c', 'b']);
    expect(sorted.data?._links.next).toBe(`${GROUPS_V2}?_groupsRelations=roles&_sortBy=name&_order=DESC&_limit=2&_offset=2`);

    const beyond = await mine.admin.client.GET(GROUPS_V2, { params: { query: { _limit: 2, _offset: 1_000_000_000_000 } } });
    expect(beyond.data).toMatchObject({ items: [], _metadata: { totalItems: 5, totalPages: 3 } });
    const everything = await mine.asEnvironment.GET(GROUPS_V2, {});
    expect(everything.data?.items.map((group) => group.id)).toEqual(created.map((group) => group.id));
  });

  it('answers an empty account with no pages', async () => {
    const { admin } = await groupsAccount(server);
    const empty = await admin.client.GET(GROUPS_V2, {});
    // The links name the defaults in force.
    const EMPTY = `${GROUPS_V2}?_sortBy=createdAt&_order=ASC&_limit=50`;
    expect(empty.data).toEqual({
      items: [],
      _metadata: { totalItems: 0, totalPages: 0 },
      _links: { first: `${EMPTY}&_offset=0`, last: `${EMPTY}&_offset=0`, next: '', prev: '' },
    });
  });

  it('answers 400 for _limit out of 1..200 or a negative _offset, 403 without fe.secure.read.groups, 401 without a token', async () => {
    const { admin, addMemberWithoutPermissions } = await groupsAccount(server);
    for (const query of [{ _limit: 0 }, { _limit: 201 }, { _offset: -1 }]) {
      const bad = await admin.client.GET(GROUPS_V2, { params: { query } });
      expect(bad.response.status).toBe(400);
      expect(bad.error?.errors[0]).toMatch(/_limit|_offset/);
    }
    const outsider = await addMemberWithoutPermissions();
    expect((await outsider.client.GET(GROUPS_V2, {})).response.status).toBe(403);
    expect((await server.client.GET(GROUPS_V2, {})).response.status).toBe(401);
  });
});
