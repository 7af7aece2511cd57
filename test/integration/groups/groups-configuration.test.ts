import {
  ADMIN_ROLE_ID,
  GROUP,
  GROUP_ROLES,
  GROUP_USERS,
  GROUPS,
  GROUPS_BULK_GET,
  GROUPS_CONFIG,
  GROUPS_V2,
  createGroup,
  groupsAccount,
  refreshedGrants,
} from '../../support/groups';
import { useTestServer } from '../../support/server';

/**
 * The group settings hold for the whole environment. Switching them off on a PostgreSQL database
 * that other test files share would change what those files see while they run, so this file always
 * runs on an embedded database of its own, on every run.
 */
const server = useTestServer({ databaseUrl: undefined });

async function configure(vendor: Awaited<ReturnType<typeof groupsAccount>>['vendor'], body: { enabled?: boolean; rolesEnabled?: boolean }) {
  const { response } = await vendor.POST(GROUPS_CONFIG, { body });
  expect(response.status).toBe(201);
}

afterEach(async () => {
  const { vendor } = await groupsAccount(server);
  await configure(vendor, { enabled: true, rolesEnabled: true });
});

describe('POST /identity/resources/groups/v1/config', () => {
  it('changes only the settings sent, and no other setting of the environment', async () => {
    const { vendor } = await groupsAccount(server);
    const before = (await vendor.GET('/identity/resources/configurations/v1', {})).data;
    await configure(vendor, { rolesEnabled: false });
    expect((await vendor.GET(GROUPS_CONFIG, {})).data).toEqual({ enabled: true, rolesEnabled: false });
    await configure(vendor, { enabled: false });
    expect((await vendor.GET(GROUPS_CONFIG, {})).data).toEqual({ enabled: false, rolesEnabled: false });
    await configure(vendor, {});
    expect((await vendor.GET(GROUPS_CONFIG, {})).data).toEqual({ enabled: false, rolesEnabled: false });
    await configure(vendor, { enabled: true, rolesEnabled: true });
    expect((await vendor.GET(GROUPS_CONFIG, {})).data).toEqual({ enabled: true, rolesEnabled: true });
    expect((await vendor.GET('/identity/resources/configurations/v1', {})).data).toEqual(before);
  });
});

describe('with groups disabled', () => {
  it('refuses every change with 403, still answers reads, and group roles leave tokens until groups are back', async () => {
    const { admin, readOnly, vendor } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const id = { params: { path: { id: group.id } } };
    const groupId = { params: { path: { groupId: group.id } } };
    await admin.client.POST(GROUP_ROLES, { ...groupId, body: { roleIds: [ADMIN_ROLE_ID] } });
    await admin.client.POST(GROUP_USERS, { ...groupId, body: { userIds: [readOnly.id] } });
    expect((await refreshedGrants(server, readOnly)).roles).toEqual(['Admin', 'ReadOnly']);

    await configure(vendor, { enabled: false });
    const changes = [
      admin.client.POST(GROUPS, { body: { name: 'New' } }),
      admin.client.PATCH(GROUP, { ...id, body: { name: 'Renamed' } }),
      admin.client.DELETE(GROUP, id),
      admin.client.POST(GROUP_ROLES, { ...groupId, body: { roleIds: [ADMIN_ROLE_ID] } }),
      admin.client.DELETE(GROUP_ROLES, { ...groupId, body: { roleIds: [ADMIN_ROLE_ID] } }),
      admin.client.POST(GROUP_USERS, { ...groupId, body: { userIds: [admin.id] } }),
      admin.client.DELETE(GROUP_USERS, { ...groupId, body: { userIds: [readOnly.id] } }),
    ];
    for (const refused of await Promise.all(changes)) {
      expect(refused.response.status).toBe(403);
      expect(refused.error).toEqual({ errors: ['Groups are disabled in this environment'], errorCode: 'ER-03101' });
    }
    expect((await admin.client.GET(GROUPS, {})).data?.groups.map((found) => found.name)).toEqual([group.name]);
    expect((await admin.client.GET(GROUP, id)).response.status).toBe(200);
    expect((await admin.client.POST(GROUPS_BULK_GET, { body: { groupsIds: [group.id] } })).response.status).toBe(201);
    expect((await admin.client.GET(GROUPS_V2, {})).data?._metadata.totalItems).toBe(1);
    expect((await refreshedGrants(server, readOnly)).roles).toEqual(['ReadOnly']);

    await configure(vendor, { enabled: true });
    expect((await refreshedGrants(server, readOnly)).roles).toEqual(['Admin', 'ReadOnly']);
    expect((await admin.client.GET(GROUP, { ...id, params: { ...id.params, query: { _groupsRelations: 'rolesAndUsers' } } })).data).toMatchObject({
      name: group.name,
      roles: [expect.objectContaining({ id: ADMIN_ROLE_ID })],
      users: [expect.objectContaining({ id: readOnly.id })],
    });
  });
});

describe('with group roles disabled', () => {
  it('refuses adding roles with 403, still removes them, and group roles leave tokens', async () => {
    const { admin, readOnly, vendor } = await groupsAccount(server);
    const group = await createGroup(admin.client);
    const groupId = { params: { path: { groupId: group.id } } };
    await admin.client.POST(GROUP_ROLES, { ...groupId, body: { roleIds: [ADMIN_ROLE_ID] } });
    await admin.client.POST(GROUP_USERS, { ...groupId, body: { userIds: [readOnly.id] } });

    await configure(vendor, { rolesEnabled: false });
    expect((await refreshedGrants(server, readOnly)).roles).toEqual(['ReadOnly']);
    const refused = await admin.client.POST(GROUP_ROLES, { ...groupId, body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errorCode).toBe('ER-03102');
    // Members can still be changed.
    expect((await admin.client.POST(GROUP_USERS, { ...groupId, body: { userIds: [admin.id] } })).response.status).toBe(201);
    expect((await admin.client.DELETE(GROUP_ROLES, { ...groupId, body: { roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(200);

    await configure(vendor, { rolesEnabled: true });
    expect((await refreshedGrants(server, readOnly)).roles).toEqual(['ReadOnly']);
  });
});
