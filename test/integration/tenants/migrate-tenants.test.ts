import { randomUUID } from 'node:crypto';
import { asVendor, createTenant } from '../../support/fixtures';
import { useTestServer } from '../../support/server';
import { MIGRATE_TENANTS, MIGRATION_STATUS, TENANT, TENANT_V2, migrationCompleted as completed } from '../../support/tenants';

const server = useTestServer();

describe('POST /tenants/resources/migrations/v1/tenants and GET .../status/{migrationId}', () => {
  it('accepts the batch (202), creates every account and reports each one, failures included', async () => {
    const { client } = await asVendor(server);
    const live = await createTenant(client);
    const gone = await createTenant(client, 'Gone');
    await client.DELETE(TENANT, { params: { path: { tenantId: gone.tenantId } } });
    const byId = `mig-${randomUUID()}`;
    const full = `mig-${randomUUID()}`;
    const accepted = await client.POST(MIGRATE_TENANTS, {
      body: {
        tenants: [byId, { tenantId: full, name: 'Full', website: 'https://full.example' }, live.tenantId, { tenantId: gone.tenantId, name: 'Back' }, byId],
      },
    });
    expect(accepted.response.status).toBe(202);
    expect(accepted.data!.migrationId).toMatch(/^[0-9a-f-]{36}$/);

    const status = await completed(client, accepted.data!.migrationId);
    expect(status).toMatchObject({
      migrationId: accepted.data!.migrationId,
      state: 'COMPLETED',
      totalTenants: 5,
      migratedTenants: 3,
      failedTenants: 2,
      pendingTenants: 0,
      completedAt: expect.any(String),
    });
    expect(status.tenants).toEqual([
      { tenantId: byId, status: 'SUCCEEDED', error: null, errorCode: null },
      { tenantId: full, status: 'SUCCEEDED', error: null, errorCode: null },
      { tenantId: live.tenantId, status: 'FAILED', error: 'An account with this tenantId already exists', errorCode: 'ER-02002' },
      { tenantId: gone.tenantId, status: 'SUCCEEDED', error: null, errorCode: null },
      { tenantId: byId, status: 'FAILED', error: 'An account with this tenantId already exists', errorCode: 'ER-02002' },
    ]);
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId: full } } })).data).toMatchObject({ name: 'Full', website: 'https://full.example' });
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId: byId } } })).data).toMatchObject({ tenantId: byId, name: '' });
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId: gone.tenantId } } })).data).toMatchObject({ id: gone.id, name: 'Back' });
  });

  it("keeps the status and each account's outcome in the database, where any server process reads them", async () => {
    const { client } = await asVendor(server);
    const tenantId = `mig-${randomUUID()}`;
    const accepted = await client.POST(MIGRATE_TENANTS, { body: { tenants: [tenantId] } });
    await completed(client, accepted.data!.migrationId);
    const stored = await server.db('jobs').where({ id: accepted.data!.migrationId }).first();
    expect(stored).toMatchObject({ kind: 'tenant-migration', state: 'COMPLETED', total: 1 });
    const items = await server.db('job_items').where({ job_id: accepted.data!.migrationId });
    expect(items).toMatchObject([{ key: tenantId, status: 'SUCCEEDED' }]);
  });

  it('answers 400 for an empty batch, malformed ids or items, or unstorable text; nothing is created', async () => {
    const { client } = await asVendor(server);
    for (const tenants of [[], ['bad id'], [{ name: 'no id' }], [42], ['ok-id', { tenantId: 'x', website: 5 }]]) {
      const refused = await client.POST(MIGRATE_TENANTS, { body: { tenants } as never });
      expect(refused.response.status).toBe(400);
      expect(refused.error?.errorCode).toMatch(/^ER-/);
    }
    const tenantId = `mig-${randomUUID()}`;
    const nul = await client.POST(MIGRATE_TENANTS, { body: { tenants: [{ tenantId, name: 'a\u0000' }] } });
    expect(nul.response.status).toBe(400);
    expect(nul.error?.errorCode).toBe('ER-02106');
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId } } })).response.status).toBe(404);
    expect((await client.POST(MIGRATE_TENANTS, { body: {} as never })).response.status).toBe(400);
  });

  it('answers 404 for an unknown migration, 400 for a malformed id, 401 without an environment token', async () => {
    const { client } = await asVendor(server);
    const unknown = await client.GET(MIGRATION_STATUS, { params: { path: { migrationId: randomUUID() } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.errorCode).toBe('ER-02105');
    expect((await client.GET(MIGRATION_STATUS, { params: { path: { migrationId: 'not-a-uuid' } } })).response.status).toBe(400);
    expect((await server.client.GET(MIGRATION_STATUS, { params: { path: { migrationId: randomUUID() } } })).response.status).toBe(401);
    expect((await server.client.POST(MIGRATE_TENANTS, { body: { tenants: ['x'] } })).response.status).toBe(401);
  });
});
