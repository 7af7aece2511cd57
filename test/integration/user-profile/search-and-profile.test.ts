import { createNesteggClient } from '../../../client';
import { groupsAccount } from '../../support/groups';
import { asVendor, createUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const PHRASE = '/identity/resources/users/v1/query/phrase';

describe('GET /identity/resources/users/v1/query/phrase', () => {
  it("finds the account's users whose email or name mention all, none or any of the phrases, without case", async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const ada = await createUser(mine.vendor, mine.tenantId, { name: 'Ada Lovelace' });
    const grace = await createUser(mine.vendor, mine.tenantId, { name: 'Grace Hopper' });
    await createUser(theirs.vendor, theirs.tenantId, { name: 'Ada Twin' });
    const search = async (query: Record<string, unknown>) => {
      const { data, response } = await mine.readOnly.client.GET(PHRASE, { params: { query } });
      expect(response.status).toBe(200);
      return data!.items.map((user) => user.id).sort();
    };
    expect(await search({ _phraseSearchContains: ['LOVE'] })).toEqual([ada.id]);
    expect(await search({ _phraseSearchContains: ['ada', 'lace'] })).toEqual([ada.id]);
    expect(await search({ _phraseSearchOptional: ['lovelace', 'hopper'] })).toEqual([ada.id, grace.id].sort());
    expect(await search({ _phraseSearchContains: ['example.com'], _phraseSearchExcludes: ['hopper', 'lovelace'] })).toEqual(
      [mine.admin.id, mine.readOnly.id].sort(),
    );
    expect(await search({ _phraseSearchContains: ['%'] })).toEqual([]);
    // (Phrases with letters beyond a-f: the other users' emails hold random hex, which 'ada' could be part of.)
    expect(await search({ _phraseSearchContains: ['lovelace'], _phraseSearchApproximate: true })).toEqual([ada.id]);
    // Approximate: a misspelled word still finds the user (exact search does not); unrelated words do not.
    expect(await search({ _phraseSearchContains: ['lovelance'] })).toEqual([]);
    expect(await search({ _phraseSearchContains: ['lovelance'], _phraseSearchApproximate: true })).toEqual([ada.id]);
    expect(await search({ _phraseSearchOptional: ['hoper', 'lovelance'], _phraseSearchApproximate: true })).toEqual([ada.id, grace.id].sort());
    expect(await search({ _phraseSearchContains: ['zebra'], _phraseSearchApproximate: true })).toEqual([]);
    const paged = await mine.readOnly.client.GET(PHRASE, { params: { query: { _phraseSearchOptional: ['lovelace', 'hopper'], _limit: 1 } } });
    expect(paged.data?._metadata.totalItems).toBe(2);
    expect(paged.data?._links.next).toContain('_phraseSearchOptional=lovelace%2Chopper');
  });

  it('refuses bad input (400), no token (401) and a member without fe.secure.read.users (403)', async () => {
    const mine = await groupsAccount(server);
    expect((await mine.admin.client.GET(PHRASE, { params: { query: { _limit: 0 } } })).response.status).toBe(400);
    expect((await createNesteggClient({ baseUrl: server.url }).GET(PHRASE, {})).response.status).toBe(401);
    const without = await mine.addMemberWithoutPermissions();
    expect((await without.client.GET(PHRASE, {})).response.status).toBe(403);
  });
});

describe('PUT /identity/resources/users/v2/me and GET /identity/resources/users/v3/me', () => {
  it("change and answer the caller's own profile", async () => {
    const mine = await groupsAccount(server);
    const { data, response } = await mine.readOnly.client.PUT('/identity/resources/users/v2/me', { body: { name: 'Me Myself', metadata: '{"theme":"dark"}' } });
    expect(response.status).toBe(200);
    expect(data).toEqual(expect.objectContaining({ name: 'Me Myself', metadata: '{"theme":"dark"}' }));
    const me = await mine.readOnly.client.GET('/identity/resources/users/v3/me', {});
    expect(me.response.status).toBe(200);
    expect(me.data).toEqual(expect.objectContaining({ id: mine.readOnly.id, name: 'Me Myself', tenantId: mine.tenantId, metadata: '{"theme":"dark"}' }));
    expect(me.data?.tenants[0].roles.map((role) => role.key)).toEqual(['ReadOnly']);
    expect((await mine.readOnly.client.PUT('/identity/resources/users/v2/me', { body: { metadata: '"text"' } })).response.status).toBe(400);
    expect((await mine.readOnly.client.PUT('/identity/resources/users/v2/me', { body: { name: 'x'.repeat(300) } })).response.status).toBe(400);
    expect((await createNesteggClient({ baseUrl: server.url }).GET('/identity/resources/users/v3/me', {})).response.status).toBe(401);
    expect((await createNesteggClient({ baseUrl: server.url }).PUT('/identity/resources/users/v2/me', { body: {} })).response.status).toBe(401);
  });

  it('with an environment token: never a user of another account (404)', async () => {
    const mine = await groupsAccount(server);
    const theirs = await groupsAccount(server);
    const { token } = await asVendor(server);
    const acting = createNesteggClient({
      baseUrl: server.url,
      accessToken: token,
      headers: { 'frontegg-tenant-id': mine.tenantId, 'frontegg-user-id': theirs.admin.id },
    });
    expect((await acting.GET('/identity/resources/users/v3/me', {})).response.status).toBe(404);
    expect((await acting.PUT('/identity/resources/users/v2/me', { body: { name: 'Hijack' } })).response.status).toBe(404);
    expect((await theirs.admin.client.GET('/identity/resources/users/v3/me', {})).data?.name).toBe('Test User');
  });
});
