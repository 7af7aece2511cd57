import { loggedInUser, uniqueEmail } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

// This server sends no mail (test/support/server.ts): the verification emails stay in the outbox
// table, where the tests read their codes.
const server = useTestServer();

const EMAILS = '/identity/resources/users/emails/v1';
const VERIFY = '/identity/resources/users/emails/v1/verify';
const MINE = '/identity/resources/users/emails/v1/me';

const loggedIn = () => loggedInUser(server);

async function codeSentTo(email: string): Promise<string> {
  const [row] = await server.db('email_outbox').where({ recipient: email }).orderBy('created_at', 'desc').limit(1);
  const match = /Or enter this code: (\S+)/.exec(row.text as string);
  if (!match) throw new Error(`no code in the email to ${email}`);
  return match[1];
}

describe('verifying an added email', () => {
  it('keeps only a hash of the code; the code is not in any stored column but the email itself', async () => {
    const { client, user } = await loggedIn();
    const email = uniqueEmail();
    await client.POST(EMAILS, { body: { email } });
    const code = await codeSentTo(email);
    const [token] = await server.db('link_tokens').where({ user_id: user.id, purpose: 'user_email' });
    expect(token.token_hash).not.toContain(code);
    expect(JSON.stringify(token.payload)).not.toContain(code);
    expect(token.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an expired code fails with the same error as a wrong one, and verifies nothing', async () => {
    const { client, user } = await loggedIn();
    const email = uniqueEmail();
    await client.POST(EMAILS, { body: { email } });
    const code = await codeSentTo(email);
    await server
      .db('link_tokens')
      .where({ user_id: user.id, purpose: 'user_email' })
      .update({ expires_at: server.db.raw("now() - interval '1 second'") });
    const expired = await client.POST(VERIFY, { body: { code, email } });
    expect(expired.response.status).toBe(400);
    expect(expired.error).toEqual({ errors: ['The link is invalid or has expired'], errorCode: 'ER-02701' });
    expect((await client.GET(MINE)).data?.find((row) => row.email === email)?.verified).toBe(false);
  });

  it('a newer verification email makes the earlier code stop working', async () => {
    const { client } = await loggedIn();
    const first = uniqueEmail();
    const second = uniqueEmail();
    await client.POST(EMAILS, { body: { email: first } });
    const firstCode = await codeSentTo(first);
    await client.POST(EMAILS, { body: { email: second } });
    expect((await client.POST(VERIFY, { body: { code: firstCode, email: first } })).response.status).toBe(400);
    // Asking again for the first address sends a code that works.
    await client.POST(EMAILS, { body: { email: first } });
    expect((await client.POST(VERIFY, { body: { code: await codeSentTo(first), email: first } })).response.status).toBe(200);
  });

  it('a code verifies only the address it was sent to, not another address of the same user', async () => {
    const { client, vendor, user } = await loggedIn();
    const sentTo = uniqueEmail();
    const other = uniqueEmail();
    await vendor.POST('/identity/resources/users/emails/v1/vendor/{userId}', { params: { path: { userId: user.id } }, body: { email: other } });
    await client.POST(EMAILS, { body: { email: sentTo } });
    const code = await codeSentTo(sentTo);
    const misused = await client.POST(VERIFY, { body: { code, email: other } });
    expect(misused.response.status).toBe(400);
    // The failed attempt did not use the code up.
    expect((await client.POST(VERIFY, { body: { code, email: sentTo } })).response.status).toBe(200);
    const emails = (await client.GET(MINE)).data ?? [];
    expect(emails.find((row) => row.email === other)?.verified).toBe(false);
    expect(emails.find((row) => row.email === sentTo)?.verified).toBe(true);
  });

  it('a code sent to another user verifies nothing for the caller', async () => {
    const victim = await loggedIn();
    const attacker = await loggedIn();
    const email = uniqueEmail();
    await victim.client.POST(EMAILS, { body: { email } });
    const code = await codeSentTo(email);
    const stolen = await attacker.client.POST(VERIFY, { body: { code, email } });
    expect(stolen.response.status).toBe(400);
    expect(stolen.error?.errorCode).toBe('ER-02701');
  });
});
