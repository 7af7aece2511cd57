import { randomUUID } from 'node:crypto';
import { createNesteggClient, type NesteggClient } from '../../../client';
import { sha256Hex } from '../../../server/lib/crypto';
import { createTenant, createUser } from '../../support/fixtures';
import { ADMIN_ROLE_ID, accountWithMembers, asUser, builtInPermissionId, claimsOf, createRole, memberWith, vendorIn } from '../../support/roles';
import { useTestServer, type TestServer } from '../../support/server';

/** Account API tokens and personal API tokens: management, exchange, refresh, expiry and deletion. */
const TENANT_V1 = '/identity/resources/tenants/api-tokens/v1';
const TENANT_V2 = '/identity/resources/tenants/api-tokens/v2';
const TENANT_ONE = '/identity/resources/tenants/api-tokens/v1/{id}';
const USER_TOKENS = '/identity/resources/users/api-tokens/v1';
const USER_ONE = '/identity/resources/users/api-tokens/v1/{id}';
const EXCHANGE_V2 = '/identity/resources/auth/v2/api-token';
const REFRESH_V2 = '/identity/resources/auth/v2/api-token/token/refresh';
const EXCHANGE_V1 = '/identity/resources/auth/v1/api-token';
const REFRESH_V1 = '/identity/resources/auth/v1/api-token/token/refresh';
const ME = '/identity/resources/users/v2/me';

const server = useTestServer();

const READ_APP = builtInPermissionId('fe.account-settings.read.app');
const WRITE_APP = builtInPermissionId('fe.account-settings.write.app');
const WRITE_USERS = builtInPermissionId('fe.secure.write.users');

async function exchange(srv: TestServer, clientId: string, secret: string) {
  return srv.client.POST(EXCHANGE_V2, { body: { clientId, secret } });
}

async function refresh(srv: TestServer, refreshToken: string) {
  return srv.client.POST(REFRESH_V2, { body: { refreshToken } });
}

/** An account token made by the account's admin, with the roles and permissions given. */
async function tenantToken(
  admin: NesteggClient,
  body: { roleIds?: string[]; permissionIds?: string[]; metadata?: Record<string, unknown>; expiresInMinutes?: number } = {},
) {
  const created = await admin.POST(TENANT_V2, { body });
  if (created.response.status !== 201 || !created.data) throw new Error(`create token failed: ${created.response.status} ${JSON.stringify(created.error)}`);
  return created.data;
}

describe('account API tokens', () => {
  it('creates (v1 and v2), lists without secrets, and exchanges for a tenantApiToken JWT with the roles, permissions and metadata given', async () => {
    const { tenant, admin, adminUser } = await accountWithMembers(server);
    const created = await admin.client.POST(TENANT_V2, {
      body: { description: 'CI deploys', metadata: { team: 'ops' }, roleIds: [ADMIN_ROLE_ID], permissionIds: [WRITE_USERS], expiresInMinutes: 60 },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      tenantId: tenant.tenantId,
      description: 'CI deploys',
      createdByUserId: adminUser.id,
      metadata: { team: 'ops' },
      roleIds: [ADMIN_ROLE_ID],
      permissionIds: [WRITE_USERS],
    });
    expect(created.data!.secret.length).toBeGreaterThanOrEqual(40);
    const expires = Date.parse(created.data!.expires!) - Date.parse(created.data!.createdAt);
    expect(Math.abs(expires - 3_600_000)).toBeLessThan(5_000);
    const v1 = await admin.client.POST(TENANT_V1, { body: {} });
    expect(v1.response.status).toBe(201);
    expect(v1.data).toMatchObject({ roleIds: [], permissionIds: [], metadata: {}, description: null });
    expect(v1.data).not.toHaveProperty('expires');

    const listed = await admin.client.GET(TENANT_V1, {});
    expect(listed.response.status).toBe(200);
    expect(listed.data?.map((token) => token.clientId)).toEqual([created.data!.clientId, v1.data!.clientId]);
    expect(listed.data?.some((token) => 'secret' in token)).toBe(false);
    // The secret is stored only as its hash.
    const stored = await server.db('api_tokens').where({ id: created.data!.clientId }).first('secret_hash');
    expect(stored.secret_hash).toBe(sha256Hex(created.data!.secret));

    const exchanged = await exchange(server, created.data!.clientId, created.data!.secret);
    expect(exchanged.response.status).toBe(200);
    expect(Object.keys(exchanged.data!).sort()).toEqual(['access_token', 'expires', 'expires_in', 'refresh_token']);
    expect(exchanged.data!.expires_in).toBe(300);
    const claims = claimsOf(exchanged.data!.access_token) as unknown as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: created.data!.clientId,
      type: 'tenantApiToken',
      tenantId: tenant.tenantId,
      roles: ['Admin'],
      metadata: { team: 'ops' },
      createdByUserId: adminUser.id,
      aud: server.clientId,
      iss: server.config.baseUrl,
    });
    expect(claims.permissions).toEqual(expect.arrayContaining(['fe.account-settings.read.app', 'fe.secure.write.users']));
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);

    const legacy = await server.client.POST(EXCHANGE_V1, { body: { clientId: v1.data!.clientId, secret: v1.data!.secret } });
    expect(legacy.response.status).toBe(200);
    expect(Object.keys(legacy.data!).sort()).toEqual(['accessToken', 'expires', 'expiresIn', 'refreshToken']);
    expect(claimsOf(legacy.data!.accessToken)).toMatchObject({ type: 'tenantApiToken', roles: [], permissions: [] });
  });

  it('refreshes with rotation: a used refresh token fails; v1 refresh answers in camelCase', async () => {
    const { admin } = await accountWithMembers(server);
    const token = await tenantToken(admin.client, { roleIds: [ADMIN_ROLE_ID] });
    const first = (await exchange(server, token.clientId, token.secret)).data!;
    const second = await refresh(server, first.refresh_token);
    expect(second.response.status).toBe(200);
    expect(claimsOf(second.data!.access_token)).toMatchObject({ sub: token.clientId, type: 'tenantApiToken', roles: ['Admin'] });
    expect(second.data!.refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh(server, first.refresh_token);
    expect(reused.response.status).toBe(401);
    expect(reused.error?.errorCode).toBe('ER-07008');
    const legacy = await server.client.POST(REFRESH_V1, { body: { refreshToken: second.data!.refresh_token } });
    expect(legacy.response.status).toBe(200);
    expect(claimsOf(legacy.data!.accessToken).sub).toBe(token.clientId);
    expect((await refresh(server, 'not-a-refresh-token')).response.status).toBe(401);
    expect((await refresh(server, first.access_token)).response.status).toBe(401);
  });

  it('answers a wrong secret and an unknown client id with the same 401', async () => {
    const { admin } = await accountWithMembers(server);
    const token = await tenantToken(admin.client);
    const wrong = await exchange(server, token.clientId, `${token.secret}x`);
    const unknown = await exchange(server, randomUUID(), token.secret);
    const malformed = await exchange(server, 'not-a-uuid', token.secret);
    for (const answer of [wrong, unknown, malformed]) {
      expect(answer.response.status).toBe(401);
      expect(answer.error).toEqual({ errors: ['Invalid authentication'], errorCode: 'ER-01001' });
    }
    expect((await server.client.POST(EXCHANGE_V2, { body: { clientId: token.clientId } as never })).response.status).toBe(400);
  });

  it('never gives more than the creator holds; unknown or foreign role ids are 400; the environment may give any visible role', async () => {
    const { vendor, tenant } = await accountWithMembers(server);
    const writer = await createRole(vendor, { tenantId: tenant.tenantId, permissionIds: [WRITE_APP] });
    const maker = await memberWith(server, vendor, tenant.tenantId, writer.id);

    const admin = await maker.client.POST(TENANT_V2, { body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(admin.response.status).toBe(403);
    expect(admin.error?.errors[0]).toContain('Admin');
    const permission = await maker.client.POST(TENANT_V2, { body: { permissionIds: [WRITE_USERS] } });
    expect(permission.response.status).toBe(403);
    expect(permission.error?.errors[0]).toContain('fe.secure.write.users');
    const own = await maker.client.POST(TENANT_V1, { body: { roleIds: [writer.id], permissionIds: [WRITE_APP] } });
    expect(own.response.status).toBe(201);

    const unknownRole = await maker.client.POST(TENANT_V2, { body: { roleIds: [randomUUID()] } });
    expect(unknownRole.response.status).toBe(400);
    expect(unknownRole.error?.errorCode).toBe('ER-03001');
    expect((await maker.client.POST(TENANT_V2, { body: { roleIds: ['not-a-uuid'] } })).response.status).toBe(400);
    const otherTenant = await createTenant(vendor);
    const foreignRole = await createRole(vendor, { tenantId: otherTenant.tenantId });
    expect((await maker.client.POST(TENANT_V2, { body: { roleIds: [foreignRole.id] } })).response.status).toBe(400);
    const unknownPermission = await maker.client.POST(TENANT_V2, { body: { permissionIds: [randomUUID()] } });
    expect(unknownPermission.response.status).toBe(400);
    expect(unknownPermission.error?.errorCode).toBe('ER-03009');
    expect((await maker.client.POST(TENANT_V2, { body: { expiresInMinutes: 0 } })).response.status).toBe(400);

    // A member without the write permission cannot make tokens at all.
    const reader = await memberWith(server, vendor, tenant.tenantId);
    expect((await reader.client.POST(TENANT_V2, { body: {} })).response.status).toBe(403);

    // The environment token (in the account) may give any role the account sees.
    const { token: vendorToken } = await import('../../support/fixtures').then((fixtures) => fixtures.asVendor(server));
    const byVendor = await vendorIn(server, vendorToken, tenant.tenantId).POST(TENANT_V2, { body: { roleIds: [ADMIN_ROLE_ID] } });
    expect(byVendor.response.status).toBe(201);
    expect(byVendor.data?.createdByUserId).toBeNull();
    expect((await vendorIn(server, vendorToken, `t-${randomUUID()}`).POST(TENANT_V2, { body: {} })).response.status).toBe(404);
  });

  it('changes metadata, roles and permissions (same checks), and deleting stops exchange and refresh at once; another account sees 404', async () => {
    const { admin } = await accountWithMembers(server);
    const token = await tenantToken(admin.client, { roleIds: [ADMIN_ROLE_ID], metadata: { a: 1 } });
    const session = (await exchange(server, token.clientId, token.secret)).data!;

    const changed = await admin.client.PATCH(TENANT_ONE, {
      params: { path: { id: token.clientId } },
      body: { metadata: { a: 2 }, roleIds: [], permissionIds: [READ_APP] },
    });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toMatchObject({ metadata: { a: 2 }, roleIds: [], permissionIds: [READ_APP] });
    const after = (await exchange(server, token.clientId, token.secret)).data!;
    expect(claimsOf(after.access_token)).toMatchObject({ roles: [], permissions: ['fe.account-settings.read.app'], metadata: { a: 2 } } as never);
    expect((await admin.client.PATCH(TENANT_ONE, { params: { path: { id: token.clientId } }, body: { roleIds: [randomUUID()] } })).response.status).toBe(400);

    const other = await accountWithMembers(server);
    expect((await other.admin.client.PATCH(TENANT_ONE, { params: { path: { id: token.clientId } }, body: { metadata: {} } })).response.status).toBe(404);
    expect((await other.admin.client.DELETE(TENANT_ONE, { params: { path: { id: token.clientId } } })).response.status).toBe(404);
    expect(await other.admin.client.GET(TENANT_V1, {}).then((answer) => answer.data)).toEqual([]);

    const removed = await admin.client.DELETE(TENANT_ONE, { params: { path: { id: token.clientId } } });
    expect(removed.response.status).toBe(200);
    expect((await exchange(server, token.clientId, token.secret)).response.status).toBe(401);
    expect((await refresh(server, session.refresh_token)).response.status).toBe(401);
    expect((await refresh(server, after.refresh_token)).response.status).toBe(401);
    expect((await admin.client.DELETE(TENANT_ONE, { params: { path: { id: token.clientId } } })).response.status).toBe(404);
    expect((await admin.client.DELETE(TENANT_ONE, { params: { path: { id: 'not-a-uuid' } } })).response.status).toBe(404);
    expect((await admin.client.PATCH(TENANT_ONE, { params: { path: { id: token.clientId } }, body: {} })).response.status).toBe(404);
  });

  it('expires by the database clock: exchange, refresh and listing stop', async () => {
    const { admin } = await accountWithMembers(server);
    const token = await tenantToken(admin.client, { expiresInMinutes: 60 });
    const session = (await exchange(server, token.clientId, token.secret)).data!;
    await server
      .db('api_tokens')
      .where({ id: token.clientId })
      .update({ expires_at: server.db.raw(`now() - interval '1 second'`) });
    expect((await exchange(server, token.clientId, token.secret)).response.status).toBe(401);
    expect((await refresh(server, session.refresh_token)).response.status).toBe(401);
    expect((await admin.client.GET(TENANT_V1, {})).data).toEqual([]);
  });

  it('keeps at most 100 live refresh tokens per API token: the oldest goes', async () => {
    const { admin } = await accountWithMembers(server);
    const token = await tenantToken(admin.client);
    const oldest = (await exchange(server, token.clientId, token.secret)).data!;
    const second = (await exchange(server, token.clientId, token.secret)).data!;
    await server
      .db('api_token_refresh_tokens')
      .insert(Array.from({ length: 98 }, () => ({ api_token_id: token.clientId, token_hash: sha256Hex(randomUUID()) })));
    const count = async () =>
      Number((await server.db('api_token_refresh_tokens').where({ api_token_id: token.clientId }).count<{ count: string }[]>('seq as count'))[0].count);
    expect(await count()).toBe(100);
    const newest = (await exchange(server, token.clientId, token.secret)).data!;
    expect(await count()).toBe(100);
    expect((await refresh(server, oldest.refresh_token)).response.status).toBe(401);
    expect((await refresh(server, second.refresh_token)).response.status).toBe(200);
    expect((await refresh(server, newest.refresh_token)).response.status).toBe(200);
  });

  it('keeps the cap under concurrent exchanges of one token: exactly 100 stay, the newest ones', async () => {
    const { admin } = await accountWithMembers(server);
    const token = await tenantToken(admin.client);
    await server
      .db('api_token_refresh_tokens')
      .insert(Array.from({ length: 99 }, () => ({ api_token_id: token.clientId, token_hash: sha256Hex(randomUUID()) })));
    const exchanged = await Promise.all(Array.from({ length: 8 }, () => exchange(server, token.clientId, token.secret)));
    expect(exchanged.map((answer) => answer.response.status)).toEqual(Array(8).fill(200));
    const kept: string[] = (await server.db('api_token_refresh_tokens').where({ api_token_id: token.clientId }).select('token_hash')).map(
      (row: { token_hash: string }) => row.token_hash,
    );
    expect(kept).toHaveLength(100);
    for (const answer of exchanged) expect(kept).toContain(sha256Hex(answer.data!.refresh_token));
  });

  it('a tenantApiToken JWT reads the account token list with its own permissions, nowhere a user token belongs, and stops when deleted', async () => {
    const { admin } = await accountWithMembers(server);
    const reader = await tenantToken(admin.client, { permissionIds: [READ_APP] });
    const none = await tenantToken(admin.client);
    const readerJwt = (await exchange(server, reader.clientId, reader.secret)).data!.access_token;
    const noneJwt = (await exchange(server, none.clientId, none.secret)).data!.access_token;
    const listed = await asUser(server, readerJwt).GET(TENANT_V1, {});
    expect(listed.response.status).toBe(200);
    expect(listed.data?.map((token) => token.clientId)).toEqual([reader.clientId, none.clientId]);
    expect((await asUser(server, noneJwt).GET(TENANT_V1, {})).response.status).toBe(403);
    // Not a user token, and not a personal token.
    expect((await asUser(server, readerJwt).GET(ME, {})).response.status).toBe(401);
    expect((await asUser(server, readerJwt).GET(USER_TOKENS, {})).response.status).toBe(401);
    expect((await asUser(server, readerJwt).POST(TENANT_V2, { body: {} })).response.status).toBe(401);
    await admin.client.DELETE(TENANT_ONE, { params: { path: { id: reader.clientId } } });
    expect((await asUser(server, readerJwt).GET(TENANT_V1, {})).response.status).toBe(401);
  });
});

describe('personal API tokens', () => {
  it('a user creates, lists and deletes their own tokens; the exchange gives a userApiToken JWT with what the user holds', async () => {
    const { tenant, admin, adminUser, reader } = await accountWithMembers(server);
    const created = await admin.client.POST(USER_TOKENS, { body: { description: 'laptop', metadata: { device: 'mac' }, expiresInMinutes: 5_256_000 } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ description: 'laptop', metadata: { device: 'mac' } });
    expect(created.data?.secret).toBeTruthy();
    expect(created.data?.expires).toBeTruthy();
    expect((await admin.client.POST(USER_TOKENS, { body: { expiresInMinutes: 5_256_001 } })).response.status).toBe(400);
    const listed = await admin.client.GET(USER_TOKENS, {});
    expect(listed.data?.map((token) => token.clientId)).toEqual([created.data!.clientId]);
    expect(listed.data?.[0]).not.toHaveProperty('secret');
    expect((await reader.client.GET(USER_TOKENS, {})).data).toEqual([]);

    const exchanged = await exchange(server, created.data!.clientId, created.data!.secret);
    expect(exchanged.response.status).toBe(200);
    const claims = claimsOf(exchanged.data!.access_token) as unknown as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: created.data!.clientId,
      type: 'userApiToken',
      tenantId: tenant.tenantId,
      userId: adminUser.id,
      createdByUserId: adminUser.id,
      email: adminUser.email,
      roles: ['Admin'],
      metadata: { device: 'mac' },
    });
    // A userApiToken reads its user's tokens, and is refused where an account token or a user token belongs.
    const jwtClient = asUser(server, exchanged.data!.access_token);
    expect((await jwtClient.GET(USER_TOKENS, {})).data?.map((token) => token.clientId)).toEqual([created.data!.clientId]);
    expect((await jwtClient.GET(TENANT_V1, {})).response.status).toBe(401);
    expect((await jwtClient.GET(ME, {})).response.status).toBe(401);

    // Another user, and another account, cannot delete it.
    expect((await reader.client.DELETE(USER_ONE, { params: { path: { id: created.data!.clientId } } })).response.status).toBe(404);
    const other = await accountWithMembers(server);
    expect((await other.admin.client.DELETE(USER_ONE, { params: { path: { id: created.data!.clientId } } })).response.status).toBe(404);
    // A personal token is not an account token.
    expect((await admin.client.DELETE(TENANT_ONE, { params: { path: { id: created.data!.clientId } } })).response.status).toBe(404);

    expect((await admin.client.DELETE(USER_ONE, { params: { path: { id: created.data!.clientId } } })).response.status).toBe(200);
    expect((await exchange(server, created.data!.clientId, created.data!.secret)).response.status).toBe(401);
    expect((await refresh(server, exchanged.data!.refresh_token)).response.status).toBe(401);
    expect((await admin.client.DELETE(USER_ONE, { params: { path: { id: created.data!.clientId } } })).response.status).toBe(404);
  });

  it('the environment acts for a user with the headers; the token stops when its user leaves the account or is deleted', async () => {
    const { vendor, tenant } = await accountWithMembers(server);
    const { token: vendorToken } = await import('../../support/fixtures').then((fixtures) => fixtures.asVendor(server));
    const leaving = await createUser(vendor, tenant.tenantId);
    const asEnvironment = (userId: string) =>
      createNesteggClient({ baseUrl: server.url, accessToken: vendorToken, headers: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': userId } });
    const created = await asEnvironment(leaving.id).POST(USER_TOKENS, { body: {} });
    expect(created.response.status).toBe(201);
    const session = (await exchange(server, created.data!.clientId, created.data!.secret)).data!;
    expect(claimsOf(session.access_token)).toMatchObject({ userId: leaving.id, roles: ['ReadOnly'] } as never);
    expect((await asEnvironment(randomUUID()).POST(USER_TOKENS, { body: {} })).response.status).toBe(404);
    expect((await asEnvironment('not-a-uuid').POST(USER_TOKENS, { body: {} })).response.status).toBe(404);

    const removed = await vendorIn(server, vendorToken, tenant.tenantId).DELETE('/identity/resources/users/v1/{userId}', {
      params: { path: { userId: leaving.id } },
    });
    expect(removed.response.status).toBe(200);
    expect((await exchange(server, created.data!.clientId, created.data!.secret)).response.status).toBe(401);
    expect((await refresh(server, session.refresh_token)).response.status).toBe(401);
    expect((await asUser(server, session.access_token).GET(USER_TOKENS, {})).response.status).toBe(401);
  });
});
