import { randomUUID } from 'node:crypto';
import { createNesteggClient } from '../../../client';
import { login } from '../../support/fixtures';
import { useTestServer } from '../../support/server';
import { ACCOUNT_SETTINGS, PUBLIC_ACCOUNT_SETTINGS, TENANT_V2, accountWithMembers } from '../../support/tenants';

const server = useTestServer();

const EMPTY = { address: null, timezone: null, dateFormat: null, timeFormat: null, currency: null, logo: null, logoUrl: null, applicationUrl: null };

describe('GET /tenants/resources/account-settings/v1', () => {
  it("answers the settings of the caller's own account, whatever frontegg-tenant-id a user token sends", async () => {
    const mine = await accountWithMembers(server);
    const other = await accountWithMembers(server);
    await other.vendor.PUT(TENANT_V2, { params: { path: { tenantId: other.tenant.tenantId } }, body: { timezone: 'Asia/Tokyo' } });
    const read = await mine.readOnly.client.GET(ACCOUNT_SETTINGS, { params: { header: { 'frontegg-tenant-id': other.tenant.tenantId } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({ id: mine.tenant.id, ...EMPTY });
    const asEnvironment = await other.asEnvironment.GET(ACCOUNT_SETTINGS, {});
    expect(asEnvironment.data).toEqual({ id: other.tenant.id, ...EMPTY, timezone: 'Asia/Tokyo' });
  });

  it('answers 400 to an environment token without frontegg-tenant-id, 404 for an unknown account, 401 without a token', async () => {
    const { vendor } = await accountWithMembers(server);
    const without = await vendor.GET(ACCOUNT_SETTINGS, {});
    expect(without.response.status).toBe(400);
    expect(without.error?.errorCode).toBe('ER-03002');
    const unknown = await vendor.GET(ACCOUNT_SETTINGS, { params: { header: { 'frontegg-tenant-id': randomUUID() } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.errorCode).toBe('ER-02001');
    expect((await server.client.GET(ACCOUNT_SETTINGS, {})).response.status).toBe(401);
  });

  it('answers 403 to a member without fe.account-settings.read.app', async () => {
    const { tenant, admin } = await accountWithMembers(server);
    await server.db('user_tenant_roles').where({ user_id: admin.id, tenant_id: tenant.tenantId }).del();
    const session = await login(server, admin.email);
    const noRoles = createNesteggClient({ baseUrl: server.url, accessToken: session.accessToken });
    const refused = await noRoles.GET(ACCOUNT_SETTINGS, {});
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.account-settings\.read\.app/);
    expect((await noRoles.GET(PUBLIC_ACCOUNT_SETTINGS, {})).response.status).toBe(200);
  });
});

describe('PUT /tenants/resources/account-settings/v1', () => {
  it("changes only the settings sent, in the caller's own account", async () => {
    const mine = await accountWithMembers(server);
    const other = await accountWithMembers(server);
    const updated = await mine.admin.client.PUT(ACCOUNT_SETTINGS, {
      params: { header: { 'frontegg-tenant-id': other.tenant.tenantId } },
      body: { timezone: 'Europe/Berlin', dateFormat: 'DD/MM/YYYY', applicationUrl: 'https://app.example' },
    });
    expect(updated.response.status).toBe(200);
    expect(updated.data).toEqual({ id: mine.tenant.id, ...EMPTY, timezone: 'Europe/Berlin', dateFormat: 'DD/MM/YYYY', applicationUrl: 'https://app.example' });
    const again = await mine.admin.client.PUT(ACCOUNT_SETTINGS, { body: { currency: 'EUR' } });
    expect(again.data).toMatchObject({ timezone: 'Europe/Berlin', currency: 'EUR' });
    const tenant = await mine.vendor.GET(TENANT_V2, { params: { path: { tenantId: mine.tenant.tenantId } } });
    expect(tenant.data).toMatchObject({ timezone: 'Europe/Berlin', dateFormat: 'DD/MM/YYYY', currency: 'EUR', applicationUrl: 'https://app.example' });
    expect((await other.readOnly.client.GET(ACCOUNT_SETTINGS, {})).data).toEqual({ id: other.tenant.id, ...EMPTY });
  });

  it('clears the settings sent as null, as the Admin Portal sends those the account has none of', async () => {
    const mine = await accountWithMembers(server);
    await mine.admin.client.PUT(ACCOUNT_SETTINGS, { body: { timezone: 'Europe/Berlin', currency: 'EUR' } });
    const saved = await mine.admin.client.PUT(ACCOUNT_SETTINGS, { body: { ...EMPTY, timezone: 'Europe/Paris', currency: null } });
    expect(saved.response.status).toBe(200);
    expect(saved.data).toEqual({ id: mine.tenant.id, ...EMPTY, timezone: 'Europe/Paris' });
  });

  it('with an environment token changes the account of frontegg-tenant-id', async () => {
    const { asEnvironment, tenant } = await accountWithMembers(server);
    const updated = await asEnvironment.PUT(ACCOUNT_SETTINGS, { body: { address: '1 Main St' } });
    expect(updated.response.status).toBe(200);
    expect(updated.data).toEqual({ id: tenant.id, ...EMPTY, address: '1 Main St' });
  });

  it('answers 400 for an empty body, bad values or unstorable text, 403 without fe.account-settings.write.app, 404 for an unknown account, 401 without a token', async () => {
    const { admin, readOnly, vendor } = await accountWithMembers(server);
    expect((await admin.client.PUT(ACCOUNT_SETTINGS, { body: {} })).response.status).toBe(400);
    expect((await admin.client.PUT(ACCOUNT_SETTINGS, { body: { name: 'x' } as never })).response.status).toBe(400);
    expect((await admin.client.PUT(ACCOUNT_SETTINGS, { body: { currency: 'x'.repeat(17) } })).response.status).toBe(400);
    const nul = await admin.client.PUT(ACCOUNT_SETTINGS, { body: { address: 'a\u0000' } });
    expect(nul.response.status).toBe(400);
    expect(nul.error?.errorCode).toBe('ER-02106');
    const refused = await readOnly.client.PUT(ACCOUNT_SETTINGS, { body: { currency: 'USD' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.errors[0]).toMatch(/fe\.account-settings\.write\.app/);
    const unknown = await vendor.PUT(ACCOUNT_SETTINGS, { params: { header: { 'frontegg-tenant-id': randomUUID() } }, body: { currency: 'USD' } });
    expect(unknown.response.status).toBe(404);
    expect((await server.client.PUT(ACCOUNT_SETTINGS, { body: { currency: 'USD' } })).response.status).toBe(401);
  });
});

describe('GET /tenants/resources/account-settings/v1/public', () => {
  it("answers the public settings of the caller's own account to any member", async () => {
    const mine = await accountWithMembers(server);
    const other = await accountWithMembers(server);
    await mine.admin.client.PUT(ACCOUNT_SETTINGS, { body: { logoUrl: 'https://cdn.example/logo.png', timezone: 'UTC' } });
    const read = await mine.readOnly.client.GET(PUBLIC_ACCOUNT_SETTINGS, { params: { header: { 'frontegg-tenant-id': other.tenant.tenantId } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({
      id: mine.tenant.id,
      tenantId: mine.tenant.tenantId,
      logo: null,
      logoUrl: 'https://cdn.example/logo.png',
      applicationUrl: null,
    });
    expect((await other.asEnvironment.GET(PUBLIC_ACCOUNT_SETTINGS, {})).data).toEqual({
      id: other.tenant.id,
      tenantId: other.tenant.tenantId,
      logo: null,
      logoUrl: null,
      applicationUrl: null,
    });
  });

  it('answers 400 to an environment token without frontegg-tenant-id, 404 for an unknown account, 401 without a token', async () => {
    const { vendor } = await accountWithMembers(server);
    expect((await vendor.GET(PUBLIC_ACCOUNT_SETTINGS, {})).response.status).toBe(400);
    expect((await vendor.GET(PUBLIC_ACCOUNT_SETTINGS, { params: { header: { 'frontegg-tenant-id': randomUUID() } } })).response.status).toBe(404);
    expect((await server.client.GET(PUBLIC_ACCOUNT_SETTINGS, {})).response.status).toBe(401);
  });

  it('without a token, answers the account whose alias frontegg-login-alias names (any case); 404 for an unknown alias', async () => {
    const { vendor, tenant, admin } = await accountWithMembers(server);
    const alias = `a${randomUUID().slice(0, 8)}`;
    await vendor.PUT(TENANT_V2, { params: { path: { tenantId: tenant.tenantId } }, body: { alias } });
    await admin.client.PUT(ACCOUNT_SETTINGS, { body: { applicationUrl: 'https://acme.example/app' } });
    const read = await server.client.GET(PUBLIC_ACCOUNT_SETTINGS, { params: { header: { 'frontegg-login-alias': alias.toUpperCase() } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({ id: tenant.id, tenantId: tenant.tenantId, logo: null, logoUrl: null, applicationUrl: 'https://acme.example/app' });
    const unknown = await server.client.GET(PUBLIC_ACCOUNT_SETTINGS, { params: { header: { 'frontegg-login-alias': `z${randomUUID().slice(0, 8)}` } } });
    expect(unknown.response.status).toBe(404);
    const badToken = createNesteggClient({ baseUrl: server.url, accessToken: 'not-a-token' });
    expect((await badToken.GET(PUBLIC_ACCOUNT_SETTINGS, { params: { header: { 'frontegg-login-alias': alias } } })).response.status).toBe(401);
  });
});
