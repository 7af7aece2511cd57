import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('GET /flags', () => {
  it('answers without a token, with no flag on (the SDK reads a missing flag as off)', async () => {
    const { data, response } = await server.client.GET('/flags', {});
    expect(response.status).toBe(200);
    expect(data).toEqual({});
  });

  it('answers the same with a token of any kind', async () => {
    const { data, response } = await server.client.GET('/flags', { headers: { authorization: 'Bearer not-a-token' } });
    expect(response.status).toBe(200);
    expect(data).toEqual({});
  });
});
