import { randomUUID } from 'node:crypto';
import { PASSWORD, asVendor, createTenant, login, uniqueEmail } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const USERS = '/identity/resources/vendor-only/users/v1';
const USER = '/identity/resources/vendor-only/users/v1/{userId}';

describe('POST /identity/resources/vendor-only/users/v1', () => {
  it('creates a verified user in the account (201) who can log in at once', async () => {
    const { client } = await asVendor(server);
    const tenant = await createTenant(client);
    const email = uniqueEmail();
    const created = await client.POST(USERS, {
      body: { tenantId: tenant.tenantId, email, password: PASSWORD, name: 'Ada', metadata: '{"team":"core"}', vendorMetadata: '{"crm":42}' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      email,
      name: 'Ada',
      verified: true,
      tenantId: tenant.tenantId,
      tenantIds: [tenant.tenantId],
      tenants: [{ tenantId: tenant.tenantId, roles: [expect.objectContaining({ key: 'Admin' })] }],
      roles: [expect.objectContaining({ key: 'Admin' })],
      metadata: '{"team":"core"}',
      vendorMetadata: '{"crm":42}',
      lastLogin: null,
    });
    expect(created.data!.sub).toBe(created.data!.id);
    expect(JSON.stringify(created.data)).not.toMatch(/argon2|password/i);
    const session = await login(server, email);
    expect(session.userId).toBe(created.data!.id);
  });

  it('answers 409 for an email in use, whatever its case', async () => {
    const { client } = await asVendor(server);
    const tenant = await createTenant(client);
    const email = uniqueEmail();
    expect((await client.POST(USERS, { body: { tenantId: tenant.tenantId, email } })).response.status).toBe(201);
    const again = await client.POST(USERS, { body: { tenantId: tenant.tenantId, email: email.toUpperCase() } });
    expect(again.response.status).toBe(409);
    expect(again.error?.errorCode).toBe('ER-02004');
  });

  it('answers 404 for an unknown account and 400 for bad input, creating nothing', async () => {
    const { client } = await asVendor(server);
    const email = uniqueEmail();
    const unknownTenant = await client.POST(USERS, { body: { tenantId: `nope-${randomUUID()}`, email } });
    expect(unknownTenant.response.status).toBe(404);
    expect(unknownTenant.error?.errorCode).toBe('ER-02001');

    const tenant = await createTenant(client);
    const badMetadata = await client.POST(USERS, { body: { tenantId: tenant.tenantId, email, metadata: 'not json' } });
    expect(badMetadata.response.status).toBe(400);
    expect(badMetadata.error).toEqual({ errors: ['metadata must be a JSON object sent as a string'], errorCode: 'ER-02005' });
    const arrayMetadata = await client.POST(USERS, { body: { tenantId: tenant.tenantId, email, vendorMetadata: '[1,2]' } });
    expect(arrayMetadata.response.status).toBe(400);

    const badEmail = await client.POST(USERS, { body: { tenantId: tenant.tenantId, email: 'nope' } });
    expect(badEmail.response.status).toBe(400);
    const noTenant = await client.POST(USERS, { body: { email } as never });
    expect(noTenant.response.status).toBe(400);
    expect(noTenant.error?.errors.join(' ')).toMatch(/tenantId/);

    // None of the refused requests left a user behind: the email is still free.
    expect((await client.POST(USERS, { body: { tenantId: tenant.tenantId, email } })).response.status).toBe(201);
  });

  it('answers 401 without an environment token', async () => {
    expect((await server.client.POST(USERS, { body: { tenantId: 'x', email: uniqueEmail() } })).response.status).toBe(401);
  });
});

describe('GET /identity/resources/vendor-only/users/v1/{userId}', () => {
  it('reads the user with all of their accounts, and answers 404 for an unknown id and 400 for a malformed one', async () => {
    const { client } = await asVendor(server);
    const tenant = await createTenant(client);
    const created = await client.POST(USERS, { body: { tenantId: tenant.tenantId, email: uniqueEmail() } });
    const read = await client.GET(USER, { params: { path: { userId: created.data!.id } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual(created.data);

    const missing = await client.GET(USER, { params: { path: { userId: randomUUID() } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errors[0]).toMatch(/not found/i);

    const malformed = await client.GET(USER, { params: { path: { userId: 'not-a-uuid' } } });
    expect(malformed.response.status).toBe(400);
  });
});
