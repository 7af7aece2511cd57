import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('documentation routes', () => {
  it('serves the bundled spec at /openapi.json', async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    const spec = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/identity/resources/auth/v1/user'].post.operationId).toBe('authenticateLocalUser');
  });

  it('serves a self-contained Redoc page at /docs', async () => {
    const response = await fetch(`${server.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toMatch(/redoc/i);
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
  });

  it('answers an unknown route with a 404 in the error shape, with a trace id', async () => {
    const response = await fetch(`${server.url}/identity/resources/nothing/v1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('frontegg-trace-id')).toBeTruthy();
    expect(await response.json()).toEqual({ errors: ['No such route'], errorCode: 'ER-00002' });
  });
});
