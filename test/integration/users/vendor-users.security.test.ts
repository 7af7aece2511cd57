import { PASSWORD, login, tenantWithUser, uniqueEmail } from '../../support/fixtures';
import { REFRESH } from '../../support/roles';
import { PRODUCTION_ARGON2, startTestServer, useTestServer } from '../../support/server';
import { expectSameTiming, pairedTimings } from '../../support/timing';

const server = useTestServer();

const VERIFY_PASSWORD = '/identity/resources/vendor-only/users/v1/passwords/verify';
const LOCK = '/identity/resources/users/v1/{userId}/lock';

describe('password verification does not tell which emails exist', () => {
  it('answers an unknown email and a wrong password with the same status and body', async () => {
    const { vendor, user } = await tenantWithUser(server);
    const wrong = await vendor.POST(VERIFY_PASSWORD, { body: { email: user.email, password: 'wrong password' } });
    const unknown = await vendor.POST(VERIFY_PASSWORD, { body: { email: uniqueEmail(), password: 'wrong password' } });
    expect([wrong.response.status, unknown.response.status]).toEqual([401, 401]);
    expect(unknown.error).toEqual(wrong.error);
    expect(wrong.error?.errorCode).toBe('ER-01002');
  });

  it('costs about the same time for an unknown email as for a wrong password', async () => {
    // On a server with the production hash cost: an unknown email still pays for a hash.
    const own = await startTestServer({ argon2: PRODUCTION_ARGON2 });
    try {
      const { vendor, user } = await tenantWithUser(own);
      const verify = (email: string) => vendor.POST(VERIFY_PASSWORD, { body: { email, password: 'wrong password' } });
      expectSameTiming(
        await pairedTimings(
          30,
          () => verify(user.email),
          () => verify(uniqueEmail()),
        ),
      );
    } finally {
      await own.close();
    }
  });
});

describe('locking a user', () => {
  it('ends every one of their sessions at once and refuses their login', async () => {
    const { vendor, user } = await tenantWithUser(server);
    const first = await login(server, user.email);
    const second = await login(server, user.email);
    expect((await vendor.POST(LOCK, { params: { path: { userId: user.id } } })).response.status).toBe(200);
    for (const session of [first, second]) {
      expect((await server.client.POST(REFRESH, { body: { refreshToken: session.refreshToken } })).response.status).toBe(401);
    }
    const loginLocked = await server.client.POST('/identity/resources/auth/v1/user', { body: { email: user.email, password: PASSWORD } });
    // The answer of a wrong password: a locked account is not disclosed to the caller.
    expect(loginLocked.response.status).toBe(401);
    expect(loginLocked.error?.errorCode).toBe('ER-01002');
    expect(JSON.stringify(loginLocked.error)).not.toMatch(/argon2|hash/i);
  });
});
