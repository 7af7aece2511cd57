import { useTestServer } from '../../support/server';

const server = useTestServer({ vendor: { name: 'Acme Cloud', logoUrl: 'https://acme.example/logo.png', iconUrl: '' } });

describe('GET /vendors/public', () => {
  it("answers without a token with the environment's name and images, and no third party's brand", async () => {
    const { data, response } = await server.client.GET('/vendors/public', {});
    expect(response.status).toBe(200);
    expect(data).toEqual({ name: 'Acme Cloud', logo: 'https://acme.example/logo.png', icon: '', whiteLabelMode: true });
  });
});
