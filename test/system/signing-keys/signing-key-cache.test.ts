import { PUBLICATION_LEAD } from '../../../server/services/keys';
import { login, tenantWithUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';
import { ageSigningKeys, jwksKids, kidOf, me } from '../../support/signing-keys';

/** Which key signs, as one process remembers it: rotation is environment-wide, so a database of its own. */
describe('a process trusts its reading of which key signs for NESTEGG_SIGNING_KEY_CACHE_MS', () => {
  const cached = useTestServer({
    databaseUrl: undefined,
    signingKeyCacheMs: 30_000,
  });

  it('signs with the key it read until the reading ends, then with the key the database says; both verify meanwhile', async () => {
    const { user } = await tenantWithUser(cached);
    const [oldKid] = await jwksKids(cached);
    const { kid: newKid } = await cached.services.keys.rotate();
    expect(kidOf((await login(cached, user.email)).accessToken)).toBe(oldKid);
    // The new key's moment comes (in the database), but this process's reading holds for 30 s yet.
    await ageSigningKeys(cached.db, PUBLICATION_LEAD);
    const stale = await login(cached, user.email);
    expect(kidOf(stale.accessToken)).toBe(oldKid);
    expect((await me(cached, stale.accessToken)).response.status).toBe(200);
    // The process clock moves past the reading: the next signature asks the database again.
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 31_000);
    try {
      expect(kidOf((await login(cached, user.email)).accessToken)).toBe(newKid);
    } finally {
      clock.mockRestore();
    }
  });
});
