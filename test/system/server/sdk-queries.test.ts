import { randomUUID } from 'node:crypto';
import { uniqueEmail } from '../../support/fixtures';
import { accountWithMembers } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * Query strings as the browser SDK writes them (by hand here, since the typed client writes its own):
 * lists comma-separated in one parameter, empty values for what it has no value for, and parameters
 * of its own that no route reads.
 */
const server = useTestServer();

async function get(token: string, pathAndQuery: string): Promise<{ status: number; body: { items?: unknown[]; _metadata?: { totalItems: number } } }> {
  const response = await fetch(`${server.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as never };
}

describe('query strings the browser SDK sends', () => {
  it('reads usernames/v1?userIds=a,b as a list, as well as the repeated form', async () => {
    const { admin, reader, adminUser, readerUser } = await accountWithMembers(server);
    const prefix = `q${randomUUID().slice(0, 6)}`;
    await admin.client.POST('/identity/resources/usernames/v1', { body: { username: `${prefix}.a` } });
    await reader.client.POST('/identity/resources/usernames/v1', { body: { username: `${prefix}.b` } });
    const comma = await get(admin.accessToken, `/identity/resources/usernames/v1?userIds=${adminUser.id},${readerUser.id}`);
    expect(comma.status).toBe(200);
    expect(comma.body._metadata?.totalItems).toBe(2);
    const repeated = await get(admin.accessToken, `/identity/resources/usernames/v1?userIds=${adminUser.id}&userIds=${readerUser.id}`);
    expect(repeated.body._metadata?.totalItems).toBe(2);
    const one = await get(admin.accessToken, `/identity/resources/usernames/v1?userIds=${readerUser.id}`);
    expect(one.body.items).toEqual([{ username: `${prefix}.b`, userId: readerUser.id }]);
  });

  it('ignores query parameters no route reads (users/v2/me?addRoles=true), and reads an empty one as not sent', async () => {
    const { admin } = await accountWithMembers(server);
    expect((await get(admin.accessToken, '/identity/resources/users/v2/me?addRoles=true')).status).toBe(200);
    const unfiltered = await get(admin.accessToken, '/identity/resources/roles/v2?_sortBy=key');
    const emptyFilter = await get(admin.accessToken, '/identity/resources/roles/v2?_sortBy=key&_filter=&_offset=0&_limit=50');
    expect(unfiltered.status).toBe(200);
    expect(emptyFilter.status).toBe(200);
    expect(emptyFilter.body._metadata?.totalItems).toBe(unfiltered.body._metadata?.totalItems);
  });

  it('reads _filter=ALLOW or BLOCK on the IP restrictions list as the strategy, other text as a search', async () => {
    const { admin } = await accountWithMembers(server);
    const IP = '/identity/resources/configurations/v1/restrictions/ip';
    // Rules that do not hold (isActive false) keep the caller in while the list is read.
    await admin.client.POST(IP, { body: { ip: '192.0.2.10', strategy: 'ALLOW', isActive: false, description: 'office' } });
    await admin.client.POST(IP, { body: { ip: '198.51.100.0/24', strategy: 'BLOCK', isActive: false, description: 'BLOCK list' } });
    await admin.client.POST(IP, { body: { ip: '203.0.113.7', strategy: 'BLOCK', isActive: false, description: 'lab' } });
    const ips = (page: { items?: unknown[] }) => (page.items as { ip: string }[]).map((rule) => rule.ip).sort();
    expect(ips((await get(admin.accessToken, `${IP}?_filter=BLOCK`)).body)).toEqual(['198.51.100.0/24', '203.0.113.7']);
    expect(ips((await get(admin.accessToken, `${IP}?_filter=ALLOW`)).body)).toEqual(['192.0.2.10']);
    expect(ips((await get(admin.accessToken, `${IP}?_filter=block`)).body)).toEqual(['198.51.100.0/24']);
    expect(ips((await get(admin.accessToken, `${IP}?_filter=office`)).body)).toEqual(['192.0.2.10']);
    expect((await get(admin.accessToken, `${IP}?_filter=`)).body.items).toHaveLength(3);
  });

  it("signs up without a provider, as the browser SDK's signUpUser sends it (local is the default)", async () => {
    const byEmail = await server.client.POST('/identity/resources/users/v1/signUp', {
      body: { email: uniqueEmail(), password: 'a long enough password', companyName: `SDK ${randomUUID()}` },
    });
    expect(byEmail.response.status).toBe(201);
    const byUsername = await server.client.POST('/identity/resources/users/v1/signUp/username', {
      body: { username: `sdk.${randomUUID().slice(0, 8)}`, email: uniqueEmail(), password: 'a long enough password', companyName: `SDK ${randomUUID()}` },
    });
    expect(byUsername.response.status).toBe(201);
    const other = await server.client.POST('/identity/resources/users/v1/signUp', {
      body: { provider: 'google', email: uniqueEmail(), password: 'a long enough password', companyName: 'Nope' },
    });
    expect(other.response.status).toBe(400);
  });
});
