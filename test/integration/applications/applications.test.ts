import { randomUUID } from 'node:crypto';
import { APP, APPS, DEFAULT_APP, appsAccount, assignTenant, createApp, decode, vendorWithDefault } from '../../support/applications';
import { createTenant, createUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('POST /applications/resources/applications/v1', () => {
  it('creates an application (201) with the defaults Frontegg documents', async () => {
    const { vendor } = await vendorWithDefault(server);
    const created = await vendor.POST(APPS, {
      body: { name: 'Billing', appURL: 'https://billing.example.com', loginURL: 'https://billing.example.com/login', metadata: { team: 'blue' } },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      vendorId: expect.any(String),
      accessType: 'FREE_ACCESS',
      appURL: 'https://billing.example.com',
      loginURL: 'https://billing.example.com/login',
      isDefault: false,
      isActive: true,
      name: 'Billing',
      logoURL: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      type: 'web',
      frontendStack: 'react',
      description: null,
      integrationFinishedAt: null,
      metadata: { team: 'blue' },
      appHost: null,
      allowDcr: false,
    });
    const read = await vendor.GET(APP, { params: { path: { id: created.data!.id } } });
    expect(read.data).toEqual(created.data);
  });

  it('answers 400 for a missing field, an unknown enum value or an unknown field; 401 without a token or with a user token', async () => {
    const { vendor, admin } = await appsAccount(server);
    const noUrl = await vendor.POST(APPS, { body: { name: 'x', loginURL: 'https://x' } as never });
    expect(noUrl.response.status).toBe(400);
    expect(noUrl.error?.errors[0]).toMatch(/appURL/);
    const badType = await vendor.POST(APPS, { body: { name: 'x', appURL: 'https://x', loginURL: 'https://x', type: 'desktop' as 'web' } });
    expect(badType.response.status).toBe(400);
    expect((await vendor.POST(APPS, { body: { name: 'x', appURL: 'https://x', loginURL: 'https://x', extra: 1 } as never })).response.status).toBe(400);
    const body = { name: 'x', appURL: 'https://x', loginURL: 'https://x' };
    expect((await server.client.POST(APPS, { body })).response.status).toBe(401);
    expect((await admin.client.POST(APPS, { body })).response.status).toBe(401);
  });
});

describe('GET /applications/resources/applications/v1', () => {
  it('lists applications oldest first, narrowed by ids, flags, type, stack and name', async () => {
    const { vendor } = await vendorWithDefault(server);
    const tag = randomUUID();
    const web = await createApp(vendor, { name: `Web ${tag}` });
    const agent = await createApp(vendor, { name: `Agent ${tag}`, type: 'agent', accessType: 'MANAGED_ACCESS' });
    const inactive = await createApp(vendor, { name: `Old ${tag}`, isActive: false });
    const ids = [web.id, agent.id, inactive.id].join(',');
    const list = async (query: Record<string, unknown>) => {
      const { data, response } = await vendor.GET(APPS, { params: { query: { ids, ...query } } });
      expect(response.status).toBe(200);
      return data!.map((app) => app.id);
    };
    expect(await list({})).toEqual([web.id, agent.id, inactive.id]);
    expect(await list({ _accessType: 'MANAGED_ACCESS' })).toEqual([agent.id]);
    expect(await list({ _isActive: false })).toEqual([inactive.id]);
    expect(await list({ _isDefault: true })).toEqual([]);
    expect(await list({ type: ['agent'] })).toEqual([agent.id]);
    expect(await list({ _excludeAgents: 'true' })).toEqual([web.id, inactive.id]);
    expect(await list({ frontendStack: ['vue'] })).toEqual([]);
    const byName = await vendor.GET(APPS, { params: { query: { name: `agent ${tag.toUpperCase()}` } } });
    expect(byName.data?.map((app) => app.id)).toEqual([agent.id]);
  });

  it('answers 400 for a bad filter and 401 without a token', async () => {
    const { vendor } = await appsAccount(server);
    expect((await vendor.GET(APPS, { params: { query: { _accessType: 'OPEN' as 'FREE_ACCESS' } } })).response.status).toBe(400);
    expect((await server.client.GET(APPS, {})).response.status).toBe(401);
  });

  it("with a user token lists only the applications open to the caller's account: assigned to it, and the default", async () => {
    const { vendor, tenantId, admin } = await appsAccount(server);
    const other = await createTenant(vendor);
    const ours = await createApp(vendor, { accessType: 'MANAGED_ACCESS' });
    const theirs = await createApp(vendor);
    await assignTenant(vendor, ours.id, tenantId);
    await assignTenant(vendor, theirs.id, other.tenantId);
    const defaultApp = (await vendor.GET(DEFAULT_APP, {})).data!;
    const ids = [ours.id, theirs.id, defaultApp.id].join(',');
    // The browser SDK sends `_includeFreeAccess` with the ids it wants.
    const seen = await admin.client.GET(APPS, { params: { query: { ids, _includeFreeAccess: true } } });
    expect(seen.response.status).toBe(200);
    expect(new Set(seen.data!.map((app) => app.id))).toEqual(new Set([ours.id, defaultApp.id]));
    const all = await admin.client.GET(APPS, {});
    expect(all.data!.map((app) => app.id)).not.toContain(theirs.id);
    const asEnvironment = await vendor.GET(APPS, { params: { query: { ids } } });
    expect(asEnvironment.data!.map((app) => app.id)).toContain(theirs.id);
  });
});

describe('GET /applications/resources/applications/v1/{id}', () => {
  it('answers 404 for an unknown id, 400 for a malformed one, 401 without an environment token', async () => {
    const { vendor, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    const missing = await vendor.GET(APP, { params: { path: { id: randomUUID() } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errorCode).toBe('ER-04001');
    expect((await vendor.GET(APP, { params: { path: { id: 'nope' } } })).response.status).toBe(400);
    expect((await server.client.GET(APP, { params: { path: { id: app.id } } })).response.status).toBe(401);
    expect((await admin.client.GET(APP, { params: { path: { id: app.id } } })).response.status).toBe(401);
  });
});

describe('PATCH /applications/resources/applications/v1/{id}', () => {
  it('changes the fields sent (201, no body) and keeps the others', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor, { name: 'Before' });
    const changed = await vendor.PATCH(APP, {
      params: { path: { id: app.id } },
      body: { name: 'After', accessType: 'MANAGED_ACCESS', description: 'desc', appHost: 'app.example.com', metadata: { a: 1 } },
    });
    expect(changed.response.status).toBe(201);
    const read = await vendor.GET(APP, { params: { path: { id: app.id } } });
    expect(read.data).toMatchObject({
      name: 'After',
      accessType: 'MANAGED_ACCESS',
      description: 'desc',
      appHost: 'app.example.com',
      metadata: { a: 1 },
      appURL: app.appURL,
    });
  });

  it('answers 404 for an unknown id, 400 for a bad body, 401 without an environment token', async () => {
    const { vendor, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    expect((await vendor.PATCH(APP, { params: { path: { id: randomUUID() } }, body: { name: 'x' } })).response.status).toBe(404);
    expect((await vendor.PATCH(APP, { params: { path: { id: app.id } }, body: { name: '' } })).response.status).toBe(400);
    expect((await vendor.PATCH(APP, { params: { path: { id: 'x' } }, body: { name: 'y' } })).response.status).toBe(400);
    expect((await server.client.PATCH(APP, { params: { path: { id: app.id } }, body: { name: 'y' } })).response.status).toBe(401);
    expect((await admin.client.PATCH(APP, { params: { path: { id: app.id } }, body: { name: 'y' } })).response.status).toBe(401);
  });
});

describe('the default application (GET /v1/default, isDefault, DELETE)', () => {
  it('one application is the default; making another the default moves it; the default cannot be unset, deactivated or deleted (409)', async () => {
    const { vendor } = await vendorWithDefault(server);
    const first = await createApp(vendor, { isDefault: true });
    expect(first.isDefault).toBe(true);
    expect((await vendor.GET(DEFAULT_APP, {})).data?.id).toBe(first.id);

    const second = await createApp(vendor);
    expect((await vendor.PATCH(APP, { params: { path: { id: second.id } }, body: { isDefault: true } })).response.status).toBe(201);
    expect((await vendor.GET(DEFAULT_APP, {})).data?.id).toBe(second.id);
    expect((await vendor.GET(APP, { params: { path: { id: first.id } } })).data?.isDefault).toBe(false);

    const unset = await vendor.PATCH(APP, { params: { path: { id: second.id } }, body: { isDefault: false } });
    expect(unset.response.status).toBe(409);
    expect(unset.error?.errorCode).toBe('ER-04003');
    expect((await vendor.PATCH(APP, { params: { path: { id: second.id } }, body: { isActive: false } })).response.status).toBe(409);
    const deleteDefault = await vendor.DELETE(APP, { params: { path: { id: second.id } } });
    expect(deleteDefault.response.status).toBe(409);
    expect(deleteDefault.error?.errorCode).toBe('ER-04004');

    expect((await vendor.PATCH(APP, { params: { path: { id: first.id } }, body: { isDefault: true } })).response.status).toBe(201);
    expect((await vendor.DELETE(APP, { params: { path: { id: second.id } } })).response.status).toBe(200);
    const defaults = await vendor.GET(APPS, { params: { query: { _isDefault: true } } });
    expect(defaults.data?.map((app) => app.id)).toEqual([first.id]);

    // The default application needs no assignment: any account's members log in to it.
    const tenant = await createTenant(vendor);
    const user = await createUser(vendor, tenant.tenantId);
    const logged = await server.client.POST('/identity/resources/auth/v1/user', {
      body: { email: user.email, password: user.password },
      params: { header: { 'frontegg-application-id': first.id } },
    });
    expect(logged.response.status).toBe(200);
    expect(decode(logged.data!.accessToken)).toMatchObject({ aud: first.id, applicationId: first.id, tenantId: tenant.tenantId });
  });

  it('answers 401 without an environment token', async () => {
    const { admin } = await appsAccount(server);
    expect((await server.client.GET(DEFAULT_APP, {})).response.status).toBe(401);
    expect((await admin.client.GET(DEFAULT_APP, {})).response.status).toBe(401);
  });
});

describe('DELETE /applications/resources/applications/v1/{id}', () => {
  it('deletes the application (200); then 404', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor);
    expect((await vendor.DELETE(APP, { params: { path: { id: app.id } } })).response.status).toBe(200);
    expect((await vendor.GET(APP, { params: { path: { id: app.id } } })).response.status).toBe(404);
    const again = await vendor.DELETE(APP, { params: { path: { id: app.id } } });
    expect(again.response.status).toBe(404);
    expect(again.error?.errorCode).toBe('ER-04001');
  });

  it('answers 400 for a malformed id and 401 without an environment token', async () => {
    const { vendor, admin } = await appsAccount(server);
    const app = await createApp(vendor);
    expect((await vendor.DELETE(APP, { params: { path: { id: 'x' } } })).response.status).toBe(400);
    expect((await server.client.DELETE(APP, { params: { path: { id: app.id } } })).response.status).toBe(401);
    expect((await admin.client.DELETE(APP, { params: { path: { id: app.id } } })).response.status).toBe(401);
    expect((await vendor.GET(APP, { params: { path: { id: app.id } } })).response.status).toBe(200);
  });
});
