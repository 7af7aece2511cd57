import { randomBytes, randomUUID } from 'node:crypto';
import { createSecretBox } from '../../../server/lib/sealed';
import { createApplicationSecretsService } from '../../../server/services/application-secrets';
import { APP, appsAccount, createApp, vendorWithDefault } from '../../support/applications';
import { useTestServer } from '../../support/server';

const CREDENTIALS = '/applications/resources/applications/v1/credentials/{appId}';
const REGENERATE = '/applications/resources/applications/v1/credentials/regenerate' as const;
const REGENERATE_SHARED = '/applications/resources/applications/v1/credentials/shared/regenerate' as const;
const CLIENTS = '/applications/application-clients';
const CLIENTS_OF_APP = '/applications/application-clients/app/{appId}';
const CLIENT = '/applications/application-clients/{id}';

const SECRET = /^[A-Za-z0-9_-]{43}$/;
const key = randomBytes(32);
const server = useTestServer({ secretsKey: key });

async function credentialsOf(vendor: Awaited<ReturnType<typeof vendorWithDefault>>['vendor'], appId: string) {
  const { data, response } = await vendor.GET(CREDENTIALS, { params: { path: { appId } } });
  expect(response.status).toBe(200);
  return data!;
}

describe('application credentials', () => {
  it('are made on the first reading and stay; each regeneration replaces one secret at once', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor);
    const first = await credentialsOf(vendor, app.id);
    expect(first).toEqual({ clientSecret: expect.stringMatching(SECRET), sharedSecret: expect.stringMatching(SECRET) });
    expect(first.clientSecret).not.toBe(first.sharedSecret);
    expect(await credentialsOf(vendor, app.id)).toEqual(first);

    const regenerated = await vendor.POST(REGENERATE, { body: { appId: app.id } });
    expect(regenerated.response.status).toBe(201);
    const second = await credentialsOf(vendor, app.id);
    expect(second.clientSecret).toMatch(SECRET);
    expect(second.clientSecret).not.toBe(first.clientSecret);
    expect(second.sharedSecret).toBe(first.sharedSecret);

    expect((await vendor.POST(REGENERATE_SHARED, { body: { appId: app.id } })).response.status).toBe(201);
    const third = await credentialsOf(vendor, app.id);
    expect(third.clientSecret).toBe(second.clientSecret);
    expect(third.sharedSecret).not.toBe(second.sharedSecret);

    // Another application's secrets are its own.
    const other = await credentialsOf(vendor, (await createApp(vendor)).id);
    expect([other.clientSecret, other.sharedSecret]).not.toContain(third.clientSecret);
  });

  it('regenerating before any reading makes the credentials', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor);
    expect((await vendor.POST(REGENERATE_SHARED, { body: { appId: app.id } })).response.status).toBe(201);
    expect(await credentialsOf(vendor, app.id)).toEqual({ clientSecret: expect.stringMatching(SECRET), sharedSecret: expect.stringMatching(SECRET) });
  });

  it('are kept sealed under NESTEGG_SECRETS_KEY, bound to their application', async () => {
    const { vendor } = await vendorWithDefault(server);
    const [app, other] = [await createApp(vendor), await createApp(vendor)];
    const credentials = await credentialsOf(vendor, app.id);
    await credentialsOf(vendor, other.id);
    const row = await server.db('application_credentials').where({ application_id: app.id }).first();
    for (const column of ['client_secret', 'shared_secret'] as const) {
      expect(row[column]).toMatch(/^sealed:v1:/);
      expect(row[column]).not.toContain(credentials.clientSecret);
      expect(row[column]).not.toContain(credentials.sharedSecret);
    }
    // A process without the key, or with another one, cannot read them: 503 naming the cause.
    for (const box of [createSecretBox(undefined), createSecretBox(randomBytes(32))]) {
      const service = createApplicationSecretsService(server.db, server.bootstrap.id, box);
      await expect(service.credentials(app.id)).rejects.toMatchObject({ kind: 'unavailable', code: 'ER-04021' });
    }
    // A sealed secret copied onto another application's row does not open there.
    await server.db('application_credentials').where({ application_id: other.id }).update({ client_secret: row.client_secret });
    const moved = await vendor.GET(CREDENTIALS, { params: { path: { appId: other.id } } });
    expect(moved.response.status).toBe(503);
    expect(moved.error).toMatchObject({ errorCode: 'ER-04021' });
  });

  it('are kept as given by a server without NESTEGG_SECRETS_KEY', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor);
    const credentials = await createApplicationSecretsService(server.db, server.bootstrap.id, createSecretBox(undefined)).credentials(app.id);
    const row = await server.db('application_credentials').where({ application_id: app.id }).first();
    expect(row).toMatchObject({ client_secret: credentials.clientSecret, shared_secret: credentials.sharedSecret });
    // A server that has a key since still reads them.
    expect(await credentialsOf(vendor, app.id)).toEqual(credentials);
  });

  it('go with their application', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor);
    await credentialsOf(vendor, app.id);
    expect((await vendor.DELETE(APP, { params: { path: { id: app.id } } })).response.status).toBe(200);
    expect(await server.db('application_credentials').where({ application_id: app.id })).toEqual([]);
    expect((await vendor.GET(CREDENTIALS, { params: { path: { appId: app.id } } })).response.status).toBe(404);
  });

  it('answer 404 for an unknown application, 400 for a malformed id or body, 401 without the environment token', async () => {
    const { vendor, admin } = await appsAccount(server);
    const unknown = randomUUID();
    const read = await vendor.GET(CREDENTIALS, { params: { path: { appId: unknown } } });
    expect(read.response.status).toBe(404);
    expect(read.error).toMatchObject({ errorCode: 'ER-04001', errors: [`Application not found: ${unknown}`] });
    for (const route of [REGENERATE, REGENERATE_SHARED] as const) {
      expect((await vendor.POST(route, { body: { appId: unknown } })).response.status).toBe(404);
      expect((await vendor.POST(route, { body: { appId: 'not-a-uuid' } })).response.status).toBe(400);
      expect((await vendor.POST(route, { body: {} as never })).error?.errors[0]).toMatch(/appId/);
      expect((await admin.client.POST(route, { body: { appId: unknown } })).response.status).toBe(401);
    }
    expect((await vendor.GET(CREDENTIALS, { params: { path: { appId: 'nope' } } })).response.status).toBe(400);
    expect((await server.client.GET(CREDENTIALS, { params: { path: { appId: unknown } } })).response.status).toBe(401);
    expect((await admin.client.GET(CREDENTIALS, { params: { path: { appId: unknown } } })).response.status).toBe(401);
  });
});

describe('application clients', () => {
  it('are created with a secret, read, listed oldest first, changed and deleted', async () => {
    const { vendor } = await vendorWithDefault(server);
    const app = await createApp(vendor, { type: 'agent' });
    const created = await vendor.POST(CLIENTS, {
      body: {
        appId: app.id,
        clientName: '  Support agent ',
        clientType: 'Agent',
        redirectURLs: ['https://agent.example.com/callback', 'http://localhost:8788/cb', 'com.example.agent:/oauth', 'https://agent.example.com/callback'],
        externalMetadata: { team: 'support', seats: 3, beta: true },
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      appId: app.id,
      clientName: 'Support agent',
      clientSecret: expect.stringMatching(SECRET),
      clientType: 'Agent',
      redirectURLs: ['https://agent.example.com/callback', 'http://localhost:8788/cb', 'com.example.agent:/oauth'],
      externalMetadata: { team: 'support', seats: 3, beta: true },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const client = created.data!;
    const stored = await server.db('application_clients').where({ id: client.id }).first('client_secret');
    expect(stored.client_secret).toMatch(/^sealed:v1:/);
    expect(stored.client_secret).not.toContain(client.clientSecret);

    const read = await vendor.GET(CLIENT, { params: { path: { id: client.id } } });
    expect(read.data).toEqual(client);
    const second = (await vendor.POST(CLIENTS, { body: { appId: app.id, clientName: 'Second', clientType: 'Agent' } })).data!;
    expect(second).toMatchObject({ redirectURLs: [], externalMetadata: null });
    expect(second.clientSecret).not.toBe(client.clientSecret);
    const listed = await vendor.GET(CLIENTS_OF_APP, { params: { path: { appId: app.id } } });
    expect(listed.data?.map((each) => each.id)).toEqual([client.id, second.id]);
    expect(listed.data?.[0]).toEqual(client);

    const changed = await vendor.PATCH(CLIENT, {
      params: { path: { id: client.id } },
      body: { clientName: 'Renamed', redirectURLs: ['https://new.example.com/cb'], externalMetadata: { team: 'sales' } },
    });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toEqual({
      ...client,
      clientName: 'Renamed',
      redirectURLs: ['https://new.example.com/cb'],
      externalMetadata: { team: 'sales' },
      updatedAt: expect.any(String),
    });
    expect((await vendor.PATCH(CLIENT, { params: { path: { id: client.id } }, body: {} })).data).toMatchObject({ clientName: 'Renamed' });

    expect((await vendor.DELETE(CLIENT, { params: { path: { id: client.id } } })).response.status).toBe(204);
    expect((await vendor.GET(CLIENT, { params: { path: { id: client.id } } })).response.status).toBe(404);
    expect((await vendor.DELETE(CLIENT, { params: { path: { id: client.id } } })).response.status).toBe(404);
    expect((await vendor.GET(CLIENTS_OF_APP, { params: { path: { appId: app.id } } })).data?.map((each) => each.id)).toEqual([second.id]);
  });

  it('belong to the default application when no appId is given, and go with their application', async () => {
    const { vendor } = await vendorWithDefault(server);
    const defaultApp = (await vendor.GET('/applications/resources/applications/v1/default', {})).data!;
    const client = (await vendor.POST(CLIENTS, { body: { clientName: 'Default agent', clientType: 'Agent' } })).data!;
    expect(client.appId).toBe(defaultApp.id);
    await vendor.DELETE(CLIENT, { params: { path: { id: client.id } } });

    const app = await createApp(vendor);
    const owned = (await vendor.POST(CLIENTS, { body: { appId: app.id, clientName: 'Owned', clientType: 'Agent' } })).data!;
    await vendor.DELETE(APP, { params: { path: { id: app.id } } });
    expect((await vendor.GET(CLIENT, { params: { path: { id: owned.id } } })).response.status).toBe(404);
    expect((await vendor.GET(CLIENTS_OF_APP, { params: { path: { appId: app.id } } })).response.status).toBe(404);
  });

  it('refuse a redirect URL a code must not go to, naming it', async () => {
    const { vendor } = await vendorWithDefault(server);
    const refused: [string, RegExp][] = [
      ['/relative/callback', /not an absolute URL/],
      ['https://agent.example.com/cb#frag', /fragment/],
      ['http://agent.example.com/cb', /http: on a host other than localhost/],
      ['javascript:alert(1)', /javascript:/],
      ['data:text/html,hi', /data:/],
    ];
    for (const [url, reason] of refused) {
      const created = await vendor.POST(CLIENTS, { body: { clientName: 'x', clientType: 'Agent', redirectURLs: ['https://ok.example.com/cb', url] } });
      expect(created.response.status).toBe(400);
      expect(created.error).toMatchObject({ errorCode: 'ER-04022' });
      expect(created.error?.errors[0]).toContain(`"${url}"`);
      expect(created.error?.errors[0]).toMatch(reason);
    }
    const client = (await vendor.POST(CLIENTS, { body: { clientName: 'x', clientType: 'Agent' } })).data!;
    const patched = await vendor.PATCH(CLIENT, { params: { path: { id: client.id } }, body: { redirectURLs: ['http://evil.example.com/'] } });
    expect(patched.response.status).toBe(400);
    expect((await vendor.GET(CLIENT, { params: { path: { id: client.id } } })).data?.redirectURLs).toEqual([]);
  });

  it('answer 400 for a bad body, 404 for an unknown client or application, 401 without the environment token', async () => {
    const { vendor, admin } = await appsAccount(server);
    const bad = [
      { clientName: '   ', clientType: 'Agent' },
      { clientName: 'x', clientType: 'Robot' },
      { clientType: 'Agent' },
      { clientName: 'x', clientType: 'Agent', externalMetadata: { nested: { no: 1 } } },
      { clientName: 'x', clientType: 'Agent', extra: true },
      { clientName: 'x', clientType: 'Agent', appId: 'nope' },
    ];
    for (const body of bad) {
      const created = await vendor.POST(CLIENTS, { body: body as never });
      expect(created.response.status).toBe(400);
      expect(created.error?.errors.length).toBeGreaterThan(0);
    }
    const unknown = randomUUID();
    const noApp = await vendor.POST(CLIENTS, { body: { appId: unknown, clientName: 'x', clientType: 'Agent' } });
    expect(noApp.response.status).toBe(404);
    expect(noApp.error).toMatchObject({ errorCode: 'ER-04001' });
    expect((await vendor.GET(CLIENTS_OF_APP, { params: { path: { appId: unknown } } })).response.status).toBe(404);
    const missing = await vendor.GET(CLIENT, { params: { path: { id: unknown } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ errorCode: 'ER-04020', errors: [`Application client not found: ${unknown}`] });
    expect((await vendor.PATCH(CLIENT, { params: { path: { id: unknown } }, body: { clientName: 'y' } })).response.status).toBe(404);
    expect((await vendor.DELETE(CLIENT, { params: { path: { id: unknown } } })).response.status).toBe(404);
    expect((await vendor.GET(CLIENT, { params: { path: { id: 'nope' } } })).response.status).toBe(400);
    const body = { clientName: 'x', clientType: 'Agent' as const };
    expect((await server.client.POST(CLIENTS, { body })).response.status).toBe(401);
    expect((await admin.client.POST(CLIENTS, { body })).response.status).toBe(401);
  });
});
