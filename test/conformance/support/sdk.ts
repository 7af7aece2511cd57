import './browser';
import { randomUUID } from 'node:crypto';
import { ContextHolder, createApiClient, type FronteggApiClient } from '@frontegg/rest-api';
import type { NesteggClient } from '../../../client';
import { asVendor, createTenant, createUser, PASSWORD } from '../../support/fixtures';
import type { TestServer } from '../../support/server';
import { Browser } from './browser';

/** Frontegg's browser SDK in a browser of its own, pointed at the server as an app configures it. */
export interface SdkBrowser {
  browser: Browser;
  api: FronteggApiClient;
  appName: string;
}

export function openSdk(server: Pick<TestServer, 'url' | 'clientId'>, browser = new Browser()): SdkBrowser {
  const appName = `app-${randomUUID()}`;
  ContextHolder.for(appName).setContext({
    baseUrl: server.url,
    clientId: server.clientId,
    requestCredentials: 'include',
    logLevel: 'error',
    beforeRequestInterceptor: browser.tag,
  } as unknown as Parameters<ContextHolder['setContext']>[0]);
  return { browser, api: createApiClient(appName), appName };
}

/** An account with its first member (an Admin), logged in through the SDK as an app does. */
export interface Scenario extends SdkBrowser {
  server: TestServer;
  vendor: NesteggClient;
  tenantId: string;
  admin: { id: string; email: string; password: string };
  /** Another member of the account, made with the environment token. */
  member(): Promise<{ id: string; email: string; password: string }>;
}

export async function loggedInAdmin(server: TestServer): Promise<Scenario> {
  const { client: vendor } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const admin = await createUser(vendor, tenant.tenantId);
  const sdk = openSdk(server);
  await sdk.api.auth.login({ email: admin.email, password: PASSWORD });
  return {
    ...sdk,
    server,
    vendor,
    tenantId: tenant.tenantId,
    admin: { id: admin.id, email: admin.email, password: PASSWORD },
    member: async () => {
      const user = await createUser(vendor, tenant.tenantId);
      return { id: user.id, email: user.email, password: PASSWORD };
    },
  };
}
