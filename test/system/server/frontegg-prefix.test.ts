import { createNesteggClient } from '../../../client';
import { asVendor, createTenant } from '../../support/fixtures';
import { useTestServer } from '../../support/server';

const server = useTestServer();

/** Every route also answers under `/frontegg`, as Frontegg's browser SDKs call them. */
describe('the /frontegg prefix', () => {
  it('serves the tenants, applications, identity and page-load routes', async () => {
    const { token, client: vendor } = await asVendor(server);
    const tenant = await createTenant(vendor, 'Prefixed');
    const prefixed = createNesteggClient({ baseUrl: `${server.url}/frontegg`, accessToken: token });

    const account = await prefixed.GET('/tenants/resources/tenants/v1/{tenantId}', { params: { path: { tenantId: tenant.tenantId } } });
    expect(account.response.status).toBe(200);
    expect(account.data?.[0]?.name).toBe('Prefixed');

    const applications = await prefixed.GET('/applications/resources/applications/v1', {});
    expect(applications.response.status).toBe(200);

    const config = await prefixed.GET('/identity/resources/configurations/v1/public', {});
    expect(config.response.status).toBe(200);

    const flags = await prefixed.GET('/flags', {});
    expect(flags.response.status).toBe(200);
    const vendorInfo = await prefixed.GET('/vendors/public', {});
    expect(vendorInfo.response.status).toBe(200);
    const metadata = await prefixed.GET('/metadata', { params: { query: { entityName: 'adminBox' } } });
    expect(metadata.response.status).toBe(200);
  });

  it('keeps a path that is no route a 404 in the error shape, with or without the prefix', async () => {
    for (const path of ['/frontegg/x', '/frontegg', '/frontegg/', '/fronteggx/flags', '/frontegg/frontegg/flags']) {
      const response = await fetch(`${server.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.json()).toEqual({ errors: ['No such route'], errorCode: 'ER-00002' });
    }
  });
});
