import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { insertJob } from '../../../server/repositories/jobs';
import { createTenant, createUser, asVendor, login } from '../../support/fixtures';
import { startTestServer } from '../../support/server';
import { TENANT_V2, migrationCompleted } from '../../support/tenants';
import { makeTempDir } from '../../support/temp';

const onPglite = !process.env.DATABASE_URL;

/** Each test starts two servers in turn, each opening its database and running the migrations. */
const TWO_STARTS_MS = 180_000;

describe('a restart', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = makeTempDir('restart-');
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    'keeps the environment, the signing key, users and sessions',
    async () => {
      const first = await startTestServer(onPglite ? { dataDir } : {});
      const { client: vendor } = await asVendor(first);
      const tenant = await createTenant(vendor);
      const user = await createUser(vendor, tenant.tenantId);
      const session = await login(first, user.email);
      const rotated = await first.client.POST('/identity/resources/auth/v1/user/token/refresh', { body: { refreshToken: session.refreshToken } });
      const jwksBefore = (await first.client.GET('/.well-known/jwks.json', {})).data;
      await first.close();

      const second = await startTestServer(onPglite ? { dataDir } : {});
      try {
        expect(second.bootstrap.created).toBe(false);
        expect(second.clientId).toBe(first.clientId);
        expect((await second.client.GET('/.well-known/jwks.json', {})).data).toEqual(jwksBefore);
        // The session goes on, and the used token is still known as used.
        const next = await second.client.POST('/identity/resources/auth/v1/user/token/refresh', { body: { refreshToken: rotated.data!.refreshToken } });
        expect(next.response.status).toBe(201);
        const replay = await second.client.POST('/identity/resources/auth/v1/user/token/refresh', { body: { refreshToken: session.refreshToken } });
        expect(replay.response.status).toBe(401);
        // The access token from before the restart still verifies.
        const me = await second.client.GET('/identity/resources/users/v2/me', { headers: { authorization: `Bearer ${session.accessToken}` } });
        expect(me.response.status).toBe(200);
      } finally {
        await second.close();
      }
    },
    TWO_STARTS_MS,
  );

  it(
    'takes up an account migration that a stopped process left unfinished',
    async () => {
      const first = await startTestServer(onPglite ? { dataDir } : {});
      // What a process that stopped mid-migration leaves behind: the migration stored, its accounts pending.
      const migrationId = randomUUID();
      const tenantIds = [`resumed-${randomUUID()}`, `resumed-${randomUUID()}`];
      await insertJob(
        first.db,
        { id: migrationId, kind: 'tenant-migration' },
        tenantIds.map((tenantId) => ({ key: tenantId, input: { tenantId, name: 'Resumed' } })),
      );
      await first.db('jobs').where({ id: migrationId }).update({ state: 'IN_PROGRESS' });
      await first.close();

      const second = await startTestServer(onPglite ? { dataDir } : {});
      try {
        const { client: vendor } = await asVendor(second);
        expect(await migrationCompleted(vendor, migrationId)).toMatchObject({
          state: 'COMPLETED',
          tenants: tenantIds.map((tenantId) => ({ tenantId, status: 'SUCCEEDED' })),
        });
        for (const tenantId of tenantIds) {
          expect((await vendor.GET(TENANT_V2, { params: { path: { tenantId } } })).data).toMatchObject({ tenantId, name: 'Resumed' });
        }
      } finally {
        await second.close();
      }
    },
    TWO_STARTS_MS,
  );
});
