import { randomUUID } from 'node:crypto';
import { uniqueEmail } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/server';

/**
 * Which client IP counts: the connection's, unless NESTEGG_TRUST_PROXY says how many proxies to
 * believe. Seen through the per-IP sign-up limit (one sign-up per IP here), on servers with embedded
 * databases of their own so that no other test's counts mix in.
 */
describe('NESTEGG_TRUST_PROXY', () => {
  const own = {
    databaseUrl: undefined,
    signUpRateLimit: { max: 1, windowSeconds: 3600 },
  };
  const servers: Record<'trusting' | 'plain', TestServer> = {} as never;
  beforeAll(async () => {
    servers.trusting = await startTestServer({ ...own, trustProxy: 1 });
    servers.plain = await startTestServer(own);
  });
  afterAll(() => Promise.all(Object.values(servers).map((server) => server.close())));

  const signUp = (server: TestServer, forwardedFor: string) =>
    server.client.POST('/identity/resources/users/v1/signUp', {
      params: { header: { 'x-forwarded-for': forwardedFor } as never },
      body: { provider: 'local', email: uniqueEmail(), password: 'a long enough password', companyName: `Proxy ${randomUUID()}` },
    });

  it('with one proxy trusted, the address it forwards is the client', async () => {
    expect((await signUp(servers.trusting, '203.0.113.7')).response.status).toBe(201);
    expect((await signUp(servers.trusting, '203.0.113.7')).response.status).toBe(429);
    // A spoofed hop before the proxy's does not count: the proxy appends the real one last.
    expect((await signUp(servers.trusting, '203.0.113.7, 198.51.100.9')).response.status).toBe(201);
  });

  it('without it, X-Forwarded-For is ignored: a caller cannot choose its address', async () => {
    expect((await signUp(servers.plain, '203.0.113.1')).response.status).toBe(201);
    expect((await signUp(servers.plain, '203.0.113.2')).response.status).toBe(429);
  });
});
