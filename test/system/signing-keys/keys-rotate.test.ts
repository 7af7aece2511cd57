import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { login, tenantWithUser } from '../../support/fixtures';
import { seededDataDir, startTestServer } from '../../support/server';
import { jwksKids, me, runKeysRotate, storedPrivateKeys } from '../../support/signing-keys';

const SECRETS_KEY = randomBytes(32);

describe('npm run keys:rotate', () => {
  it('rotates the key of a PGlite data directory with the same service, sealed with the same NESTEGG_SECRETS_KEY; a start without that key is refused', async () => {
    const dataDir = seededDataDir('keys-');
    try {
      const first = await startTestServer({ databaseUrl: undefined, dataDir, secretsKey: SECRETS_KEY });
      const [oldKid] = await jwksKids(first);
      await first.close();
      const { code, output } = await runKeysRotate({ DATABASE_URL: '', NESTEGG_DATA_DIR: dataDir, NESTEGG_SECRETS_KEY: SECRETS_KEY.toString('hex') });
      expect({ code, output }).toMatchObject({ code: 0, output: expect.stringMatching(/new signing key [0-9a-f]{8} published/) });
      const newKid = /new signing key ([0-9a-f]{8})/.exec(output)![1];
      const second = await startTestServer({ databaseUrl: undefined, dataDir, secretsKey: SECRETS_KEY });
      try {
        expect(await jwksKids(second)).toEqual([oldKid, newKid]);
        const stored = await storedPrivateKeys(second.db);
        expect(Object.keys(stored).sort()).toEqual([oldKid, newKid].sort());
        for (const sealed of Object.values(stored)) expect(sealed).toMatch(/^sealed:v1:/);
        const { user } = await tenantWithUser(second);
        expect((await me(second, (await login(second, user.email)).accessToken)).response.status).toBe(200);
      } finally {
        await second.close();
      }
      // Another key is refused alike (test/unit/sealed.test.ts); one refused start is enough here.
      await expect(startTestServer({ databaseUrl: undefined, dataDir })).rejects.toThrow(/NESTEGG_SECRETS_KEY, which this process was not given/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
