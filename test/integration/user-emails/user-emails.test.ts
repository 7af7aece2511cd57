import { randomUUID } from 'node:crypto';
import { asVendor, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { accountWithMembers, asUser, vendorIn } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const EMAILS = '/identity/resources/users/emails/v1';
const EMAIL = '/identity/resources/users/emails/v1/{emailId}';
const VERIFY = '/identity/resources/users/emails/v1/verify';
const MINE = '/identity/resources/users/emails/v1/me';
const MY_PRIMARY = '/identity/resources/users/emails/v1/me/primary';
const VENDOR_EMAILS = '/identity/resources/users/emails/v1/vendor/{userId}';
const VENDOR_EMAIL = '/identity/resources/users/emails/v1/vendor/{userId}/{emailId}';
const VENDOR_PRIMARY = '/identity/resources/users/emails/v1/vendor/{userId}/primary';
const VENDOR_USER_EMAIL = '/identity/resources/users/v1/{userId}/email';

async function loggedIn() {
  const account = await accountWithMembers(server);
  return { ...account, client: account.admin.client, user: account.adminUser };
}

async function addVerified(vendor: Awaited<ReturnType<typeof asVendor>>['client'], userId: string, email = uniqueEmail()) {
  const added = await vendor.POST(VENDOR_EMAILS, { params: { path: { userId } }, body: { email, isVerified: true } });
  if (added.response.status !== 201 || !added.data) throw new Error(`adding an email failed: ${added.response.status}`);
  return added.data;
}

describe('user emails', () => {
  it('lists the primary email first, then the ones added; adding one again answers 200 with it', async () => {
    const { vendor, client, user } = await loggedIn();
    const email = uniqueEmail();
    const added = await vendor.POST(VENDOR_EMAILS, { params: { path: { userId: user.id } }, body: { email, isVerified: true } });
    expect(added.response.status).toBe(201);
    expect(added.data).toEqual({
      id: expect.any(String),
      userId: user.id,
      email,
      verified: true,
      isPrimary: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const again = await vendor.POST(VENDOR_EMAILS, { params: { path: { userId: user.id } }, body: { email: email.toUpperCase() } });
    expect(again.response.status).toBe(200);
    expect(again.data?.id).toBe(added.data?.id);

    const mine = await client.GET(MINE);
    expect(mine.response.status).toBe(200);
    expect(mine.data?.map((row) => [row.email, row.isPrimary, row.verified])).toEqual([
      [user.email, true, true],
      [email, false, true],
    ]);
  });

  it('the caller adds an unverified email and a verification email is queued; a wrong code is the one invalid-link 400', async () => {
    const { client, user } = await loggedIn();
    const email = uniqueEmail();
    const added = await client.POST(EMAILS, { body: { email } });
    expect(added.response.status).toBe(201);
    expect(added.data).toMatchObject({ userId: user.id, email, verified: false, isPrimary: false });
    const queued = await server.db('email_outbox').where({ recipient: email, template: 'user-email-verification' });
    expect(queued).toHaveLength(1);
    expect(queued[0].text).toContain('/account/verify-email?');

    const wrong = await client.POST(VERIFY, { body: { email, code: 'not-the-code' } });
    expect(wrong.response.status).toBe(400);
    expect(wrong.error).toEqual({ errors: ['The link is invalid or has expired'], errorCode: 'ER-02701' });

    // Adding it again sends the verification again.
    const again = await client.POST(EMAILS, { body: { email } });
    expect(again.response.status).toBe(200);
    expect(await server.db('email_outbox').where({ recipient: email })).toHaveLength(2);
  });

  it('an email any user has, primary or not, cannot be added, given or changed to (case-insensitive): 409', async () => {
    const { vendor, client, user, tenant } = await loggedIn();
    const other = await loggedIn();
    const secondary = (await addVerified(other.vendor, other.user.id)).email;

    for (const taken of [other.user.email.toUpperCase(), secondary.toUpperCase()]) {
      const mine = await client.POST(EMAILS, { body: { email: taken } });
      expect(mine.response.status).toBe(409);
      expect(mine.error?.errorCode).toBe('ER-02801');
      expect(mine.error?.errors?.[0]).toMatch(/already belongs to a user/);
      const byVendor = await vendor.POST(VENDOR_EMAILS, { params: { path: { userId: user.id } }, body: { email: taken, isVerified: true } });
      expect(byVendor.response.status).toBe(409);
    }
    // Nor can a new user take another user's secondary email, nor a user change to it.
    const created = await vendor.POST('/identity/resources/vendor-only/users/v1', {
      body: { tenantId: tenant.tenantId, email: secondary, password: 'correct horse battery staple' },
    });
    expect(created.response.status).toBe(409);
    const member = await vendor.POST('/identity/resources/users/v2', {
      params: { header: { 'frontegg-tenant-id': tenant.tenantId } },
      body: { email: secondary },
    });
    expect(member.response.status).toBe(409);
    const changed = await vendor.PUT(VENDOR_USER_EMAIL, { params: { path: { userId: user.id } }, body: { email: secondary } });
    expect(changed.response.status).toBe(409);
    const changeMine = await client.POST('/identity/resources/users/v1/email/me', { body: { email: secondary } });
    expect(changeMine.response.status).toBe(409);
  });

  it('two users adding the same email at once: one gets it, the other a 409', async () => {
    const first = await loggedIn();
    const second = await loggedIn();
    const email = uniqueEmail();
    const results = await Promise.all([
      first.client.POST(EMAILS, { body: { email } }),
      second.client.POST(EMAILS, { body: { email: email.toUpperCase() } }),
      first.vendor.POST(VENDOR_EMAILS, { params: { path: { userId: second.readerUser.id } }, body: { email, isVerified: true } }),
    ]);
    const statuses = results.map((result) => result.response.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    expect(await server.db('user_emails').where({ email_normalized: email })).toHaveLength(1);
  });

  it("deletes an added email, never the primary one; unknown ids and other users' emails are 404", async () => {
    const { vendor, client, user } = await loggedIn();
    const other = await loggedIn();
    const added = await addVerified(vendor, user.id);
    const othersEmail = await addVerified(other.vendor, other.user.id);
    const mine = await client.GET(MINE);
    const primary = mine.data!.find((row) => row.isPrimary)!;

    const primaryGone = await client.DELETE(EMAIL, { params: { path: { emailId: primary.id } } });
    expect(primaryGone.response.status).toBe(400);
    expect(primaryGone.error?.errorCode).toBe('ER-02803');
    const foreign = await client.DELETE(EMAIL, { params: { path: { emailId: othersEmail.id } } });
    expect(foreign.response.status).toBe(404);
    const unknown = await client.DELETE(EMAIL, { params: { path: { emailId: randomUUID() } } });
    expect(unknown.response.status).toBe(404);
    const malformed = await client.DELETE(EMAIL, { params: { path: { emailId: 'nope' } } });
    expect(malformed.response.status).toBe(404);

    const deleted = await client.DELETE(EMAIL, { params: { path: { emailId: added.id } } });
    expect(deleted.response.status).toBe(200);
    expect((await client.GET(MINE)).data?.map((row) => row.email)).toEqual([user.email]);

    // The environment route: the email must be that user's.
    const wrongUser = await vendor.DELETE(VENDOR_EMAIL, { params: { path: { userId: user.id, emailId: othersEmail.id } } });
    expect(wrongUser.response.status).toBe(404);
    const vendorPrimary = await vendor.DELETE(VENDOR_EMAIL, { params: { path: { userId: user.id, emailId: primary.id } } });
    expect(vendorPrimary.response.status).toBe(400);
    const byVendor = await other.vendor.DELETE(VENDOR_EMAIL, { params: { path: { userId: other.user.id, emailId: othersEmail.id } } });
    expect(byVendor.response.status).toBe(200);
    const unknownUser = await vendor.DELETE(VENDOR_EMAIL, { params: { path: { userId: randomUUID(), emailId: othersEmail.id } } });
    expect(unknownUser.response.status).toBe(404);
  });

  it('makes a verified email primary: login takes it, the old primary stays as another email', async () => {
    const { vendor, client, user } = await loggedIn();
    const unverified = await vendor.POST(VENDOR_EMAILS, { params: { path: { userId: user.id } }, body: { email: uniqueEmail() } });
    expect(unverified.data?.verified).toBe(false);
    const notVerified = await vendor.POST(VENDOR_PRIMARY, { params: { path: { userId: user.id } }, body: { email: unverified.data!.email } });
    expect(notVerified.response.status).toBe(400);
    expect(notVerified.error?.errorCode).toBe('ER-02804');
    const notHers = await vendor.POST(VENDOR_PRIMARY, { params: { path: { userId: user.id } }, body: { email: uniqueEmail() } });
    expect(notHers.response.status).toBe(404);
    const unknownUser = await vendor.POST(VENDOR_PRIMARY, { params: { path: { userId: randomUUID() } }, body: { email: user.email } });
    expect(unknownUser.response.status).toBe(404);

    const verified = await addVerified(vendor, user.id);
    const made = await vendor.POST(VENDOR_PRIMARY, { params: { path: { userId: user.id } }, body: { email: verified.email.toUpperCase() } });
    expect(made.response.status).toBe(200);
    await expect(login(server, verified.email)).resolves.toMatchObject({ userId: user.id, userEmail: verified.email });
    await expect(login(server, user.email)).rejects.toThrow('401');
    const mine = await client.GET(MINE);
    expect(mine.data?.map((row) => [row.email, row.isPrimary])).toEqual([
      [verified.email, true],
      [user.email, false],
      [unverified.data!.email, false],
    ]);
    const profile = await vendor.GET('/identity/resources/vendor-only/users/v1/{userId}', { params: { path: { userId: user.id } } });
    expect(profile.data?.email).toBe(verified.email);

    // And back, by the caller: again the old primary stays.
    const back = await client.POST(MY_PRIMARY, { body: { email: user.email } });
    expect(back.response.status).toBe(200);
    await expect(login(server, user.email)).resolves.toMatchObject({ userId: user.id });
    expect((await client.GET(MINE)).data?.filter((row) => row.isPrimary).map((row) => row.email)).toEqual([user.email]);
    const already = await client.POST(MY_PRIMARY, { body: { email: user.email } });
    expect(already.response.status).toBe(200);
  });

  it('making an email primary while it is being deleted: one of the two wins, and the user keeps one primary email', async () => {
    const { vendor, client, user } = await loggedIn();
    for (let round = 0; round < 3; round += 1) {
      const added = await addVerified(vendor, user.id);
      const [primary, deleted] = await Promise.all([
        client.POST(MY_PRIMARY, { body: { email: added.email } }),
        client.DELETE(EMAIL, { params: { path: { emailId: added.id } } }),
      ]);
      expect([
        [200, 400],
        [404, 200],
      ]).toContainEqual([primary.response.status, deleted.response.status]);
      const rows = await server.db('user_emails').where({ user_id: user.id, is_primary: true });
      const [row] = await server.db('users').where({ id: user.id }).select('email_normalized');
      expect(rows.map((primaryRow) => primaryRow.email_normalized)).toEqual([row.email_normalized]);
    }
  });

  it('lists emails a page at a time, of the account only, filtered by user and prefix', async () => {
    const { vendor, client, tenant, user, readerUser, reader } = await loggedIn();
    const other = await loggedIn();
    const added = await addVerified(vendor, user.id);
    await addVerified(other.vendor, other.user.id);

    const page = await client.GET(EMAILS, { params: { query: { _limit: 2, _sortBy: 'email', _order: 'ASC' } } });
    expect(page.response.status).toBe(200);
    expect(page.data?._metadata).toEqual({ totalItems: 3, totalPages: 2 });
    expect(page.data?.items).toHaveLength(2);
    const all = [user.email, readerUser.email, added.email].sort();
    const second = await client.GET(EMAILS, { params: { query: { _limit: 2, _offset: 1, _sortBy: 'email', _order: 'ASC' } } });
    expect([...page.data!.items, ...second.data!.items].map((row) => row.email)).toEqual(all);

    const byReader = await reader.client.GET(EMAILS, { params: { query: { userIds: `${user.id},${other.user.id}` } } });
    expect(byReader.data?.items.map((row) => row.email).sort()).toEqual([user.email, added.email].sort());
    const prefix = await client.GET(EMAILS, { params: { query: { _email: added.email.slice(0, 20).toUpperCase() } } });
    expect(prefix.data?.items.map((row) => row.email)).toEqual([added.email]);

    const vendorScoped = await vendorIn(server, (await asVendor(server)).token, tenant.tenantId).GET(EMAILS, {});
    expect(vendorScoped.data?._metadata.totalItems).toBe(3);
    const everyone = await vendor.GET(EMAILS, { params: { query: { userIds: `${user.id},${other.user.id}` } } });
    expect(everyone.data?.items).toHaveLength(4);
  });

  it('an email of a user of another account is out of reach: 404 on the self routes, absent from lists', async () => {
    const { client } = await loggedIn();
    const other = await loggedIn();
    const theirs = await addVerified(other.vendor, other.user.id);
    const deleted = await client.DELETE(EMAIL, { params: { path: { emailId: theirs.id } } });
    expect(deleted.response.status).toBe(404);
    const primary = await client.POST(MY_PRIMARY, { body: { email: theirs.email } });
    expect(primary.response.status).toBe(404);
    const listed = await client.GET(EMAILS, { params: { query: { userIds: other.user.id } } });
    expect(listed.data?.items).toEqual([]);
    // With an environment token that names a user of another account, too.
    const { token } = await asVendor(server);
    const crossed = asUser(server, token);
    const wrongAccount = await crossed.GET(MINE, {
      params: { header: { 'frontegg-tenant-id': (await createTenant(crossed)).tenantId, 'frontegg-user-id': other.user.id } },
    });
    expect(wrongAccount.response.status).toBe(404);
  });

  it('deleting a user deletes their emails', async () => {
    const { vendor, tenant } = await loggedIn();
    const user = await createUser(vendor, tenant.tenantId);
    const added = await addVerified(vendor, user.id);
    const removed = await vendor.DELETE('/identity/resources/users/v1/{userId}', { params: { path: { userId: user.id } } });
    expect(removed.response.status).toBe(200);
    expect(await server.db('user_emails').where({ user_id: user.id })).toEqual([]);
    // The address is free again.
    const again = await createUser(vendor, tenant.tenantId, { email: added.email });
    expect(again.email).toBe(added.email);
  });

  it('bad input is a 400; no credentials a 401; the environment routes refuse a user token', async () => {
    const { client, user } = await loggedIn();
    expect((await client.POST(EMAILS, { body: { email: 'not-an-email' } })).response.status).toBe(400);
    expect((await server.client.POST(EMAILS, { body: { email: uniqueEmail() } })).response.status).toBe(401);
    expect((await server.client.GET(MINE)).response.status).toBe(401);
    const asMember = await client.POST(VENDOR_EMAILS, { params: { path: { userId: user.id } }, body: { email: uniqueEmail(), isVerified: true } });
    expect(asMember.response.status).toBe(401);
    const { client: vendor } = await asVendor(server);
    const noActingUser = await vendor.POST(EMAILS, { body: { email: uniqueEmail() } });
    expect(noActingUser.response.status).toBe(400);
  });
});
