import { randomUUID } from 'node:crypto';
import { asVendor, createTenant } from '../../support/fixtures';
import { HIERARCHY } from '../../support/hierarchy';
import { useTestServer } from '../../support/server';
import { TENANT, TENANT_BY_ALIAS, TENANT_METADATA, TENANT_METADATA_KEY, TENANT_V2, TENANTS, TENANTS_V2 } from '../../support/tenants';

const server = useTestServer();

describe('POST /tenants/resources/tenants/v1', () => {
  it("creates an account with the caller's tenantId (201) and answers as the read routes do", async () => {
    const { client } = await asVendor(server);
    const tenantId = `acme-${randomUUID()}`;
    const created = await client.POST(TENANTS, { body: { tenantId, name: 'Acme', website: 'https://acme.example', isReseller: false } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      tenantId,
      name: 'Acme',
      website: 'https://acme.example',
      vendorId: server.bootstrap.id,
      metadata: '{}',
      alias: null,
      deletedAt: null,
    });
    const v1 = await client.GET(TENANT, { params: { path: { tenantId } } });
    expect(v1.response.status).toBe(200);
    expect(v1.data).toEqual([created.data]);
    const v2 = await client.GET(TENANT_V2, { params: { path: { tenantId } } });
    expect(v2.response.status).toBe(200);
    expect(v2.data).toEqual(created.data);
  });

  it('places the account under a live parent; 400 naming an unknown, deleted or own parent', async () => {
    const { client } = await asVendor(server);
    const parent = await createTenant(client);
    const tenantId = `child-${randomUUID()}`;
    const created = await client.POST(TENANTS, { body: { tenantId, name: 'Child', parentTenantId: parent.tenantId } });
    expect(created.response.status).toBe(201);
    expect(created.data!.parentTenantId).toBe(parent.tenantId);
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId: parent.tenantId } } })).data!.parentTenantId).toBeNull();

    const gone = await createTenant(client);
    await client.DELETE(TENANT, { params: { path: { tenantId: gone.tenantId } } });
    for (const parentTenantId of [`nobody-${randomUUID()}`, gone.tenantId]) {
      const refused = await client.POST(TENANTS, { body: { tenantId: `orphan-${randomUUID()}`, parentTenantId } });
      expect(refused.response.status).toBe(400);
      expect(refused.error).toEqual({ errors: [`No such parent account (tenant): ${parentTenantId}`], errorCode: 'ER-02107' });
    }
    const own = `self-${randomUUID()}`;
    const loop = await client.POST(TENANTS, { body: { tenantId: own, parentTenantId: own } });
    expect(loop.response.status).toBe(400);
    expect(loop.error!.errorCode).toBe('ER-02204');
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId: own } } })).response.status).toBe(404);
  });

  it('a sub-account created while its parent is deleted ends up under a live account or not at all', async () => {
    const { client } = await asVendor(server);
    for (let round = 0; round < 6; round += 1) {
      const grandparent = await createTenant(client);
      const parent = await createTenant(client);
      await client.POST(HIERARCHY, {
        body: { parentTenantId: grandparent.tenantId, childTenantId: parent.tenantId },
      });
      const tenantId = `racer-${randomUUID()}`;
      const [created, deleted] = await Promise.all([
        client.POST(TENANTS, { body: { tenantId, parentTenantId: parent.tenantId } }),
        client.DELETE(TENANT, { params: { path: { tenantId: parent.tenantId } } }),
      ]);
      expect(deleted.response.status).toBe(200);
      if (created.response.status === 201) {
        const child = await client.GET(TENANT_V2, { params: { path: { tenantId } } });
        expect(child.data!.parentTenantId).toBe(grandparent.tenantId);
      } else {
        expect(created.error!.errorCode).toBe('ER-02107');
      }
    }
  });

  it('generates a UUID tenantId when none is sent', async () => {
    const { client } = await asVendor(server);
    const created = await client.POST(TENANTS, { body: { name: 'No id' } });
    expect(created.response.status).toBe(201);
    expect(created.data!.tenantId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 409 for the tenantId of a live account and 400 for a malformed one', async () => {
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

  it('brings a deleted account back under its tenantId, with the new fields and nothing of the old', async () => {
    const { client } = await asVendor(server);
    const tenantId = `back-${randomUUID()}`;
    const first = await client.POST(TENANTS, { body: { tenantId, name: 'Old', website: 'https://old.example' } });
    await client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: { metadata: { plan: 'gold' } } });
    await client.PUT(TENANT_V2, { params: { path: { tenantId } }, body: { alias: `old-${randomUUID().slice(0, 8)}` } });
    expect((await client.DELETE(TENANT, { params: { path: { tenantId } } })).response.status).toBe(200);
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId } } })).response.status).toBe(404);

    const again = await client.POST(TENANTS, { body: { tenantId, name: 'New' } });
    expect(again.response.status).toBe(201);
    expect(again.data).toMatchObject({ id: first.data!.id, tenantId, name: 'New', website: null, metadata: '{}', alias: null, deletedAt: null });
    expect((await client.GET(TENANT_V2, { params: { path: { tenantId } } })).data).toEqual(again.data);
  });

  it('answers 400, not 500, for text PostgreSQL cannot store', async () => {
    const { client } = await asVendor(server);
    const nul = await client.POST(TENANTS, { body: { name: 'bad\u0000name' } });
    expect(nul.response.status).toBe(400);
    expect(nul.error).toEqual({ errors: ['name holds characters that cannot be stored (such as NUL)'], errorCode: 'ER-02106' });
  });

  it('answers 401 without an environment token, and with a user token', async () => {
    expect((await server.client.POST(TENANTS, { body: { name: 'x' } })).response.status).toBe(401);
  });
});

describe('GET /tenants/resources/tenants/v1/{tenantId} and v2/{tenantId}', () => {
  it('answer 404 for an unknown or deleted account, 400 for an id with characters no account has, 401 without a token', async () => {
    const { client, token } = await asVendor(server);
    for (const raw of ['%FF%FE', '%00', '%C0%80']) {
      const bytes = await fetch(`${server.url}/tenants/resources/tenants/v2/${raw}`, { headers: { authorization: `Bearer ${token}` } });
      expect(bytes.status).toBe(400);
      expect(await bytes.json()).toMatchObject({ errors: [expect.any(String)], errorCode: expect.any(String) });
    }
    for (const route of [TENANT, TENANT_V2] as const) {
      const missing = await client.GET(route, { params: { path: { tenantId: randomUUID() } } });
      expect(missing.response.status).toBe(404);
      expect(missing.error).toEqual({ errors: ['Account (tenant) not found'], errorCode: 'ER-02001' });
      const invalid = await client.GET(route, { params: { path: { tenantId: 'nul\u0000id' } } });
      expect(invalid.response.status).toBe(400);
      expect(invalid.error?.errors[0]).toMatch(/tenantId/);
      expect((await server.client.GET(route, { params: { path: { tenantId: 'x' } } })).response.status).toBe(401);
    }
  });
});

describe('PUT /tenants/resources/tenants/v1/{tenantId} and v2/{tenantId}', () => {
  it('change only the fields sent (200); v2 also sets and clears the alias', async () => {
    const { client } = await asVendor(server);
    const tenant = await createTenant(client, 'Before');
    const v1 = await client.PUT(TENANT, { params: { path: { tenantId: tenant.tenantId } }, body: { name: 'After', timezone: 'Europe/Paris' } });
    expect(v1.response.status).toBe(200);
    expect(v1.data).toMatchObject({ tenantId: tenant.tenantId, name: 'After', timezone: 'Europe/Paris', website: null });
    const alias = `a${randomUUID().slice(0, 8)}`;
    const v2 = await client.PUT(TENANT_V2, { params: { path: { tenantId: tenant.tenantId } }, body: { alias, currency: 'EUR' } });
    expect(v2.response.status).toBe(200);
    expect(v2.data).toMatchObject({ name: 'After', alias, currency: 'EUR', timezone: 'Europe/Paris' });
    const cleared = await client.PUT(TENANT_V2, { params: { path: { tenantId: tenant.tenantId } }, body: { alias: null } });
    expect(cleared.data?.alias).toBeNull();
  });

  it('answer 400 for an empty body or bad fields, 404 for an unknown account, 401 without a token', async () => {
    const { client } = await asVendor(server);
    const tenant = await createTenant(client);
    for (const route of [TENANT, TENANT_V2] as const) {
      const empty = await client.PUT(route, { params: { path: { tenantId: tenant.tenantId } }, body: {} });
      expect(empty.response.status).toBe(400);
      const unknownOnly = await client.PUT(route, { params: { path: { tenantId: tenant.tenantId } }, body: { nothing: 1 } as never });
      expect(unknownOnly.response.status).toBe(400);
      const badType = await client.PUT(route, { params: { path: { tenantId: tenant.tenantId } }, body: { isReseller: 'yes' } as never });
      expect(badType.response.status).toBe(400);
      const nul = await client.PUT(route, { params: { path: { tenantId: tenant.tenantId } }, body: { address: '\u0000' } });
      expect(nul.response.status).toBe(400);
      expect(nul.error?.errorCode).toBe('ER-02106');
      const missing = await client.PUT(route, { params: { path: { tenantId: randomUUID() } }, body: { name: 'x' } });
      expect(missing.response.status).toBe(404);
      expect(missing.error?.errorCode).toBe('ER-02001');
      expect((await server.client.PUT(route, { params: { path: { tenantId: tenant.tenantId } }, body: { name: 'x' } })).response.status).toBe(401);
    }
    const badAlias = await client.PUT(TENANT_V2, { params: { path: { tenantId: tenant.tenantId } }, body: { alias: 'not an alias!' } });
    expect(badAlias.response.status).toBe(400);
    expect(badAlias.error?.errors.join(' ')).toMatch(/alias/);
  });

  it('answers 409 for an alias another live account holds, whatever its case; a deleted account frees it', async () => {
    const { client } = await asVendor(server);
    const first = await createTenant(client);
    const second = await createTenant(client);
    const alias = `shared${randomUUID().slice(0, 8)}`;
    expect((await client.PUT(TENANT_V2, { params: { path: { tenantId: first.tenantId } }, body: { alias } })).response.status).toBe(200);
    const taken = await client.PUT(TENANT_V2, { params: { path: { tenantId: second.tenantId } }, body: { alias: alias.toUpperCase() } });
    expect(taken.response.status).toBe(409);
    expect(taken.error).toEqual({ errors: [`Another account already has the alias ${alias.toUpperCase()}`], errorCode: 'ER-02101' });
    await client.DELETE(TENANT, { params: { path: { tenantId: first.tenantId } } });
    expect((await client.PUT(TENANT_V2, { params: { path: { tenantId: second.tenantId } }, body: { alias } })).response.status).toBe(200);
  });
});

describe('GET /tenants/resources/tenants/v2/alias/{alias}', () => {
  it('finds the live account with the alias, whatever its case; 404 when none, 400 for a malformed alias, 401 without a token', async () => {
    const { client } = await asVendor(server);
    const tenant = await createTenant(client);
    const alias = `Find${randomUUID().slice(0, 8)}`;
    await client.PUT(TENANT_V2, { params: { path: { tenantId: tenant.tenantId } }, body: { alias } });
    const found = await client.GET(TENANT_BY_ALIAS, { params: { path: { alias: alias.toLowerCase() } } });
    expect(found.response.status).toBe(200);
    expect(found.data).toMatchObject({ tenantId: tenant.tenantId, alias });
    const missing = await client.GET(TENANT_BY_ALIAS, { params: { path: { alias: `none${randomUUID().slice(0, 8)}` } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errorCode).toBe('ER-02104');
    const malformed = await client.GET(TENANT_BY_ALIAS, { params: { path: { alias: 'bad alias' } } });
    expect(malformed.response.status).toBe(400);
    expect((await server.client.GET(TENANT_BY_ALIAS, { params: { path: { alias } } })).response.status).toBe(401);
  });
});

describe('POST /tenants/resources/tenants/v1/{tenantId}/metadata and DELETE .../metadata/{key}', () => {
  it('adds keys (an object or a JSON string), overwriting those of the same name, and removes one key', async () => {
    const { client } = await asVendor(server);
    const { tenantId } = await createTenant(client);
    const first = await client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: { metadata: { plan: 'gold', seats: 5 } } });
    expect(first.response.status).toBe(201);
    expect(JSON.parse(first.data!.metadata)).toEqual({ plan: 'gold', seats: 5 });
    const second = await client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: { metadata: '{"seats": 50, "region": "eu"}' } });
    expect(JSON.parse(second.data!.metadata)).toEqual({ plan: 'gold', seats: 50, region: 'eu' });
    const removed = await client.DELETE(TENANT_METADATA_KEY, { params: { path: { tenantId, key: 'plan' } } });
    expect(removed.response.status).toBe(200);
    expect(JSON.parse(removed.data!.metadata)).toEqual({ seats: 50, region: 'eu' });
    const absent = await client.DELETE(TENANT_METADATA_KEY, { params: { path: { tenantId, key: 'never-there' } } });
    expect(absent.response.status).toBe(200);
    expect(JSON.parse(absent.data!.metadata)).toEqual({ seats: 50, region: 'eu' });
  });

  it('answers 400 for metadata that is not a JSON object, 404 for an unknown account, 401 without a token', async () => {
    const { client } = await asVendor(server);
    const { tenantId } = await createTenant(client);
    for (const metadata of ['not json', '[1,2]', '"text"']) {
      const bad = await client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: { metadata } });
      expect(bad.response.status).toBe(400);
      expect(bad.error?.errorCode).toBe('ER-02103');
    }
    expect((await client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: { metadata: [1] as never } })).response.status).toBe(400);
    expect((await client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: {} as never })).response.status).toBe(400);
    const nul = await client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: { metadata: { 'k\u0000': 'v' } } });
    expect(nul.response.status).toBe(400);
    expect(nul.error?.errorCode).toBe('ER-02106');
    const nulKey = await client.DELETE(TENANT_METADATA_KEY, { params: { path: { tenantId, key: 'a\u0000b' } } });
    expect(nulKey.response.status).toBe(400);
    const unknown = randomUUID();
    expect((await client.POST(TENANT_METADATA, { params: { path: { tenantId: unknown } }, body: { metadata: { a: 1 } } })).response.status).toBe(404);
    expect((await client.DELETE(TENANT_METADATA_KEY, { params: { path: { tenantId: unknown, key: 'a' } } })).response.status).toBe(404);
    expect((await server.client.POST(TENANT_METADATA, { params: { path: { tenantId } }, body: { metadata: { a: 1 } } })).response.status).toBe(401);
    expect((await server.client.DELETE(TENANT_METADATA_KEY, { params: { path: { tenantId, key: 'a' } } })).response.status).toBe(401);
  });
});

describe('GET /tenants/resources/tenants/v2', () => {
  it('pages through live accounts, filtered by name or tenantId, sorted, with Frontegg page links', async () => {
    const { client } = await asVendor(server);
    const marker = randomUUID().slice(0, 8);
    const names = ['charlie', 'alpha', 'bravo'];
    const created = [];
    for (const name of names) {
      created.push((await client.POST(TENANTS, { body: { tenantId: `list-${marker}-${name}`, name: `${name} ${marker}` } })).data!);
    }
    const deleted = (await client.POST(TENANTS, { body: { tenantId: `list-${marker}-gone`, name: `Gone ${marker}` } })).data!;
    await client.DELETE(TENANT, { params: { path: { tenantId: deleted.tenantId } } });

    const first = await client.GET(TENANTS_V2, { params: { query: { _filter: marker.toUpperCase(), _sortBy: 'name', _order: 'ASC', _limit: 2 } } });
    expect(first.response.status).toBe(200);
    expect(first.data!.items.map((t) => t.name)).toEqual([`alpha ${marker}`, `bravo ${marker}`]);
    expect(first.data!._metadata).toEqual({ totalItems: 3, totalPages: 2 });
    expect(first.data!._links.next).toContain('_offset=1');
    expect(first.data!._links.prev).toBe('');
    const second = await client.GET(TENANTS_V2, { params: { query: { _filter: marker, _sortBy: 'name', _order: 'ASC', _limit: 2, _offset: 1 } } });
    expect(second.data!.items).toHaveLength(1);

    const byCreation = await client.GET(TENANTS_V2, { params: { query: { _filter: marker, _order: 'DESC' } } });
    expect(byCreation.data!.items.map((t) => t.tenantId)).toEqual(created.map((t) => t.tenantId).reverse());

    const byIds = await client.GET(TENANTS_V2, {
      params: { query: { _tenantIds: [created[0].tenantId, created[2].tenantId, deleted.tenantId], _sortBy: 'tenantId' } },
    });
    expect(byIds.data!.items.map((t) => t.tenantId)).toEqual([created[0].tenantId, created[2].tenantId].sort());
    const pastEnd = await client.GET(TENANTS_V2, { params: { query: { _filter: marker, _offset: 99 } } });
    expect(pastEnd.data!.items).toEqual([]);
  });

  it('answers 400 for a bad sort, limit or NUL in the filter, 401 without a token', async () => {
    const { client } = await asVendor(server);
    expect((await client.GET(TENANTS_V2, { params: { query: { _sortBy: 'website' as never } } })).response.status).toBe(400);
    expect((await client.GET(TENANTS_V2, { params: { query: { _limit: 201 } } })).response.status).toBe(400);
    const nul = await client.GET(TENANTS_V2, { params: { query: { _filter: 'a\u0000' } } });
    expect(nul.response.status).toBe(400);
    expect((await server.client.GET(TENANTS_V2, {})).response.status).toBe(401);
  });
});
