import { useTestServer } from '../../support/server';

const server = useTestServer();

describe('GET /metadata', () => {
  it('answers adminBox with no rows, so the store keeps its default look', async () => {
    const { data, response } = await server.client.GET('/metadata', { params: { query: { entityName: 'adminBox' } } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ rows: [] });
  });

  it('answers saml with one inactive row with empty settings (no SAML yet), never a 404', async () => {
    const { data, response } = await server.client.GET('/metadata', { params: { query: { entityName: 'saml' } } });
    expect(response.status).toBe(200);
    expect(data?.rows).toEqual([
      {
        id: '00000000-0000-0000-0000-000000000000',
        vendorId: expect.any(String),
        entityName: 'saml',
        isActive: false,
        configuration: { acsUrl: '', spEntityId: '' },
        properties: [],
        createdAt: new Date(0).toISOString(),
        updatedAt: new Date(0).toISOString(),
      },
    ]);
  });

  it('answers any other kind with no rows', async () => {
    const { data, response } = await server.client.GET('/metadata', { params: { query: { entityName: 'notifications' } } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ rows: [] });
  });

  it('answers 400 in the error shape without entityName', async () => {
    const { error, response } = await server.client.GET('/metadata', { params: { query: {} as { entityName: string } } });
    expect(response.status).toBe(400);
    expect(error?.errors?.[0]).toMatch(/entityName/);
  });
});
