import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { READ_ONLY_ROLE_ID, groupsAccount } from '../../support/groups';
import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const USERS_V2 = '/identity/resources/users/v2';
const USERS_V1 = '/identity/resources/users/v1';
const USER_V1 = '/identity/resources/users/v1/{userId}';
const USERS_V3 = '/identity/resources/users/v3';
const REFRESH = '/identity/resources/auth/v1/user/token/refresh';

async function memberIds(client: ReturnType<typeof createNesteggClient>) {
  const { data } = await client.GET(USERS_V3, { params: { query: { _limit: 200 } } });
  return data!.items.map((user) => user.id);
}

describe('POST /identity/resources/users/v2 and v1', () => {
  it("creates a new user in the caller's account with the roles asked (201), emails compared without case", async () => {
    const mine = await groupsAccount(server);
    for (const route of [USERS_V2, USERS_V1] as const) {
      const email = uniqueEmail();
      const { data, response } = await mine.admin.client.POST(route, {
        body: { email: email.toUpperCase(), name: 'New Member', metadata: '{"team":"a"}', roleIds: [READ_ONLY_ROLE_ID] },
      });
      expect(response.status).toBe(201);
      expect(data).toEqual(
        expect.objectContaining({
          email: email.toUpperCase(),
          name: 'New Member',
          verified: false,
          tenantId: mine.tenantId,
          roleIds: [READ_ONLY_ROLE_ID],
          metadata: '{"team":"a"}',
        }),
      );
      expect(data?.roles.map((role) => role.key)).toEqual(['ReadOnly']);
      expect(data?.permissions).toContain('fe.secure.read.users');
      expect(await memberIds(mine.admin.client)).toContain(data!.id);
      // The same email again while the invitation waits: sent again with a fresh link (api.teams.resendInvitationLink).
      const linksBefore = await server.db('link_tokens').where({ user_id: data!.id }).pluck('token_hash');
      const again = await mine.admin.client.POST(route, { body: { email, provider: 'local' } });
      expect(again.response.status).toBe(201);
      expect(again.data).toMatchObject({ id: data!.id, roleIds: [READ_ONLY_ROLE_ID] });
      const linksAfter = await server.db('link_tokens').where({ user_id: data!.id }).pluck('token_hash');
      expect(linksAfter.filter((hash: string) => !linksBefore.includes(hash))).toHaveLength(1);
    }
    // A member who is in (no invitation waits): already a member.
    const active = await mine.admin.client.POST(USERS_V2, { body: { email: mine.readOnly.email.toUpperCase() } });
    expect(active.response.status).toBe(409);
    expect(active.error?.errorCode).toBe('ER-02301');
  });

  it('adds an existing user of the environment as a member; they keep their other account', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const { data, response } = await mine.asEnvironment.POST(USERS_V2, { body: { email: theirs.readOnly.email.toUpperCase() } });
    expect(response.status).toBe(201);
    expect(data?.id).toBe(theirs.readOnly.id);
    const listed = await mine.admin.client.GET(USERS_V3, { params: { query: { ids: theirs.readOnly.id } } });
    expect(listed.data?.items[0].tenantIds.sort()).toEqual([mine.tenantId, theirs.tenantId].sort());
    // Default roles of the account when none are asked.
    expect(listed.data?.items[0].tenants.find((tenant) => tenant.tenantId === mine.tenantId)?.roles.map((role) => role.id)).toEqual([READ_ONLY_ROLE_ID]);
  });

  it('refuses metadata that is not JSON, a malformed email and unknown roles with 400; nothing is created', async () => {
    const mine = await groupsAccount(server);
    const email = uniqueEmail();
    const notJson = await mine.admin.client.POST(USERS_V2, { body: { email, metadata: 'not json' } });
    expect(notJson.response.status).toBe(400);
    expect(notJson.error?.errors[0]).toContain('metadata');
    expect((await mine.admin.client.POST(USERS_V2, { body: { email: 'not-an-email' } })).response.status).toBe(400);
    const unknown = randomUUID();
    const roles = await mine.admin.client.POST(USERS_V2, { body: { email, roleIds: [unknown, 'bad-role'] } });
    expect(roles.response.status).toBe(400);
    expect(roles.error?.errors[0]).toContain('bad-role');
    const again = await mine.admin.client.POST(USERS_V2, { body: { email, roleIds: [unknown] } });
    expect(again.error?.errors[0]).toContain(unknown);
    for (const body of [
      { email, name: 'a\u0000b' },
      { email, metadata: '{"a":"\\u0000"}' },
    ]) {
      const unstorable = await mine.admin.client.POST(USERS_V2, { body });
      expect(unstorable.response.status).toBe(400);
      expect(unstorable.error?.errorCode).toBe('ER-02106');
    }
    expect((await mine.admin.client.GET(USERS_V3, { params: { query: { _email: email } } })).data?.items).toEqual([]);
  });

  it('refuses no token (401), a member without fe.secure.write.users (403), an unknown account (404)', async () => {
    const mine = await groupsAccount(server);
    expect((await createNesteggClient({ baseUrl: server.url }).POST(USERS_V2, { body: { email: uniqueEmail() } })).response.status).toBe(401);
    expect((await mine.readOnly.client.POST(USERS_V2, { body: { email: uniqueEmail() } })).response.status).toBe(403);
    const { token } = await asVendor(server);
    const nowhere = createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': `t-${randomUUID()}` } });
    expect((await nowhere.POST(USERS_V1, { body: { email: uniqueEmail() } })).response.status).toBe(404);
  });
});

describe('DELETE /identity/resources/users/v1/{userId}', () => {
  it('removes the member from the account and revokes their sessions there at once; they stay in their other account', async () => {
    const mine = await groupsAccount(server);
    const { client: vendor } = await asVendor(server);
    const other = await createTenant(vendor);
    const member = await mine.addMember();
    await vendor.POST(USERS_V2, { headers: { 'frontegg-tenant-id': other.tenantId }, body: { email: member.email } });

    const removed = await mine.admin.client.DELETE(USER_V1, { params: { path: { userId: member.id } } });
    expect(removed.response.status).toBe(200);
    expect(await memberIds(mine.admin.client)).not.toContain(member.id);
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: member.refreshToken } });
    expect(refreshed.response.status).toBe(401);
    // Still a user of the other account, who can log in there.
    const session = await login(server, member.email);
    expect(JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).tenantId).toBe(other.tenantId);
    expect((await mine.admin.client.DELETE(USER_V1, { params: { path: { userId: member.id } } })).response.status).toBe(404);
  });

  it('deletes a user removed from their last account: their sessions end and the email is free again', async () => {
    const mine = await groupsAccount(server);
    const member = await mine.addMember();
    expect((await mine.asEnvironment.DELETE(USER_V1, { params: { path: { userId: member.id } } })).response.status).toBe(200);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: member.refreshToken } })).response.status).toBe(401);
    expect(
      (await server.client.POST('/identity/resources/auth/v1/user', { body: { email: member.email, password: 'correct horse battery staple' } })).response
        .status,
    ).toBe(401);
    expect((await mine.admin.client.POST(USERS_V2, { body: { email: member.email } })).response.status).toBe(201);
  });

  it('never touches a user of another account (404); refuses 401, 403 and a malformed id (400)', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    for (const client of [mine.admin.client, mine.asEnvironment]) {
      const hidden = await client.DELETE(USER_V1, { params: { path: { userId: theirs.readOnly.id } } });
      expect(hidden.response.status).toBe(404);
      expect(hidden.error?.errorCode).toBe('ER-02403');
    }
    expect(await memberIds(theirs.admin.client)).toContain(theirs.readOnly.id);
    expect((await server.client.POST(REFRESH, { body: { refreshToken: theirs.readOnly.refreshToken } })).response.status).toBe(201);
    expect((await mine.admin.client.DELETE(USER_V1, { params: { path: { userId: randomUUID() } } })).response.status).toBe(404);
    expect((await mine.admin.client.DELETE(USER_V1, { params: { path: { userId: 'not-a-uuid' } } })).response.status).toBe(400);
    expect((await createNesteggClient({ baseUrl: server.url }).DELETE(USER_V1, { params: { path: { userId: mine.admin.id } } })).response.status).toBe(401);
    expect((await mine.readOnly.client.DELETE(USER_V1, { params: { path: { userId: mine.admin.id } } })).response.status).toBe(403);
  });

  it('with an environment token and no account: deletes the user from the environment', async () => {
    const mine = await groupsAccount(server);
    const { client: vendor } = await asVendor(server);
    const user = await createUser(vendor, mine.tenantId);
    expect((await vendor.DELETE(USER_V1, { params: { path: { userId: user.id } } })).response.status).toBe(200);
    expect(await memberIds(mine.admin.client)).not.toContain(user.id);
    expect((await vendor.DELETE(USER_V1, { params: { path: { userId: user.id } } })).response.status).toBe(404);
  });
});

describe('PUT /identity/resources/users/v1', () => {
  it("changes the caller's own profile; metadata must be a JSON object string", async () => {
    const mine = await groupsAccount(server);
    const { data, response } = await mine.readOnly.client.PUT(USERS_V1, { body: { name: 'Renamed', metadata: '{"a":1}', phoneNumber: '+15551234567' } });
    expect(response.status).toBe(200);
    expect(data).toEqual(expect.objectContaining({ id: mine.readOnly.id, name: 'Renamed', metadata: '{"a":1}', phoneNumber: '+15551234567' }));
    const me = await mine.readOnly.client.GET('/identity/resources/users/v2/me', {});
    expect(me.data?.name).toBe('Renamed');
    const bad = await mine.readOnly.client.PUT(USERS_V1, { body: { metadata: '[1' } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errorCode).toBe('ER-02005');
    expect((await createNesteggClient({ baseUrl: server.url }).PUT(USERS_V1, { body: { name: 'x' } })).response.status).toBe(401);
  });

  it('with an environment token acts for frontegg-user-id in frontegg-tenant-id only (404 for a user of another account)', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const { token } = await asVendor(server);
    const acting = (userId: string) =>
      createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': mine.tenantId, 'frontegg-user-id': userId } });
    expect((await acting(mine.admin.id).PUT(USERS_V1, { body: { name: 'By env' } })).data?.name).toBe('By env');
    expect((await acting(theirs.admin.id).PUT(USERS_V1, { body: { name: 'Hijack' } })).response.status).toBe(404);
    const theirName = await theirs.admin.client.GET('/identity/resources/users/v2/me', {});
    expect(theirName.data?.name).not.toBe('Hijack');
  });
});
