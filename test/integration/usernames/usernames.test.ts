import { randomUUID } from 'node:crypto';
import { asVendor, createUser } from '../../support/fixtures';
import { accountWithMembers, asUser, vendorIn } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const USERNAMES = '/identity/resources/usernames/v1';
const USERNAME = '/identity/resources/usernames/v1/{username}';
const MINE = '/identity/resources/usernames/v1/me';

const uniqueUsername = (prefix = 'user') => `${prefix}.${randomUUID().slice(0, 8)}`;

describe('usernames', () => {
  it("sets the caller's username in lower case; the same again is 200; a new one replaces it", async () => {
    const { admin, adminUser } = await accountWithMembers(server);
    expect((await admin.client.GET(MINE)).response.status).toBe(404);
    const name = uniqueUsername("Ada.O'Neil~#+$^!_-");
    const created = await admin.client.POST(USERNAMES, { body: { username: name } });
    expect(created.response.status).toBe(201);
    const mine = await admin.client.GET(MINE);
    expect(mine.data).toEqual({ username: name.toLowerCase(), userId: adminUser.id });
    expect((await admin.client.POST(USERNAMES, { body: { username: name.toUpperCase() } })).response.status).toBe(200);

    const renamed = uniqueUsername('grace');
    expect((await admin.client.POST(USERNAMES, { body: { username: renamed } })).response.status).toBe(201);
    expect((await admin.client.GET(MINE)).data).toEqual({ username: renamed, userId: adminUser.id });
    // The old one is free again.
    const other = await accountWithMembers(server);
    expect((await other.admin.client.POST(USERNAMES, { body: { username: name } })).response.status).toBe(201);
  });

  it('a username another user has, in any case, is a 409; malformed ones are 400', async () => {
    const { admin, reader } = await accountWithMembers(server);
    const name = uniqueUsername();
    await admin.client.POST(USERNAMES, { body: { username: name } });
    const taken = await reader.client.POST(USERNAMES, { body: { username: name.toUpperCase() } });
    expect(taken.response.status).toBe(409);
    expect(taken.error?.errorCode).toBe('ER-02806');
    expect(taken.error?.errors?.[0]).toContain(name);
    for (const bad of ['with space', 'accént', 'a'.repeat(129), '', 'a/b', 'a@b']) {
      const malformed = await reader.client.POST(USERNAMES, { body: { username: bad } });
      expect(malformed.response.status).toBe(400);
    }
    expect((await reader.client.POST(USERNAMES, { body: { username: 'b'.repeat(128) + randomUUID().slice(0, 0) } })).response.status).toBe(201);
    await reader.client.DELETE(USERNAME, { params: { path: { username: 'b'.repeat(128) } } });
  });

  it('two users taking the same username at once: one gets it', async () => {
    const { admin, reader } = await accountWithMembers(server);
    const name = uniqueUsername();
    const results = await Promise.all([
      admin.client.POST(USERNAMES, { body: { username: name } }),
      reader.client.POST(USERNAMES, { body: { username: name } }),
    ]);
    expect(results.map((result) => result.response.status).sort()).toEqual([201, 409]);
  });

  it('lists usernames of the account a page at a time, filtered by prefix, users and names', async () => {
    const { vendor, tenant, admin, reader, adminUser, readerUser } = await accountWithMembers(server);
    const other = await accountWithMembers(server);
    const prefix = `p${randomUUID().slice(0, 6)}`;
    await admin.client.POST(USERNAMES, { body: { username: `${prefix}.a` } });
    await reader.client.POST(USERNAMES, { body: { username: `${prefix}.b` } });
    await other.admin.client.POST(USERNAMES, { body: { username: `${prefix}.c` } });

    const page = await reader.client.GET(USERNAMES, { params: { query: { _limit: 1, _order: 'DESC' } } });
    expect(page.response.status).toBe(200);
    expect(page.data?.items).toEqual([{ username: `${prefix}.b`, userId: readerUser.id }]);
    expect(page.data?._metadata).toEqual({ totalItems: 2, totalPages: 2 });
    expect(page.data?._links.next).toContain('_offset=1');

    const byPrefix = await vendor.GET(USERNAMES, { params: { query: { _usernamePrefix: prefix.toUpperCase() } } });
    expect(byPrefix.data?.items.map((item) => item.username)).toEqual([`${prefix}.a`, `${prefix}.b`, `${prefix}.c`]);
    const scoped = await vendorIn(server, (await asVendor(server)).token, tenant.tenantId).GET(USERNAMES, { params: { query: { _usernamePrefix: prefix } } });
    expect(scoped.data?.items.map((item) => item.username)).toEqual([`${prefix}.a`, `${prefix}.b`]);
    const byUsers = await vendor.GET(USERNAMES, { params: { query: { userIds: [adminUser.id, other.adminUser.id], _sortBy: 'username' } } });
    expect(byUsers.data?.items.map((item) => item.username)).toEqual([`${prefix}.a`, `${prefix}.c`]);
    const byNames = await admin.client.GET(USERNAMES, { params: { query: { usernames: [`${prefix}.B`, `${prefix}.c`] } } });
    expect(byNames.data?.items.map((item) => item.username)).toEqual([`${prefix}.b`]);
  });

  it('a member deletes only their own username; the environment deletes any; deleting a user deletes it', async () => {
    const { vendor, tenant, admin, reader } = await accountWithMembers(server);
    const other = await accountWithMembers(server);
    const mine = uniqueUsername();
    const readers = uniqueUsername();
    const foreign = uniqueUsername();
    const set = await admin.client.POST(USERNAMES, { body: { username: mine } });
    expect(set.response.status).toBe(201);
    await reader.client.POST(USERNAMES, { body: { username: readers } });
    await other.admin.client.POST(USERNAMES, { body: { username: foreign } });

    expect((await admin.client.DELETE(USERNAME, { params: { path: { username: readers } } })).response.status).toBe(404);
    expect((await admin.client.DELETE(USERNAME, { params: { path: { username: foreign } } })).response.status).toBe(404);
    const own = await admin.client.DELETE(USERNAME, { params: { path: { username: mine.toUpperCase() } } });
    expect(own.response.status).toBe(200);
    expect((await admin.client.GET(MINE)).response.status).toBe(404);
    const twice = await admin.client.DELETE(USERNAME, { params: { path: { username: mine } } });
    expect(twice.response.status).toBe(404);
    expect(twice.error?.errorCode).toBe('ER-02807');
    expect((await vendor.DELETE(USERNAME, { params: { path: { username: readers } } })).response.status).toBe(200);

    const user = await createUser(vendor, tenant.tenantId);
    const session = await server.client.POST('/identity/resources/auth/v1/user', { body: { email: user.email, password: user.password } });
    const client = asUser(server, session.data!.accessToken);
    const doomed = uniqueUsername();
    await client.POST(USERNAMES, { body: { username: doomed } });
    await vendor.DELETE('/identity/resources/users/v1/{userId}', { params: { path: { userId: user.id } } });
    expect(await server.db('usernames').where({ user_id: user.id })).toEqual([]);
  });

  it('a user without an email keeps the username they log in by, until they have an email', async () => {
    const username = uniqueUsername('solo');
    const signedUp = await server.client.POST('/identity/resources/users/v1/signUp/username', {
      params: { header: { 'frontegg-vendor-host': 'acme.nestegg.test' } },
      body: { username, password: 'a long enough password', companyName: `Solo ${randomUUID()}` } as never,
    });
    expect(signedUp.response.status).toBe(201);
    const userId = signedUp.data!.userId!;
    const solo = asUser(server, signedUp.data!.authResponse!.accessToken);
    const { client: vendor } = await asVendor(server);

    for (const caller of [solo, vendor]) {
      const kept = await caller.DELETE(USERNAME, { params: { path: { username } } });
      expect(kept.response.status).toBe(400);
      expect(kept.error).toEqual({ errors: [expect.stringMatching(/no email: the username is how they log in/)], errorCode: 'ER-02809' });
    }
    expect(await server.db('usernames').where({ user_id: userId }).first('username')).toEqual({ username });

    // Given a verified email, made primary, the user can log in by it: the username may go.
    const email = `solo-${randomUUID()}@example.com`;
    const added = await vendor.POST('/identity/resources/users/emails/v1/vendor/{userId}', { params: { path: { userId } }, body: { email, isVerified: true } });
    expect(added.response.status).toBe(201);
    const primary = await vendor.POST('/identity/resources/users/emails/v1/vendor/{userId}/primary', { params: { path: { userId } }, body: { email } });
    expect(primary.response.status).toBe(200);
    expect(await server.db('users').where({ id: userId }).first('email')).toEqual({ email });
    expect((await vendor.DELETE(USERNAME, { params: { path: { username } } })).response.status).toBe(200);
    const byEmail = await server.client.POST('/identity/resources/auth/v1/user', { body: { email, password: 'a long enough password' } });
    expect(byEmail.response.status).toBe(200);
  });

  it('no credentials is a 401; the environment acts for the user named in the headers', async () => {
    const { tenant, adminUser } = await accountWithMembers(server);
    expect((await server.client.GET(MINE)).response.status).toBe(401);
    expect((await server.client.POST(USERNAMES, { body: { username: uniqueUsername() } })).response.status).toBe(401);
    const { client: vendor } = await asVendor(server);
    const headers = { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': adminUser.id };
    const name = uniqueUsername();
    expect((await vendor.POST(USERNAMES, { params: { header: headers }, body: { username: name } })).response.status).toBe(201);
    expect((await vendor.GET(MINE, { params: { header: headers } })).data).toEqual({ username: name, userId: adminUser.id });
    const unknownUser = await vendor.POST(USERNAMES, {
      params: { header: { ...headers, 'frontegg-user-id': randomUUID() } },
      body: { username: uniqueUsername() },
    });
    expect(unknownUser.response.status).toBe(404);
  });
});
