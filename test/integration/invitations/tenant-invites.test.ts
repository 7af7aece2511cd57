import { randomUUID } from 'node:crypto';
import { asVendor, createTenant, createUser, uniqueEmail } from '../../support/fixtures';
import { accountWithMembers, builtInPermissionId, createRole, memberWith, READ_ONLY_ROLE_ID, vendorIn } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const INVITES = '/identity/resources/tenants/invites/v1';
const ALL = '/identity/resources/tenants/invites/v1/all';
const TOKEN = '/identity/resources/tenants/invites/v1/token/{id}';
const MINE = '/identity/resources/tenants/invites/v1/user';
const MINE_V2 = '/identity/resources/tenants/invites/v2/user';
const VERIFY = '/identity/resources/tenants/invites/v1/verify';
const CONFIGURATION = '/identity/resources/tenants/invites/v1/configuration';

/** Moves the invitation's expiry into the past, as time passing would. */
async function expire(id: string) {
  await server
    .db('tenant_invites')
    .where({ id })
    .update({ expires_at: server.db.raw("now() - interval '1 second'") });
}

describe('invitation tokens made by the environment', () => {
  it('makes a token for an account, shown once; the database keeps only its hash', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor, 'Invited Co');
    const role = await createRole(vendor, { tenantId: tenant.tenantId });
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, roleIds: [role.id], expiresInMinutes: 60, shouldSendEmail: true } });
    expect(made.response.status).toBe(201);
    expect(made.data).toMatchObject({ tenantId: tenant.tenantId, shouldSendEmail: true, roleIds: [role.id], name: 'Invited Co' });
    expect(made.data!.token.length).toBeGreaterThanOrEqual(40);
    expect(made.data!.userId).toBeUndefined();
    const minutes = (Date.parse(made.data!.expires) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(58);
    expect(minutes).toBeLessThan(61);

    const [row] = await server.db('tenant_invites').where({ id: made.data!.id });
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(made.data!.token);

    const listed = await vendorIn(server, (await asVendor(server)).token, tenant.tenantId).GET(ALL);
    expect(listed.response.status).toBe(200);
    expect(listed.data).toEqual([{ ...made.data, token: '' }]);
  });

  it('defaults to 7 days, no email, the default roles; a member named gets the token as their own link', async () => {
    const { vendor, tenant, adminUser } = await accountWithMembers(server);
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, userId: adminUser.id } });
    expect(made.response.status).toBe(201);
    expect(made.data).toMatchObject({ userId: adminUser.id, shouldSendEmail: false, roleIds: [] });
    expect(Math.round((Date.parse(made.data!.expires) - Date.now()) / 3_600_000)).toBe(7 * 24);
    const own = await vendor.GET(MINE, { params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': adminUser.id } } });
    expect(own.data?.id).toBe(made.data!.id);
  });

  it('an unknown account, a user who is not a member, a role the account cannot give: 404, 404, 400', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const other = await createTenant(vendor);
    const stranger = await createUser(vendor, other.tenantId);
    const foreignRole = await createRole(vendor, { tenantId: other.tenantId });

    const noAccount = await vendor.POST(INVITES, { body: { tenantId: `t-${randomUUID()}` } });
    expect(noAccount.response.status).toBe(404);
    const notMember = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, userId: stranger.id } });
    expect(notMember.response.status).toBe(404);
    const badRole = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, roleIds: [foreignRole.id, 'not-a-role'] } });
    expect(badRole.response.status).toBe(400);
    expect(badRole.error?.errors?.[0]).toContain(foreignRole.id);
    expect(badRole.error?.errors?.[0]).toContain('not-a-role');
    const unstorable = await vendor.POST(INVITES, { body: { tenantId: 'a\u0000b' } });
    expect(unstorable.response.status).toBe(400);
    expect(unstorable.error?.errors?.[0]).toMatch(/tenantId/);
    const badExpiry = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, expiresInMinutes: -5 } });
    expect(badExpiry.response.status).toBe(400);
    expect(await server.db('tenant_invites').where({ tenant_id: tenant.tenantId })).toEqual([]);
  });

  it('deletes a token: it stops working; a second delete and an unknown id are 404', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId } });
    const deleted = await vendor.DELETE(TOKEN, { params: { path: { id: made.data!.id } } });
    expect(deleted.response.status).toBe(200);
    const verify = await server.client.POST(VERIFY, { body: { token: made.data!.token } });
    expect(verify.response.status).toBe(400);
    expect((await vendor.DELETE(TOKEN, { params: { path: { id: made.data!.id } } })).response.status).toBe(404);
    expect((await vendor.DELETE(TOKEN, { params: { path: { id: 'nope' } } })).response.status).toBe(404);
  });
});

describe("a member's own invitation link", () => {
  it('is made, read (without the secret), changed and deleted by the member', async () => {
    const { admin, adminUser, tenant } = await accountWithMembers(server);
    expect((await admin.client.GET(MINE)).response.status).toBe(404);

    const made = await admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    expect(made.response.status).toBe(201);
    expect(made.data).toMatchObject({ tenantId: tenant.tenantId, userId: adminUser.id, createdBy: adminUser.id, shouldSendEmail: false, roleIds: [] });
    expect(made.data!.token).not.toBe('');

    const read = await admin.client.GET(MINE);
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({ ...made.data, token: '' });

    const changed = await admin.client.PATCH(MINE, { body: { expiresInMinutes: 600, shouldSendEmail: true } });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toMatchObject({ id: made.data!.id, shouldSendEmail: true, token: '' });
    expect(Date.parse(changed.data!.expires)).toBeGreaterThan(Date.parse(made.data!.expires) + 500 * 60_000);
    const unchanged = await admin.client.PATCH(MINE, { body: {} });
    expect(unchanged.data).toEqual(changed.data);

    const removed = await admin.client.DELETE(MINE);
    expect(removed.response.status).toBe(200);
    expect((await admin.client.GET(MINE)).response.status).toBe(404);
    expect((await admin.client.PATCH(MINE, { body: { shouldSendEmail: false } })).response.status).toBe(404);
    expect((await admin.client.DELETE(MINE)).response.status).toBe(404);
    expect((await server.client.POST(VERIFY, { body: { token: made.data!.token } })).response.status).toBe(400);
  });

  it('a new link replaces the earlier one, which stops working', async () => {
    const { admin } = await accountWithMembers(server);
    const first = await admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    const second = await admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    expect(second.data!.id).not.toBe(first.data!.id);
    expect((await server.client.POST(VERIFY, { body: { token: first.data!.token } })).response.status).toBe(400);
    expect((await server.client.POST(VERIFY, { body: { token: second.data!.token } })).response.status).toBe(200);
    expect((await admin.client.GET(ALL)).data?.map((invite) => invite.id)).toEqual([second.data!.id]);
  });

  it('two requests making the same member a link at once: both succeed, one link remains', async () => {
    const { admin } = await accountWithMembers(server);
    const made = await Promise.all([1, 2, 3].map(() => admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } })));
    expect(made.map((answer) => answer.response.status)).toEqual([201, 201, 201]);
    const listed = await admin.client.GET(ALL);
    expect(listed.data).toHaveLength(1);
    expect(made.map((answer) => answer.data!.id)).toContain(listed.data![0].id);
  });

  it("a member's link stops working when they leave the account", async () => {
    const { vendor, tenant, readerUser } = await accountWithMembers(server);
    const elsewhere = await createTenant(vendor);
    const joined = await vendor.POST('/identity/resources/users/v1', {
      params: { header: { 'frontegg-tenant-id': elsewhere.tenantId } },
      body: { email: readerUser.email, skipInviteEmail: true },
    });
    expect(joined.response.status).toBe(201);
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, userId: readerUser.id } });
    expect((await server.client.POST(VERIFY, { body: { token: made.data!.token } })).response.status).toBe(200);
    const removed = await vendor.DELETE('/identity/resources/users/v1/{userId}', {
      params: { path: { userId: readerUser.id }, header: { 'frontegg-tenant-id': tenant.tenantId } },
    });
    expect(removed.response.status).toBe(200);
    expect((await server.client.POST(VERIFY, { body: { token: made.data!.token } })).response.status).toBe(400);
  });

  it('version 2 takes roles: those the account sees, and none stronger than the member holds', async () => {
    const { vendor, tenant, admin, adminUser } = await accountWithMembers(server);
    const ownRole = await createRole(vendor, { tenantId: tenant.tenantId, level: 5 });
    const made = await admin.client.POST(MINE_V2, { body: { expiresInMinutes: 30, shouldSendEmail: true, roleIds: [ownRole.id, READ_ONLY_ROLE_ID] } });
    expect(made.response.status).toBe(201);
    expect(made.data?.roleIds).toEqual([ownRole.id, READ_ONLY_ROLE_ID]);

    const other = await createTenant(vendor);
    const foreignRole = await createRole(vendor, { tenantId: other.tenantId });
    const foreign = await admin.client.POST(MINE_V2, { body: { expiresInMinutes: 30, shouldSendEmail: true, roleIds: [foreignRole.id] } });
    expect(foreign.response.status).toBe(400);
    expect(foreign.error?.errors?.[0]).toContain(foreignRole.id);
    const missing = await admin.client.POST(MINE_V2, { body: { expiresInMinutes: 30, shouldSendEmail: true } as never });
    expect(missing.response.status).toBe(400);

    // A member whose strongest role is level 5 (with fe.secure.write.users) cannot hand on a level-0
    // role; the environment acting for a member can.
    const strong = await createRole(vendor, { tenantId: tenant.tenantId, level: 0 });
    const inviter = await createRole(vendor, { tenantId: tenant.tenantId, level: 5, permissionIds: [builtInPermissionId('fe.secure.write.users')] });
    const weak = await memberWith(server, vendor, tenant.tenantId, inviter.id);
    const elevated = await weak.client.POST(MINE_V2, { body: { expiresInMinutes: 30, shouldSendEmail: false, roleIds: [strong.id] } });
    expect(elevated.response.status).toBe(403);
    expect(elevated.error?.errors?.[0]).toContain(strong.key);
    const level = await weak.client.POST(MINE_V2, { body: { expiresInMinutes: 30, shouldSendEmail: false, roleIds: [inviter.id] } });
    expect(level.response.status).toBe(201);
    const forAdmin = await vendor.POST(MINE_V2, {
      params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': adminUser.id } },
      body: { expiresInMinutes: 30, shouldSendEmail: false, roleIds: [strong.id] },
    });
    expect(forAdmin.response.status).toBe(201);
    expect(forAdmin.data?.roleIds).toEqual([strong.id]);
  });

  it('with an environment token, both headers are needed, and the user must be a member of the account', async () => {
    const { vendor, tenant } = await accountWithMembers(server);
    const other = await createTenant(vendor);
    const stranger = await createUser(vendor, other.tenantId);
    const noHeaders = await vendor.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    expect(noHeaders.response.status).toBe(400);
    const notMember = await vendor.POST(MINE, {
      params: { header: { 'frontegg-tenant-id': tenant.tenantId, 'frontegg-user-id': stranger.id } },
      body: { expiresInMinutes: 30, shouldSendEmail: false },
    });
    expect(notMember.response.status).toBe(404);
  });

  it('a read-only member may read but not make, change or delete links', async () => {
    const { reader } = await accountWithMembers(server);
    expect((await reader.client.GET(MINE)).response.status).toBe(404);
    expect((await reader.client.GET(ALL)).response.status).toBe(200);
    expect((await reader.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } })).response.status).toBe(403);
    expect((await reader.client.PATCH(MINE, { body: {} })).response.status).toBe(403);
    expect((await reader.client.DELETE(MINE)).response.status).toBe(403);
  });
});

describe('tenant isolation', () => {
  it("one account's admin neither sees nor deletes another account's tokens (404)", async () => {
    const first = await accountWithMembers(server);
    const second = await accountWithMembers(server);
    const theirs = await second.admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    const ours = await first.admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });

    const listed = await first.admin.client.GET(ALL);
    expect(listed.data?.map((invite) => invite.id)).toEqual([ours.data!.id]);
    const deleted = await first.admin.client.DELETE(TOKEN, { params: { path: { id: theirs.data!.id } } });
    expect(deleted.response.status).toBe(404);
    // The environment naming the first account cannot delete the second's token either.
    const { token } = await asVendor(server);
    const scoped = await vendorIn(server, token, first.tenant.tenantId).DELETE(TOKEN, { params: { path: { id: theirs.data!.id } } });
    expect(scoped.response.status).toBe(404);
    expect((await server.client.POST(VERIFY, { body: { token: theirs.data!.token } })).response.status).toBe(200);

    // The account's admin deletes any token of their own account, a colleague's link too.
    const colleague = await first.vendor.POST(INVITES, { body: { tenantId: first.tenant.tenantId, userId: first.readerUser.id } });
    expect((await first.admin.client.DELETE(TOKEN, { params: { path: { id: colleague.data!.id } } })).response.status).toBe(200);
    expect((await first.reader.client.GET(MINE)).response.status).toBe(404);
  });

  it('the environment without frontegg-tenant-id lists the tokens of every account', async () => {
    const first = await accountWithMembers(server);
    const second = await accountWithMembers(server);
    const a = await first.admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    const b = await second.admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    const listed = await (await asVendor(server)).client.GET(ALL);
    const ids = listed.data!.map((invite) => invite.id);
    expect(ids).toEqual(expect.arrayContaining([a.data!.id, b.data!.id]));
  });
});

describe('verifying a token', () => {
  it('answers the account it invites to, with its roles and expiry; no credentials needed', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor, 'Verify Co');
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, roleIds: [READ_ONLY_ROLE_ID] } });
    const verified = await server.client.POST(VERIFY, { body: { token: made.data!.token } });
    expect(verified.response.status).toBe(200);
    expect(verified.data).toEqual(made.data);
    // A shared link works more than once.
    expect((await server.client.POST(VERIFY, { body: { token: made.data!.token } })).response.status).toBe(200);
  });

  it('an expired, a deleted and an unknown token, and one of a deleted account, all get the same 400', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const expired = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId } });
    await expire(expired.data!.id);
    const deleted = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId } });
    await vendor.DELETE(TOKEN, { params: { path: { id: deleted.data!.id } } });
    const gone = await createTenant(vendor);
    const ofGone = await vendor.POST(INVITES, { body: { tenantId: gone.tenantId } });
    const removedTenant = await vendor.DELETE('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId: gone.tenantId } } });
    expect(removedTenant.response.status).toBe(200);

    const answers = await Promise.all(
      [expired.data!.token, deleted.data!.token, 'x'.repeat(43), ofGone.data!.token].map((token) => server.client.POST(VERIFY, { body: { token } })),
    );
    for (const answer of answers) {
      expect(answer.response.status).toBe(400);
      expect(answer.error).toEqual({ errors: ['The invitation is invalid or has expired'], errorCode: 'ER-05201' });
    }
    expect((await server.client.POST(VERIFY, { body: {} as never })).response.status).toBe(400);
  });

  it('an expired link is listed with its expiry, and works again once its member extends it', async () => {
    const { admin } = await accountWithMembers(server);
    const made = await admin.client.POST(MINE, { body: { expiresInMinutes: 30, shouldSendEmail: false } });
    await expire(made.data!.id);
    expect((await server.client.POST(VERIFY, { body: { token: made.data!.token } })).response.status).toBe(400);
    const listed = await admin.client.GET(ALL);
    expect(Date.parse(listed.data![0].expires)).toBeLessThan(Date.now());
    await admin.client.PATCH(MINE, { body: { expiresInMinutes: 5 } });
    expect((await server.client.POST(VERIFY, { body: { token: made.data!.token } })).response.status).toBe(200);
  });
});

describe('redeemInvitationToken (for sign-up by invitation link)', () => {
  it("adds the user to the token's account with its roles, in the caller's transaction", async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    const home = await createTenant(vendor);
    await createUser(vendor, tenant.tenantId);
    const role = await createRole(vendor, { tenantId: tenant.tenantId });
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId, roleIds: [role.id], shouldSendEmail: true } });
    const joiner = await createUser(vendor, home.tenantId, { email: uniqueEmail() });

    const mailBefore = await server.db('email_outbox').where({ recipient: joiner.email });
    const redeemed = await server.db.transaction((trx) => server.services.tenantInvites.redeemInvitationToken(trx, made.data!.token, joiner.id));
    expect(redeemed).toEqual({ tenantId: tenant.tenantId, roleIds: [role.id], shouldSendEmail: true });
    const held = await server.services.memberRoles.held(tenant.tenantId, joiner.id);
    expect(held.roles.map((r) => r.id)).toEqual([role.id]);
    const [membership] = await server.db('user_tenants').where({ user_id: joiner.id, tenant_id: tenant.tenantId });
    expect(membership.invitation_pending).toBe(false);
    // No email goes out for a user who joins by link.
    expect(await server.db('email_outbox').where({ recipient: joiner.email })).toHaveLength(mailBefore.length);

    // Joining again is a conflict; the token still works for others.
    await expect(server.db.transaction((trx) => server.services.tenantInvites.redeemInvitationToken(trx, made.data!.token, joiner.id))).rejects.toMatchObject({
      code: 'ER-02301',
    });
  });

  it('without roles the joiner gets the default roles; a bad token rolls nothing in', async () => {
    const { client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor);
    await createUser(vendor, tenant.tenantId);
    const made = await vendor.POST(INVITES, { body: { tenantId: tenant.tenantId } });
    const home = await createTenant(vendor);
    const joiner = await createUser(vendor, home.tenantId);
    await server.db.transaction((trx) => server.services.tenantInvites.redeemInvitationToken(trx, made.data!.token, joiner.id));
    expect((await server.services.memberRoles.held(tenant.tenantId, joiner.id)).roles.map((r) => r.id)).toEqual([READ_ONLY_ROLE_ID]);

    await expire(made.data!.id);
    const late = await createUser(vendor, home.tenantId);
    await expect(server.db.transaction((trx) => server.services.tenantInvites.redeemInvitationToken(trx, made.data!.token, late.id))).rejects.toMatchObject({
      code: 'ER-05201',
    });
    await expect(server.db.transaction((trx) => server.services.tenantInvites.redeemInvitationToken(trx, 'unknown', late.id))).rejects.toMatchObject({
      code: 'ER-05201',
    });
    expect(await server.db('user_tenants').where({ user_id: late.id, tenant_id: tenant.tenantId })).toEqual([]);
  });
});

describe('invitation configuration', () => {
  it('answers that tokens are allowed and whether email goes out over SMTP', async () => {
    const { admin } = await accountWithMembers(server);
    const answer = await admin.client.GET(CONFIGURATION);
    expect(answer.response.status).toBe(200);
    expect(answer.data).toEqual({ tenantInvitationsAllowed: true, emailsEnabled: false });
    expect((await server.client.GET(CONFIGURATION)).response.status).toBe(401);
  });
});
