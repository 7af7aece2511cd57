import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { PUBLICATION_LEAD } from '../../../server/services/keys';
import { login, tenantWithUser } from '../../support/fixtures';
import { ageSigningKeys, kidOf, runKeysRotate } from '../../support/signing-keys';
import { startTestServer, type TestServer } from '../../support/server';

/**
 * Two servers on one PostgreSQL database learn of a rotation without a restart. Rotation is
 * environment-wide, so this file makes its own database on the PostgreSQL of DATABASE_URL (PostgreSQL
 * pass only) and drops it at the end.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres('signing-key rotation across two servers on one PostgreSQL', () => {
  const name = `nestegg_keys_${randomUUID().replace(/-/g, '')}`;
  const databaseUrl = (() => {
    const url = new URL(process.env.DATABASE_URL ?? 'postgres://localhost/x');
    url.pathname = `/${name}`;
    return url.toString();
  })();
  const admin = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 1 } });
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    await admin.raw(`create database ${name}`);
    first = await startTestServer({ databaseUrl });
    second = await startTestServer({ databaseUrl });
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await admin.raw(`drop database if exists ${name}`);
    await admin.destroy();
  });

  const ME = '/identity/resources/users/v2/me';

  it("both sign with the new key once it activates, and each verifies the other's tokens of either key", async () => {
    const { user } = await tenantWithUser(first);
    const old = await login(first, user.email);
    const oldKid = kidOf(old.accessToken);

    // The command rotates while both servers run.
    const { code, output } = await runKeysRotate({ DATABASE_URL: databaseUrl });
    expect({ code, output }).toMatchObject({ code: 0 });
    const newKid = /new signing key ([0-9a-f]{8})/.exec(output)![1];
    expect(kidOf((await login(second, user.email)).accessToken)).toBe(oldKid);

    await ageSigningKeys(first.db, PUBLICATION_LEAD);
    const fromFirst = await login(first, user.email);
    const fromSecond = await login(second, user.email);
    expect([kidOf(fromFirst.accessToken), kidOf(fromSecond.accessToken)]).toEqual([newKid, newKid]);
    for (const [server, token] of [
      [second, fromFirst.accessToken],
      [first, fromSecond.accessToken],
      [second, old.accessToken],
    ] as const) {
      expect((await server.client.GET(ME, { headers: { authorization: `Bearer ${token}` } })).response.status).toBe(200);
    }
    const jwks = await second.client.GET('/.well-known/jwks.json', {});
    expect(jwks.data!.keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
  });
});
