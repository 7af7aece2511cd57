import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { asVendor, createTenant, createUser, login, tenantWithUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const ME = '/identity/resources/users/v2/me';

describe('GET /identity/resources/users/v2/me', () => {
  it("returns the caller's profile in the token's account", async () => {
    const { user, tenant } = await tenantWithUser(server);
    const session = await login(server, user.email);
    const client = createNesteggClient({ baseUrl: server.url, accessToken: session.accessToken });
    const { data, response } = await client.GET(ME, {});
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: user.id, email: user.email, tenantId: tenant.tenantId, tenantIds: [tenant.tenantId], verified: true });
    expect(data!.lastLogin).not.toBeNull();
    // What api.teams.getProfile sends: the same profile, roles included.
    const withRoles = await client.GET(ME, { params: { query: { addRoles: true } } });
    expect(withRoles.response.status).toBe(200);
    expect(withRoles.data?.roles.length).toBeGreaterThan(0);
  });

  it('with an environment token, acts for the user and account named in the headers', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const asUser = await vendor.GET(ME, { params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': user.id } } });
    expect(asUser.response.status).toBe(200);
    expect(asUser.data?.id).toBe(user.id);

    const withoutHeaders = await vendor.GET(ME, {});
    expect(withoutHeaders.response.status).toBe(400);
    expect(withoutHeaders.error?.errorCode).toBe('ER-01009');
  });

  it('does not show a user through an account they are not in (tenant isolation)', async () => {
    const { client: vendor } = await asVendor(server);
    const home = await createTenant(vendor);
    const other = await createTenant(vendor);
    const user = await createUser(vendor, home.tenantId);
    const crossTenant = await vendor.GET(ME, { params: { header: { 'frontegg-tenant-id': other.tenantId, 'frontegg-user-id': user.id } } });
    expect(crossTenant.response.status).toBe(404);
    const unknownUser = await vendor.GET(ME, { params: { header: { 'frontegg-tenant-id': home.tenantId, 'frontegg-user-id': randomUUID() } } });
    expect(unknownUser.response.status).toBe(404);
    const notAnId = await vendor.GET(ME, { params: { header: { 'frontegg-tenant-id': home.tenantId, 'frontegg-user-id': 'nope' } } });
    expect(notAnId.response.status).toBe(404);
  });

  it('answers 401 without a token', async () => {
    expect((await server.client.GET(ME, {})).response.status).toBe(401);
  });
});
