import { randomUUID } from 'node:crypto';
import { asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { ADMIN_ROLE_ID, claimsOf, REFRESH } from '../../support/roles';
import { useTestServer } from '../../support/server';

/**
 * JWT templates and their targeting. The targeting is environment-wide: this file runs on a server
 * with its own embedded database.
 */
const server = useTestServer({ databaseUrl: undefined });

const TEMPLATES = '/identity/resources/jwt-templates/v1';
const TEMPLATE = '/identity/resources/jwt-templates/v1/{id}';
const TARGETING = '/identity/resources/configurations/v1/jwt-template-targeting';
const TARGETING_ID = '/identity/resources/configurations/v1/jwt-template-targeting/{id}';

const template = (key: string, claims: Record<string, unknown>, expiration = 600) => ({
  key,
  name: `Template ${key}`,
  expiration,
  algorithm: 'RS256' as const,
  templateSchema: { claims },
});

const tokenClaims = (token: string) => claimsOf(token) as unknown as Record<string, unknown>;

describe('JWT templates', () => {
  it('are created, listed, read, changed and deleted; keys are unique; bad ids are 404', async () => {
    const { client: vendor } = await asVendor(server);
    const created = await vendor.POST(TEMPLATES, { body: { ...template('crud', { plan: 'gold' }), description: 'For tests' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      key: 'crud',
      name: 'Template crud',
      description: 'For tests',
      expiration: 600,
      algorithm: 'RS256',
      templateSchema: { claims: { plan: 'gold' } },
    });
    const id = created.data!.id;
    expect((await vendor.POST(TEMPLATES, { body: template('crud', {}) })).response.status).toBe(409);

    const second = (await vendor.POST(TEMPLATES, { body: template('crud-2', {}) })).data!;
    const page = await vendor.GET(TEMPLATES, { params: { query: { keys: 'crud,crud-2', _limit: 1, _sortBy: 'key', _order: 'DESC' } } });
    expect(page.data!.items.map((item) => item.key)).toEqual(['crud-2']);
    expect(page.data!._metadata).toEqual({ totalItems: 2, totalPages: 2 });
    expect((await vendor.GET(TEMPLATES, { params: { query: { ids: `${id},not-a-uuid` } } })).data!.items.map((item) => item.id)).toEqual([id]);

    expect((await vendor.GET(TEMPLATE, { params: { path: { id } } })).data!.key).toBe('crud');
    const changed = await vendor.PUT(TEMPLATE, { params: { path: { id } }, body: { name: 'Renamed', expiration: 1200 } });
    expect(changed.data).toMatchObject({ key: 'crud', name: 'Renamed', expiration: 1200, templateSchema: { claims: { plan: 'gold' } } });
    expect((await vendor.PUT(TEMPLATE, { params: { path: { id } }, body: { key: 'crud-2' } })).response.status).toBe(409);

    expect((await vendor.DELETE(TEMPLATE, { params: { path: { id: second.id } } })).response.status).toBe(204);
    for (const missing of [second.id, randomUUID(), 'not-a-uuid']) {
      expect((await vendor.GET(TEMPLATE, { params: { path: { id: missing } } })).response.status).toBe(404);
      expect((await vendor.DELETE(TEMPLATE, { params: { path: { id: missing } } })).response.status).toBe(404);
    }
  });

  it('can never set or remove the claims every token keeps; bad placeholders and values are 400', async () => {
    const { client: vendor } = await asVendor(server);
    for (const claim of ['sub', 'type', 'tenantId', 'iss', 'aud', 'exp', 'iat', 'sid']) {
      const answer = await vendor.POST(TEMPLATES, { body: template(`reserved-${claim}`, { [claim]: 'x' }) });
      expect(answer.response.status).toBe(400);
      expect(answer.error!.errors[0]).toContain(claim);
    }
    const unknown = await vendor.POST(TEMPLATES, { body: template('unknown-placeholder', { secret: '{{user.password_hash}}' }) });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error!.errors[0]).toContain('user.password_hash');
    expect((await vendor.POST(TEMPLATES, { body: template('too-short', {}, 5) })).response.status).toBe(400);
    expect((await vendor.POST(TEMPLATES, { body: { ...template('no-claims', {}), templateSchema: {} } as never })).response.status).toBe(400);
    const created = (await vendor.POST(TEMPLATES, { body: template('later', {}) })).data!;
    expect((await vendor.PUT(TEMPLATE, { params: { path: { id: created.id } }, body: { templateSchema: { claims: { exp: 1 } } } })).response.status).toBe(400);
    // Nothing half-made.
    expect((await vendor.GET(TEMPLATES, { params: { query: { keys: 'reserved-sub,unknown-placeholder,too-short,no-claims' } } })).data!.items).toEqual([]);
  });

  it('the targeting picks a template by the first rule that holds; the token gets its claims and lifetime', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor, 'Gold Corp');
    const admin = await createUser(vendor, tenant.tenantId, { metadata: JSON.stringify({ team: 'red' }) });
    const member = await createUser(vendor, tenant.tenantId);
    const outsider = await createUser(vendor, (await createTenant(vendor)).tenantId);
    await vendor.POST(TEMPLATES, {
      body: template(
        'admins',
        {
          plan: 'gold',
          who: '{{user.email}}',
          team: '{{user.metadata.team}}',
          account: '{{tenant.name}}',
          greeting: 'Hello {{user.name}}',
          permissions: '{{roles}}',
        },
        120,
      ),
    });
    await vendor.POST(TEMPLATES, { body: template('members', { plan: 'silver' }, 300) });

    const rules = [
      {
        conditionLogic: 'and' as const,
        treatment: 'admins',
        conditions: [
          { attribute: 'tenantId' as const, op: 'in_list' as const, value: { list: [tenant.tenantId] }, negate: false },
          { attribute: 'roleIds' as const, op: 'contains' as const, value: { value: ADMIN_ROLE_ID }, negate: false },
        ],
      },
      {
        conditionLogic: 'and' as const,
        treatment: 'members',
        conditions: [
          { attribute: 'userEmail' as const, op: 'ends_with' as const, value: { value: '@example.com' }, negate: false },
          { attribute: 'tenantId' as const, op: 'in_list' as const, value: { list: [tenant.tenantId] }, negate: false },
        ],
      },
    ];
    const created = await vendor.POST(TARGETING, { body: { rules } });
    expect(created.response.status).toBe(201);
    expect((await vendor.POST(TARGETING, { body: { rules } })).response.status).toBe(409);
    expect((await vendor.GET(TARGETING)).data!.targeting.rules).toHaveLength(2);

    const adminSession = await login(server, admin.email);
    const adminClaims = tokenClaims(adminSession.accessToken);
    expect(adminClaims).toMatchObject({
      plan: 'gold',
      who: admin.email,
      team: 'red',
      account: 'Gold Corp',
      greeting: 'Hello Test User',
      permissions: ['Admin'],
      sub: admin.id,
      type: 'userToken',
      tenantId: tenant.tenantId,
    });
    expect(Number(adminClaims.exp) - Number(adminClaims.iat)).toBe(120);
    expect(adminSession.expiresIn).toBe(120);
    // A refresh follows the template too.
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: adminSession.refreshToken } });
    expect(tokenClaims(refreshed.data!.accessToken)).toMatchObject({ plan: 'gold' });

    const memberClaims = tokenClaims((await login(server, member.email)).accessToken);
    expect(memberClaims).toMatchObject({ plan: 'silver' });
    expect(Number(memberClaims.exp) - Number(memberClaims.iat)).toBe(300);
    const outsiderClaims = tokenClaims((await login(server, outsider.email)).accessToken);
    expect(outsiderClaims.plan).toBeUndefined();

    // A template named by a rule cannot go or change its key; negate turns a condition round.
    const admins = (await vendor.GET(TEMPLATES, { params: { query: { keys: 'admins' } } })).data!.items[0];
    expect((await vendor.DELETE(TEMPLATE, { params: { path: { id: admins.id } } })).response.status).toBe(409);
    expect((await vendor.PUT(TEMPLATE, { params: { path: { id: admins.id } }, body: { key: 'renamed' } })).response.status).toBe(409);
    const negated = [{ ...rules[1], conditions: [{ ...rules[1].conditions[1], negate: true }] }];
    expect((await vendor.PATCH(TARGETING_ID, { params: { path: { id: created.data!.id } }, body: { rules: negated } })).response.status).toBe(200);
    expect(tokenClaims((await login(server, member.email)).accessToken).plan).toBeUndefined();
    expect(tokenClaims((await login(server, outsider.email)).accessToken).plan).toBe('silver');

    // Unknown templates and bad conditions are 400; another id is 404; removing it ends the shaping.
    const unknown = await vendor.PUT(TARGETING, { body: { rules: [{ ...rules[0], treatment: 'nope' }] } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error!.errors[0]).toContain('nope');
    const bad = await vendor.PUT(TARGETING, {
      body: { rules: [{ ...rules[0], conditions: [{ attribute: 'tenantId', op: 'in_list', value: { value: 'x' }, negate: false }] }] },
    });
    expect(bad.response.status).toBe(400);
    expect((await vendor.PATCH(TARGETING_ID, { params: { path: { id: randomUUID() } }, body: { rules } })).response.status).toBe(404);
    expect((await vendor.DELETE(TARGETING_ID, { params: { path: { id: randomUUID() } } })).response.status).toBe(404);
    expect((await vendor.DELETE(TARGETING_ID, { params: { path: { id: created.data!.id } } })).response.status).toBe(200);
    expect((await vendor.GET(TARGETING)).response.status).toBe(404);
    expect(tokenClaims((await login(server, outsider.email)).accessToken).plan).toBeUndefined();
    expect((await vendor.DELETE(TEMPLATE, { params: { path: { id: admins.id } } })).response.status).toBe(204);
  });

  it("signs with the environment's pinned algorithm only, and keeps old signing keys as long as its tokens live", async () => {
    const { client: vendor } = await asVendor(server);
    const hs = await vendor.POST(TEMPLATES, { body: { ...template('hs', {}), algorithm: 'HS256' } });
    expect(hs.response.status).toBe(400);
    expect(hs.error!.errors[0]).toContain('RS256');

    await server.services.keys.rotate();
    const retireAt = async () => (await server.db('signing_keys').whereNotNull('retire_at').max('retire_at as at').first())!.at as Date;
    const before = await retireAt();
    await vendor.POST(TEMPLATES, { body: template('long-lived', {}, 15_552_000) });
    expect((await retireAt()).getTime() - before.getTime()).toBeGreaterThan(100 * 86_400_000);

    const switched = await vendor.POST('/identity/resources/configurations/v1', { body: { jwtAlgorithm: 'HS256' } });
    expect(switched.response.status).toBe(201);
    expect((await vendor.POST(TEMPLATES, { body: { ...template('hs', {}), algorithm: 'HS256' } })).response.status).toBe(201);
    expect((await vendor.POST('/identity/resources/configurations/v1', { body: { jwtAlgorithm: 'RS256' } })).response.status).toBe(201);
  });

  it('is environment-only: a user token is refused', async () => {
    const { client: vendor } = await asVendor(server);
    const user = await createUser(vendor, (await createTenant(vendor)).tenantId);
    const session = await login(server, user.email);
    const answer = await server.client.GET(TEMPLATES, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(answer.response.status).toBe(401);
  });
});
