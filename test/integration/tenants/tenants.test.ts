import { randomUUID } from 'node:crypto';
import { asVendor } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const TENANTS = '/tenants/resources/tenants/v1';
const TENANT = '/tenants/resources/tenants/v1/{tenantId}';

describe('POST /tenants/resources/tenants/v1', () => {
  it('creates an account with the caller\'s tenantId (201) and answers as the read route does', async () => {
    const { client } = await asVendor(server);
    const tenantId = `acme-${randomUUID()}`;
    const created = await client.POST(TENANTS, { body: { tenantId, name: 'Acme', website: 'https://acme.example', isReseller: false } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ tenantId, name: 'Acme', website: 'https://acme.example', vendorId: server.bootstrap.id, metadata: '{}', deletedAt: null });
    const read = await client.GET(TENANT, { params: { path: { tenantId } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual(created.data);
  });

  it('generates a UUID tenantId when none is sent', async () => {
    const { client } = await asVendor(server);
    const created = await client.POST(TENANTS, { body: { name: 'No id' } });
    expect(created.response.status).toBe(201);
    expect(created.data!.tenantId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 409 for a taken tenantId and 400 for a malformed one', async () => {
    const { client } = await asVendor(server);
    const tenantId = `dup-${randomUUID()}`;
    expect((await client.POST(TENANTS, { body: { tenantId } })).response.status).toBe(201);
    const again = await client.POST(TENANTS, { body: { tenantId } });
    expect(again.response.status).toBe(409);
    expect(again.error?.errorCode).toBe('ER-02002');
    const malformed = await client.POST(TENANTS, { body: { tenantId: 'has spaces/and slashes' } });
    expect(malformed.response.status).toBe(400);
    expect(malformed.error?.errors[0]).toMatch(/tenantId/);
  });

  it('answers 401 without an environment token', async () => {
    expect((await server.client.POST(TENANTS, { body: { name: 'x' } })).response.status).toBe(401);
  });
});

describe('GET /tenants/resources/tenants/v1/{tenantId}', () => {
  it('answers 404 for an unknown account', async () => {
    const { client } = await asVendor(server);
    const missing = await client.GET(TENANT, { params: { path: { tenantId: randomUUID() } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ errors: ['Account (tenant) not found'], errorCode: 'ER-02001' });
  });
});
