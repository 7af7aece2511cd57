import { sha256Hex } from '../../../server/lib/crypto';
import type { DomainError } from '../../../server/services/errors';
import { asVendor, createTenant, createUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();
const STRATEGY = '/identity/resources/users/v1/activate/strategy';
const ACTIVATE = '/identity/resources/users/v1/activate';
const SAME_ANSWER = { errors: ['The link is invalid or has expired'], errorCode: 'ER-02701' };

async function twoUsers() {
  const { client: vendor } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const first = await createUser(vendor, tenant.tenantId);
  const second = await createUser(vendor, tenant.tenantId);
  await server.db('users').whereIn('id', [first.id, second.id]).update({ verified: false });
  return { vendor, first, second };
}

async function failure(attempt: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = (await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )) as DomainError | undefined;
  if (!error) throw new Error('expected a failure');
  return { code: error.code, message: error.message };
}

describe('one-time link tokens', () => {
  it('are random, stored only as their SHA-256', async () => {
    const { first } = await twoUsers();
    const tokens = await Promise.all([1, 2, 3].map(() => server.services.linkTokens.issue('password_reset', first.id)));
    expect(new Set(tokens).size).toBe(3);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await server.db('link_tokens').where({ user_id: first.id, purpose: 'password_reset' });
    expect(rows.map((row) => row.token_hash).sort()).toEqual(tokens.map(sha256Hex).sort());
  });

  it("work once: used, expired, another user's, another purpose's and unknown all fail the same way", async () => {
    const { first, second } = await twoUsers();
    const tokens = server.services.linkTokens;
    const reset = await tokens.issue('password_reset', first.id);
    const expected = { code: 'ER-02701', message: 'The link is invalid or has expired' };

    // another user, another purpose, unknown, malformed user id
    expect(await failure(server.db.transaction((trx) => tokens.consume(trx, 'password_reset', second.id, reset)))).toEqual(expected);
    expect(await failure(server.db.transaction((trx) => tokens.consume(trx, 'activation', first.id, reset)))).toEqual(expected);
    expect(await failure(server.db.transaction((trx) => tokens.consume(trx, 'password_reset', first.id, `${reset}x`)))).toEqual(expected);
    expect(await failure(server.db.transaction((trx) => tokens.consume(trx, 'password_reset', 'not-a-uuid', reset)))).toEqual(expected);

    // the right one works once
    const row = await server.db.transaction((trx) => tokens.consume(trx, 'password_reset', first.id, reset));
    expect(row.user_id).toBe(first.id);
    expect(await failure(server.db.transaction((trx) => tokens.consume(trx, 'password_reset', first.id, reset)))).toEqual(expected);

    // expired
    const late = await tokens.issue('password_reset', second.id);
    await server
      .db('link_tokens')
      .where({ token_hash: sha256Hex(late) })
      .update({ expires_at: server.db.raw("now() - interval '1 second'") });
    expect(await failure(server.db.transaction((trx) => tokens.consume(trx, 'password_reset', second.id, late)))).toEqual(expected);
    expect(await failure(tokens.check('password_reset', second.id, late))).toEqual(expected);
  });

  it('a flow that fails after using the token rolls back, and the token still works', async () => {
    const { first } = await twoUsers();
    const token = await server.services.linkTokens.issue('password_reset', first.id);
    await expect(
      server.db.transaction(async (trx) => {
        await server.services.linkTokens.consume(trx, 'password_reset', first.id, token);
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    await expect(server.services.linkTokens.check('password_reset', first.id, token)).resolves.toMatchObject({ user_id: first.id });
  });

  it('two uses at the same moment: exactly one wins', async () => {
    const { first } = await twoUsers();
    const token = await server.services.linkTokens.issue('password_reset', first.id);
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map(() => server.db.transaction((trx) => server.services.linkTokens.consume(trx, 'password_reset', first.id, token))),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it("over HTTP, a used, expired or other user's activation token gets one answer", async () => {
    const { vendor, first, second } = await twoUsers();
    const { data } = await vendor.POST('/identity/resources/users/v1/{userId}/links/generate-activation-token', { params: { path: { userId: first.id } } });
    const token = data!.token;

    const otherUser = await server.client.GET(STRATEGY, { params: { query: { userId: second.id, token } } });
    const otherUserActivate = await server.client.POST(ACTIVATE, { body: { userId: second.id, token, password: 'whatever it is' } });
    const unknown = await server.client.GET(STRATEGY, { params: { query: { userId: first.id, token: 'nothing-like-it' } } });
    const notUuid = await server.client.GET(STRATEGY, { params: { query: { userId: 'x', token } } });

    const { data: second2 } = await vendor.POST('/identity/resources/users/v1/{userId}/links/generate-activation-token', {
      params: { path: { userId: second.id } },
    });
    await server
      .db('link_tokens')
      .where({ token_hash: sha256Hex(second2!.token) })
      .update({ expires_at: server.db.raw("now() - interval '1 second'") });
    const expired = await server.client.POST(ACTIVATE, { body: { userId: second.id, token: second2!.token, password: 'whatever it is' } });

    const used = await server.client.POST(ACTIVATE, { body: { userId: first.id, token, password: 'first use works' } });
    expect(used.response.status).toBe(200);
    const reused = await server.client.POST(ACTIVATE, { body: { userId: first.id, token, password: 'first use works' } });

    for (const answer of [otherUser, otherUserActivate, unknown, notUuid, expired, reused]) {
      expect(answer.response.status).toBe(400);
      expect(answer.error).toEqual(SAME_ANSWER);
    }
  });
});
