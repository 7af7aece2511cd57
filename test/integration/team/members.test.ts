import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { ADMIN_ROLE_ID, READ_ONLY_ROLE_ID, groupsAccount } from '../../support/groups';
import { asVendor, login } from '../../support/fixtures';
import { PERMISSIONS, createRole } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const MEMBERS = '/team/resources/members/v1';
const MEMBER = '/team/resources/members/v1/{userId}';
const RESEND = '/team/resources/members/v1/{userId}/resendActivationEmail';
const ROLES = '/team/resources/roles/v1';
const STATS = '/team/resources/stats/v1/members';
const USERS_V3 = '/identity/resources/users/v3';

describe('GET /team/resources/members/v1', () => {
  it("pages the members of the caller's account with their roles there, as the store reads them", async () => {
    const mine = await groupsAccount(server);
    const other = await groupsAccount(server);
    const { data, response } = await mine.admin.client.GET(MEMBERS, { params: { query: { pageOffset: 0, pageSize: 20 } } });
    expect(response.status).toBe(200);
    expect(data?.totalItems).toBe(2);
    expect(data?.totalPages).toBe(1);
    const ids = data!.items.map((member) => member.id);
    expect(ids.sort()).toEqual([mine.admin.id, mine.readOnly.id].sort());
    expect(ids).not.toContain(other.admin.id);
    const admin = data!.items.find((member) => member.id === mine.admin.id)!;
    expect(admin).toEqual(
      expect.objectContaining({ email: mine.admin.email, tenantId: mine.tenantId, roleIds: [ADMIN_ROLE_ID], activatedForTenant: true, isDisabled: false }),
    );
    expect(admin.roles.map((role) => role.key)).toEqual(['Admin']);
    expect(admin).not.toHaveProperty('passwordHash');
    // One a page, in the order asked; the search keeps members whose email or name holds the text.
    const page = await mine.asEnvironment.GET(MEMBERS, { params: { query: { pageOffset: 1, pageSize: 1, sortBy: 'email', sortDirection: 'desc' } } });
    expect(page.data?.totalPages).toBe(2);
    expect(page.data?.items.map((member) => member.email)).toEqual([[mine.admin.email, mine.readOnly.email].sort()[0]]);
    const found = await mine.readOnly.client.GET(MEMBERS, {
      params: { query: { pageOffset: 0, pageSize: 20, searchFilter: mine.readOnly.email.slice(5, 20).toUpperCase() } },
    });
    expect(found.data?.items.map((member) => member.id)).toEqual([mine.readOnly.id]);
    const empty = await mine.readOnly.client.GET(MEMBERS, { params: { query: { pageOffset: 0, pageSize: 20, searchFilter: '' } } });
    expect(empty.data?.totalItems).toBe(2);
  });

  it('refuses no token (401), a member without fe.secure.read.users (403), bad paging (400), an unknown account (404)', async () => {
    const mine = await groupsAccount(server);
    expect((await createNesteggClient({ baseUrl: server.url }).GET(MEMBERS)).response.status).toBe(401);
    const bare = await mine.addMemberWithoutPermissions();
    expect((await bare.client.GET(MEMBERS)).response.status).toBe(403);
    const bad = await mine.admin.client.GET(MEMBERS, { params: { query: { pageSize: 0 } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors[0]).toContain('pageSize');
    const { token } = await asVendor(server);
    const unknown = createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': `t-${randomUUID()}` } });
    expect((await unknown.GET(MEMBERS)).response.status).toBe(404);
  });
});

describe('PUT /team/resources/members/v1', () => {
  it("makes roleIds the member's whole set of roles, answered at the top level and under item", async () => {
    const mine = await groupsAccount(server);
    const own = await createRole(mine.vendor, { tenantId: mine.tenantId });
    const { data, response } = await mine.admin.client.PUT(MEMBERS, { body: { id: mine.readOnly.id, roleIds: [own.id, ADMIN_ROLE_ID] } });
    expect(response.status).toBe(200);
    expect(data?.roleIds.sort()).toEqual([own.id, ADMIN_ROLE_ID].sort());
    expect(data?.item.roleIds.sort()).toEqual([own.id, ADMIN_ROLE_ID].sort());
    expect(data?.item.id).toBe(mine.readOnly.id);
    // What the store sends to clear the roles, with the rest of the member it holds.
    const cleared = await mine.admin.client.PUT(MEMBERS, {
      body: { id: mine.readOnly.id, roleIds: [''], email: mine.readOnly.email, name: 'ignored' } as never,
    });
    expect(cleared.response.status).toBe(200);
    expect(cleared.data?.item.roleIds).toEqual([]);
    const listed = await mine.admin.client.GET(USERS_V3, { params: { query: { ids: mine.readOnly.id } } });
    expect(listed.data?.items[0].tenants.find((tenant) => tenant.tenantId === mine.tenantId)?.roles).toEqual([]);
    // No roleIds: nothing changes.
    const same = await mine.asEnvironment.PUT(MEMBERS, { body: { id: mine.readOnly.id } });
    expect(same.data?.roleIds).toEqual([]);
  });

  it("refuses unknown roles (400), another account's member (404), a member without the permission or outranked (403)", async () => {
    const mine = await groupsAccount(server);
    const other = await groupsAccount(server);
    const unknown = await mine.admin.client.PUT(MEMBERS, { body: { id: mine.readOnly.id, roleIds: [randomUUID()] } });
    expect(unknown.response.status).toBe(400);
    const theirRole = await createRole(other.vendor, { tenantId: other.tenantId });
    expect((await mine.admin.client.PUT(MEMBERS, { body: { id: mine.readOnly.id, roleIds: [theirRole.id] } })).response.status).toBe(400);
    const foreign = await mine.admin.client.PUT(MEMBERS, { body: { id: other.readOnly.id, roleIds: [READ_ONLY_ROLE_ID] } });
    expect(foreign.response.status).toBe(404);
    expect((await mine.readOnly.client.PUT(MEMBERS, { body: { id: mine.admin.id, roleIds: [] } })).response.status).toBe(403);
    // A member who may write users but holds only a weaker role can neither take the Admin role away nor give it.
    const { data: permissions } = await mine.vendor.GET(PERMISSIONS);
    const permissionIds = permissions!
      .filter((permission) => ['fe.secure.write.users', 'fe.secure.read.users'].includes(permission.key))
      .map((permission) => permission.id);
    const writerRole = await createRole(mine.vendor, { tenantId: mine.tenantId, level: 5, permissionIds });
    const writer = await mine.addMember();
    expect((await mine.admin.client.PUT(MEMBERS, { body: { id: writer.id, roleIds: [writerRole.id] } })).response.status).toBe(200);
    const writerClient = createNesteggClient({ baseUrl: server.url, accessToken: (await login(server, writer.email)).accessToken });
    const demote = await writerClient.PUT(MEMBERS, { body: { id: mine.admin.id, roleIds: [writerRole.id] } });
    expect(demote.response.status).toBe(403);
    expect((await writerClient.PUT(MEMBERS, { body: { id: mine.readOnly.id, roleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(403);
    // Taking the ReadOnly role (level 1) away is taking a stronger role; leaving their own set as it is, is not.
    expect((await writerClient.PUT(MEMBERS, { body: { id: mine.readOnly.id, roleIds: [writerRole.id] } })).response.status).toBe(403);
    expect((await writerClient.PUT(MEMBERS, { body: { id: writer.id, roleIds: [writerRole.id] } })).response.status).toBe(200);
  });
});

describe('DELETE /team/resources/members/v1/{userId} and POST .../resendActivationEmail', () => {
  it("removes a member of the account and answers them as they were; another account's member is a 404", async () => {
    const mine = await groupsAccount(server);
    const other = await groupsAccount(server);
    const foreign = await mine.admin.client.DELETE(MEMBER, { params: { path: { userId: other.readOnly.id } } });
    expect(foreign.response.status).toBe(404);
    expect((await mine.readOnly.client.DELETE(MEMBER, { params: { path: { userId: mine.admin.id } } })).response.status).toBe(403);
    const extra = await mine.addMember();
    const { data, response } = await mine.admin.client.DELETE(MEMBER, { params: { path: { userId: extra.id } } });
    expect(response.status).toBe(200);
    expect(data).toEqual(expect.objectContaining({ id: extra.id, email: extra.email, roleIds: [READ_ONLY_ROLE_ID] }));
    const left = await mine.admin.client.GET(MEMBERS, { params: { query: { pageOffset: 0, pageSize: 20 } } });
    expect(left.data?.items.map((member) => member.id)).not.toContain(extra.id);
    expect((await mine.admin.client.DELETE(MEMBER, { params: { path: { userId: extra.id } } })).response.status).toBe(404);
  });

  it("emails a new activation link to a member who has not activated yet; 404 for another account's member", async () => {
    const mine = await groupsAccount(server);
    const other = await groupsAccount(server);
    const invited = await mine.admin.client.POST('/identity/resources/users/v2', {
      body: { email: `invited-${randomUUID()}@example.com`, skipInviteEmail: true },
    });
    expect(invited.response.status).toBe(201);
    const resent = await mine.admin.client.POST(RESEND, { params: { path: { userId: invited.data!.id } }, body: {} });
    expect(resent.response.status).toBe(201);
    expect((await mine.admin.client.POST(RESEND, { params: { path: { userId: mine.readOnly.id } }, body: {} })).response.status).toBe(201);
    expect((await mine.admin.client.POST(RESEND, { params: { path: { userId: other.readOnly.id } }, body: {} })).response.status).toBe(404);
    expect((await mine.readOnly.client.POST(RESEND, { params: { path: { userId: invited.data!.id } }, body: {} })).response.status).toBe(403);
  });
});

describe('GET /team/resources/roles/v1 and /team/resources/stats/v1/members', () => {
  it("lists the roles the account sees, under items, without other accounts' roles", async () => {
    const mine = await groupsAccount(server);
    const other = await groupsAccount(server);
    const own = await createRole(mine.vendor, { tenantId: mine.tenantId });
    const theirs = await createRole(other.vendor, { tenantId: other.tenantId });
    const { data, response } = await mine.readOnly.client.GET(ROLES);
    expect(response.status).toBe(200);
    const ids = data!.items.map((role) => role.id);
    expect(ids).toEqual(expect.arrayContaining([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID, own.id]));
    expect(ids).not.toContain(theirs.id);
    const admin = data!.items.find((role) => role.id === ADMIN_ROLE_ID)!;
    expect(admin.permissionLevel).toBe(admin.level);
    expect(admin.permissions.length).toBeGreaterThan(0);
    const bare = await mine.addMemberWithoutPermissions();
    expect((await bare.client.GET(ROLES)).response.status).toBe(403);
  });

  it('counts the members, those added this week and those holding a level-0 role', async () => {
    const mine = await groupsAccount(server);
    await mine.addMember();
    const { data, response } = await mine.readOnly.client.GET(STATS);
    expect(response.status).toBe(200);
    expect(data).toEqual({ totalItems: 3, addedThisWeek: 3, superAdmins: 1 });
    const bare = await mine.addMemberWithoutPermissions();
    expect((await bare.client.GET(STATS)).response.status).toBe(403);
    expect((await mine.asEnvironment.GET(STATS)).data?.totalItems).toBe(4);
  });
});
