import { randomUUID } from 'node:crypto';
import { asVendor } from '../../support/fixtures';
import { startTestServer, useTestServer, type TestServer } from '../../support/server';

/**
 * GET/PUT /vendors (allowedOrigins), and the CORS answers they decide. The list is environment-wide,
 * but only requests that carry an Origin header read it, and no other test file sends one.
 */
const server = useTestServer();

const ME = '/identity/resources/users/v2/me';

function uniqueOrigin(): string {
  return `https://app-${randomUUID().slice(0, 8)}.example.com`;
}

async function putOrigins(target: TestServer, allowedOrigins: string[]) {
  const { client } = await asVendor(target);
  return client.PUT('/vendors', { body: { allowedOrigins } });
}

function preflight(target: TestServer, path: string, origin: string, requestHeaders = 'authorization, content-type') {
  return fetch(`${target.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });
}

function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

describe('GET/PUT /vendors', () => {
  it('replaces allowedOrigins with normalized origins, keeps them when left out, and GET shows them', async () => {
    const { client } = await asVendor(server);
    const origin = uniqueOrigin();
    const put = await client.PUT('/vendors', { body: { allowedOrigins: [`${origin.toUpperCase()}/`, 'http://localhost:3000', origin] } });
    expect(put.response.status).toBe(200);
    expect(put.data).toEqual({ id: server.clientId, allowedOrigins: [origin, 'http://localhost:3000'] });
    const kept = await client.PUT('/vendors', { body: {} });
    expect(kept.data?.allowedOrigins).toEqual([origin, 'http://localhost:3000']);
    const read = await client.GET('/vendors', {});
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({ id: server.clientId, allowedOrigins: [origin, 'http://localhost:3000'] });
  });

  it.each(['*', 'https://*.example.com', 'https://app.example.com/login', 'app.example.com', 'ftp://app.example.com', 'https://app.example.com?x=1'])(
    'refuses %s with a 400 naming it, and keeps the list',
    async (bad) => {
      const { client } = await asVendor(server);
      const before = (await client.GET('/vendors', {})).data?.allowedOrigins;
      const answer = await client.PUT('/vendors', { body: { allowedOrigins: ['https://ok.example.com', bad] } });
      expect(answer.response.status).toBe(400);
      expect(answer.error).toMatchObject({ errorCode: 'ER-07103' });
      expect(answer.error?.errors[0]).toContain(bad);
      expect((await client.GET('/vendors', {})).data?.allowedOrigins).toEqual(before);
    },
  );

  it('refuses fields nestegg does not keep, and callers without the environment token', async () => {
    const { client } = await asVendor(server);
    const extra = await client.PUT('/vendors', { body: { allowedOrigins: [], name: 'Acme' } as never });
    expect(extra.response.status).toBe(400);
    expect((await server.client.GET('/vendors', {})).response.status).toBe(401);
    expect((await server.client.PUT('/vendors', { body: { allowedOrigins: [] } })).response.status).toBe(401);
  });
});

describe('CORS', () => {
  it('answers an allowed origin with its own origin, credentials and the trace id exposed, on every route', async () => {
    const origin = uniqueOrigin();
    await putOrigins(server, [origin]);
    for (const path of [
      '/auth/vendor',
      '/.well-known/jwks.json',
      '/identity/resources/configurations/v1/public',
      '/frontegg/identity/resources/configurations/v1/public',
      '/no/such/route',
    ]) {
      const answer = await fetch(`${server.url}${path}`, { headers: { origin } });
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
      expect(answer.headers.get('access-control-expose-headers')).toBe('frontegg-trace-id');
      expect(answer.headers.get('vary')).toMatch(/origin/i);
    }
  });

  it('answers a preflight from an allowed origin 204 on every route, with the methods and the headers the browser SDK sends', async () => {
    const origin = uniqueOrigin();
    await putOrigins(server, [origin]);
    const sdkHeaders =
      'authorization,content-type,frontegg-source,frontegg-requested-application-id,x-frontegg-framework,x-frontegg-sdk,frontegg-vendor-host,frontegg-tenant-id,frontegg-user-id,frontegg-login-alias,frontegg-scoped-tenant,x-my-app-header';
    for (const path of [
      '/frontegg/identity/resources/auth/v1/user',
      '/identity/resources/auth/v1/user/token/refresh',
      '/auth/vendor',
      '/.well-known/jwks.json',
      '/vendors',
      '/tenants/resources/tenants/v1',
    ]) {
      const answer = await preflight(server, path, origin, sdkHeaders);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
      expect(answer.headers.get('access-control-allow-methods')).toEqual(expect.stringContaining('PATCH'));
      const allowed = answer.headers
        .get('access-control-allow-headers')!
        .split(',')
        .map((name) => name.trim());
      expect(allowed).toEqual(expect.arrayContaining(sdkHeaders.split(',')));
      expect(answer.headers.get('vary')).toMatch(/origin/i);
    }
  });

  it('gives an origin not in the list no Access-Control-* header, and refuses its preflight with a clear 403', async () => {
    await putOrigins(server, [uniqueOrigin()]);
    const stranger = uniqueOrigin();
    const simple = await fetch(`${server.url}/identity/resources/configurations/v1/public`, { headers: { origin: stranger } });
    expect(simple.status).toBe(200);
    expect(corsHeaders(simple)).toEqual({});
    const answer = await preflight(server, '/frontegg/identity/resources/auth/v1/user', stranger);
    expect(answer.status).toBe(403);
    expect(corsHeaders(answer)).toEqual({});
    const body = await answer.json();
    expect(body).toEqual({ errors: [expect.stringContaining(stranger)], errorCode: 'ER-00009' });
    expect(JSON.stringify(body)).not.toMatch(/\bat \w+ \(/); // no stack
    const nullOrigin = await preflight(server, '/identity/resources/auth/v1/user', 'null');
    expect(nullOrigin.status).toBe(403);
  });

  it('follows a change of the list at once in the process that made it', async () => {
    const origin = uniqueOrigin();
    await putOrigins(server, [origin]);
    expect((await preflight(server, ME, origin)).status).toBe(204);
    await putOrigins(server, []);
    const after = await preflight(server, ME, origin);
    expect(after.status).toBe(403);
    expect(corsHeaders(after)).toEqual({});
  });

  it('answers an OPTIONS request without an Origin 204 with the methods, never 405', async () => {
    const answer = await fetch(`${server.url}${ME}`, { method: 'OPTIONS' });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('allow')).toContain('GET');
  });
});

describe('NESTEGG_ALLOWED_ORIGINS', () => {
  it('fills the list on a start that finds none stored; PUT /vendors changes it after', async () => {
    const origin = uniqueOrigin();
    const fresh = await startTestServer({
      databaseUrl: undefined,
      allowedOrigins: [origin],
    });
    try {
      const { client } = await asVendor(fresh);
      expect((await client.GET('/vendors', {})).data?.allowedOrigins).toEqual([origin]);
      expect((await preflight(fresh, ME, origin)).headers.get('access-control-allow-origin')).toBe(origin);
    } finally {
      await fresh.close();
    }
  });

  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  onPostgres('is read from the database by every process: another one follows a change within a second', async () => {
    const other = await startTestServer();
    try {
      const origin = uniqueOrigin();
      await putOrigins(server, [origin]);
      const deadline = Date.now() + 3000;
      let status = 0;
      while (Date.now() < deadline && status !== 204) {
        status = (await preflight(other, ME, origin)).status;
        if (status !== 204) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(204);
    } finally {
      await other.close();
    }
  });
});
