import { asVendor, createUser, uniqueEmail } from '../../support/fixtures';
import { bulkInvite, waitForBulkInvite } from '../../support/invitations';
import { accountWithMembers, READ_ONLY_ROLE_ID, USERS_ROLES } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const INVITE = '/identity/resources/users/bulk/v1/invite';
const STATUS = '/identity/resources/users/bulk/v1/status/{id}';

describe('POST /identity/resources/users/bulk/v1/invite', () => {
  it('an admin invites users in the background with the roles asked for; the status tells how it went', async () => {
    const { tenant, admin } = await accountWithMembers(server);
    const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail()];
    const id = await bulkInvite(admin.client, [
      { email: emails[0], name: 'First', roleIds: [READ_ONLY_ROLE_ID] },
      { email: emails[1].toUpperCase(), metadata: '{"team":"blue"}', verified: true },
      { email: emails[2], skipInviteEmail: true },
    ]);
    const status = await waitForBulkInvite(admin.client, id);
    expect(status).toEqual({
      id,
      tenantId: tenant.tenantId,
      status: 'Completed',
      totalUsers: 3,
      invitedUsers: 3,
      failedUsers: 0,
      pendingUsers: 0,
      errors: [],
      createdAt: expect.any(String),
      completedAt: expect.any(String),
    });

    const users = await server.db('users').whereIn('email_normalized', emails).orderBy('email_normalized');
    expect(users).toHaveLength(3);
    const second = users.find((user) => user.email_normalized === emails[1])!;
    expect(second).toMatchObject({ verified: true, metadata: { team: 'blue' } });
    const first = users.find((user) => user.email_normalized === emails[0])!;
    const roles = await admin.client.GET(USERS_ROLES, { params: { query: { ids: [first.id] } } });
    expect(roles.data![0].roleIds).toEqual([READ_ONLY_ROLE_ID]);
    // Two invitation emails are queued; the third user asked for none.
    const queued = await server
      .db('email_outbox')
      .whereIn(
        'recipient',
        users.map((user) => user.email),
      )
      .where({ template: 'invitation' });
    expect(queued.map((row) => row.recipient.toLowerCase()).sort()).toEqual([emails[0], emails[1]].sort());
  });

  it('reports the users it could not add, and adds the others', async () => {
    const { tenant, admin, readerUser } = await accountWithMembers(server);
    const fresh = uniqueEmail();
    const id = await bulkInvite(admin.client, [
      { email: readerUser.email },
      { email: uniqueEmail(), roleIds: ['00000000-0000-4000-8000-000000000000'] },
      { email: fresh },
    ]);
    const status = await waitForBulkInvite(admin.client, id);
    expect(status).toMatchObject({ status: 'CompletedWithErrors', totalUsers: 3, invitedUsers: 1, failedUsers: 2, pendingUsers: 0 });
    expect(status.errors.map((error) => error.errorCode)).toEqual(['ER-02301', expect.any(String)]);
    expect(status.errors[0]).toMatchObject({ email: readerUser.email, message: expect.stringContaining(tenant.tenantId) });
    expect(status.errors[1].message).toContain('00000000-0000-4000-8000-000000000000');
    // A failed user left nothing behind.
    expect(await server.db('users').where({ email_normalized: status.errors[1].email })).toHaveLength(0);
    expect(await server.db('users').where({ email_normalized: fresh })).toHaveLength(1);
  });

  it('stores passwords hashed, never as sent', async () => {
    const { admin } = await accountWithMembers(server);
    const password = 'a secret nobody may read 1234';
    const id = await bulkInvite(admin.client, [{ email: uniqueEmail(), password }]);
    await waitForBulkInvite(admin.client, id);
    const [item] = await server.db('job_items').where({ job_id: id });
    expect(JSON.stringify(item.input)).not.toContain(password);
    expect(item.input.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses the whole request when a user has no email, an email comes twice, or metadata is not JSON', async () => {
    const { admin } = await accountWithMembers(server);
    const email = uniqueEmail();
    // Jobs made during the test that have no items: a refused request must leave none (jobs of other
    // files, whose items a retention run may have removed, are left out).
    const bulkInviteJobs = () => server.db('jobs').where({ kind: 'bulk-invite' }).pluck('id');
    const before = new Set(await bulkInviteJobs());
    const noEmail = await admin.client.POST(INVITE, { body: { users: [{ email: uniqueEmail() }, { name: 'No email' }] } });
    expect(noEmail.response.status).toBe(400);
    expect(noEmail.error).toMatchObject({ errorCode: 'ER-02604', errors: [expect.stringContaining('users[1]')] });
    const twice = await admin.client.POST(INVITE, { body: { users: [{ email }, { email: email.toUpperCase() }] } });
    expect(twice.response.status).toBe(400);
    expect(twice.error).toMatchObject({ errorCode: 'ER-02603', errors: [expect.stringContaining(email)] });
    const badMetadata = await admin.client.POST(INVITE, { body: { users: [{ email: uniqueEmail() }, { email: uniqueEmail(), metadata: 'not json' }] } });
    expect(badMetadata.response.status).toBe(400);
    expect(badMetadata.error!.errors[0]).toContain('users[1].metadata');
    const malformed = await admin.client.POST(INVITE, { body: { users: [{ email: 'not an email' }] } });
    expect(malformed.response.status).toBe(400);
    const empty = await admin.client.POST(INVITE, { body: { users: [] } });
    expect(empty.response.status).toBe(400);
    const tooMany = await admin.client.POST(INVITE, { body: { users: Array.from({ length: 1001 }, () => ({ email: uniqueEmail() })) } });
    expect(tooMany.response.status).toBe(400);
    const made = (await bulkInviteJobs()).filter((id) => !before.has(id));
    expect(await server.db('job_items').whereIn('job_id', made).distinct('job_id')).toHaveLength(made.length);
  });

  it('an environment token must name an existing account', async () => {
    const { client: vendor } = await asVendor(server);
    const unknown = await vendor.POST(INVITE, { params: { header: { 'frontegg-tenant-id': 'no-such-account' } }, body: { users: [{ email: uniqueEmail() }] } });
    expect(unknown.response.status).toBe(404);
    const none = await vendor.POST(INVITE, { body: { users: [{ email: uniqueEmail() }] } });
    expect(none.response.status).toBe(400);
  });

  it('a member without the permission to add users is refused', async () => {
    const { reader } = await accountWithMembers(server);
    const refused = await reader.client.POST(INVITE, { body: { users: [{ email: uniqueEmail() }] } });
    expect(refused.response.status).toBe(403);
  });
});

describe('GET /identity/resources/users/bulk/v1/status/{id}', () => {
  it('shows an invite to its account and to the environment only', async () => {
    const first = await accountWithMembers(server);
    const second = await accountWithMembers(server);
    const id = await bulkInvite(first.admin.client, [{ email: uniqueEmail() }]);
    await waitForBulkInvite(first.admin.client, id);
    expect((await first.reader.client.GET(STATUS, { params: { path: { id } } })).response.status).toBe(200);
    const foreign = await second.admin.client.GET(STATUS, { params: { path: { id } } });
    expect(foreign.response.status).toBe(404);
    expect(foreign.error?.errorCode).toBe('ER-02602');
    const { client: vendor } = await asVendor(server);
    expect((await vendor.GET(STATUS, { params: { path: { id } } })).response.status).toBe(200);
    const user = await createUser(vendor, second.tenant.tenantId);
    expect(user.id).toBeDefined();
    const vendorForOther = await vendor.GET(STATUS, { params: { path: { id }, header: { 'frontegg-tenant-id': second.tenant.tenantId } } } as never);
    expect(vendorForOther.response.status).toBe(404);
  });

  it('an unknown or malformed id is a 404 or a 400', async () => {
    const { admin } = await accountWithMembers(server);
    expect((await admin.client.GET(STATUS, { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } })).response.status).toBe(404);
    expect((await admin.client.GET(STATUS, { params: { path: { id: 'nope' } } })).response.status).toBe(400);
  });
});
