import { randomBytes } from 'node:crypto';
import { JWKS_MAX_AGE, PUBLICATION_LEAD, RETIREMENT_MARGIN } from '../../../server/services/keys';
import { VENDOR_TOKEN_LIFETIME } from '../../../server/services/environment';
import { createNesteggClient } from '../../../client';
import { login, tenantWithUser } from '../../support/fixtures';
import { ageSigningKeys, jwksKids, kidOf, me, storedPrivateKeys } from '../../support/signing-keys';
import { useTestServer } from '../../support/server';

/**
 * Signing-key rotation with overlap. Rotation is environment-wide: this file runs on a server with
 * its own embedded database. Time moves by moving the keys' moments into the past, never by sleeping.
 */
const SECRETS_KEY = randomBytes(32);
// With NESTEGG_SECRETS_KEY: keys made from then on are sealed; one made before (the prepared dump's) still reads.
const server = useTestServer({ databaseUrl: undefined, secretsKey: SECRETS_KEY });

const REFRESH = '/identity/resources/auth/v1/user/token/refresh';
const KEEP = VENDOR_TOKEN_LIFETIME + RETIREMENT_MARGIN;

describe('signing-key rotation', () => {
  it('publishes the new key before it signs, keeps the old one until its tokens have expired, and verifies both meanwhile', async () => {
    const { user } = await tenantWithUser(server);
    const [oldKid] = await jwksKids(server);
    const before = await login(server, user.email);
    expect(kidOf(before.accessToken)).toBe(oldKid);

    const rotated = await server.services.keys.rotate();
    expect((rotated.activateAt.getTime() - rotated.publishAt.getTime()) / 1000).toBe(PUBLICATION_LEAD);
    const stored = (await storedPrivateKeys(server.db))[rotated.kid];
    expect(stored).toMatch(/^sealed:v1:/);
    expect(stored).not.toContain('PRIVATE KEY');
    // Published at once, but the old key still signs and still comes first.
    expect(await jwksKids(server)).toEqual([oldKid, rotated.kid]);
    const jwks = await fetch(`${server.url}/.well-known/jwks.json`);
    expect(jwks.headers.get('cache-control')).toBe(`public, max-age=${JWKS_MAX_AGE}`);
    expect(PUBLICATION_LEAD).toBeGreaterThanOrEqual(JWKS_MAX_AGE);
    expect(kidOf((await login(server, user.email)).accessToken)).toBe(oldKid);

    // The lead time passes: the new key signs, both are published, the old key's token still verifies.
    await ageSigningKeys(server.db, PUBLICATION_LEAD);
    const after = await login(server, user.email);
    expect(kidOf(after.accessToken)).toBe(rotated.kid);
    expect(await jwksKids(server)).toEqual([rotated.kid, oldKid]);
    expect((await me(server, before.accessToken)).response.status).toBe(200);
    expect((await me(server, after.accessToken)).response.status).toBe(200);
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: before.refreshToken } });
    expect(refreshed.response.status).toBe(201);
    expect(kidOf(refreshed.data!.accessToken)).toBe(rotated.kid);

    // Just before the old key's last tokens expire it is still published; after, it is gone.
    await ageSigningKeys(server.db, KEEP - 60);
    expect(await jwksKids(server)).toEqual([rotated.kid, oldKid]);
    await ageSigningKeys(server.db, 120);
    expect(await jwksKids(server)).toEqual([rotated.kid]);
  });

  it('keeps an old key longer when a longer token lifetime is set after the rotation', async () => {
    const { kid } = await server.services.keys.rotate();
    await ageSigningKeys(server.db, PUBLICATION_LEAD);
    const [signing, previous] = await jwksKids(server);
    expect(signing).toBe(kid);
    // Through the settings service, as POST /identity/resources/configurations/v1 does.
    await server.services.environment.configure({ defaultTokenExpiration: 2 * VENDOR_TOKEN_LIFETIME });
    try {
      await ageSigningKeys(server.db, KEEP + 60);
      expect(await jwksKids(server)).toEqual([kid, previous]);
      await ageSigningKeys(server.db, VENDOR_TOKEN_LIFETIME);
      expect(await jwksKids(server)).toEqual([kid]);
    } finally {
      await server.services.environment.configure({ defaultTokenExpiration: 300 });
    }
  });

  it('keeps a key published while an access token (x-api-key) it signed still works', async () => {
    const { user } = await tenantWithUser(server);
    const admin = createNesteggClient({ baseUrl: server.url, accessToken: (await login(server, user.email)).accessToken });
    const lasting = (await admin.POST('/identity/resources/tenants/access-tokens/v1', { body: {} })).data!;
    const expiring = (await admin.POST('/identity/resources/users/access-tokens/v1', { body: { expiresInMinutes: 60 } })).data!;
    const kid = kidOf(lasting.secret!)!;
    expect(kidOf(expiring.secret!)).toBe(kid);

    await server.services.keys.rotate();
    await ageSigningKeys(server.db, PUBLICATION_LEAD + KEEP + 120);
    // Every session token of the old key has expired, but the access tokens have not.
    expect(await jwksKids(server)).toContain(kid);
    await server
      .db('access_tokens')
      .where({ id: expiring.id })
      .update({ expires_at: server.db.raw("now() - interval '1 second'") });
    expect(await jwksKids(server)).toContain(kid);
    const again = createNesteggClient({ baseUrl: server.url, accessToken: (await login(server, user.email)).accessToken });
    expect((await again.DELETE('/identity/resources/tenants/access-tokens/v1/{id}', { params: { path: { id: lasting.id } } })).response.status).toBe(200);
    expect(await jwksKids(server)).not.toContain(kid);
  });

  it('rotates on a schedule exactly once, however many processes look at once', async () => {
    expect(await server.services.keys.rotateIfDue(30)).toBeUndefined();
    await ageSigningKeys(server.db, 30 * 86_400);
    const results = await Promise.all(Array.from({ length: 5 }, () => server.services.keys.rotateIfDue(30)));
    const rotations = results.filter(Boolean);
    expect(rotations).toHaveLength(1);
    expect((await jwksKids(server)).at(-1)).toBe(rotations[0]!.kid);
    expect(await server.services.keys.rotateIfDue(30)).toBeUndefined();
  });

  it('the schedule (NESTEGG_KEY_ROTATION_DAYS) looks at start: nothing when the key is young, a rotation once it is due', async () => {
    const count = async () => Number((await server.db('signing_keys').count<{ count: string }[]>('kid as count'))[0].count);
    const before = await count();
    server.services.keys.start(30);
    await server.services.keys.stop();
    expect(await count()).toBe(before);
    await ageSigningKeys(server.db, 30 * 86_400);
    server.services.keys.start(30);
    await server.services.keys.stop();
    expect(await count()).toBe(before + 1);
  });

  it('key rotation under load: continuous logins and refreshes while a rotation happens give zero failures', async () => {
    const { user } = await tenantWithUser(server);
    const seen = new Set<string>();
    const failures: string[] = [];
    let stop = false;
    let refreshes = 0;
    const waiting: { at: number; resolve: () => void }[] = [];
    /** Resolves once `count` more refreshes have succeeded. */
    const afterRefreshes = (count: number) => new Promise<void>((resolve) => waiting.push({ at: refreshes + count, resolve }));
    const worker = async () => {
      let { refreshToken } = await login(server, user.email);
      // Until the new key signs, and then two more rounds.
      let roundsAfter = 0;
      while (roundsAfter < 2) {
        if (stop) roundsAfter += 1;
        const refreshed = await server.client.POST(REFRESH, { body: { refreshToken } });
        if (refreshed.response.status !== 201) {
          failures.push(`refresh ${refreshed.response.status}`);
          return;
        }
        refreshToken = refreshed.data!.refreshToken;
        refreshes += 1;
        for (const wait of waiting.filter((entry) => entry.at <= refreshes)) wait.resolve();
        seen.add(kidOf(refreshed.data!.accessToken)!);
        const checked = await me(server, refreshed.data!.accessToken);
        if (checked.response.status !== 200) failures.push(`me ${checked.response.status}`);
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    const rotation = (async () => {
      await afterRefreshes(20);
      const { kid } = await server.services.keys.rotate();
      await afterRefreshes(20);
      await ageSigningKeys(server.db, PUBLICATION_LEAD);
      await afterRefreshes(20);
      const fresh = await login(server, user.email);
      expect(kidOf(fresh.accessToken)).toBe(kid);
      stop = true;
      return kid;
    })();
    const [kid] = await Promise.all([rotation, ...workers]);
    expect(failures).toEqual([]);
    expect(refreshes).toBeGreaterThanOrEqual(60);
    expect(seen.size).toBe(2);
    expect(seen.has(kid)).toBe(true);
  });
});
