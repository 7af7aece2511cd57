import { createNesteggClient, type NesteggClient } from '../../client';
import { asVendor, createTenant, createUser, login } from './fixtures';
import type { TestServer } from './server';

export const TENANTS = '/tenants/resources/tenants/v1';
export const TENANT = '/tenants/resources/tenants/v1/{tenantId}';
export const TENANT_METADATA = '/tenants/resources/tenants/v1/{tenantId}/metadata';
export const TENANT_METADATA_KEY = '/tenants/resources/tenants/v1/{tenantId}/metadata/{key}';
export const TENANTS_V2 = '/tenants/resources/tenants/v2';
export const TENANT_V2 = '/tenants/resources/tenants/v2/{tenantId}';
export const TENANT_BY_ALIAS = '/tenants/resources/tenants/v2/alias/{alias}';
export const ACCOUNT_SETTINGS = '/tenants/resources/account-settings/v1';
export const PUBLIC_ACCOUNT_SETTINGS = '/tenants/resources/account-settings/v1/public';
export const MIGRATE_TENANTS = '/tenants/resources/migrations/v1/tenants';
export const MIGRATION_STATUS = '/tenants/resources/migrations/v1/tenants/status/{migrationId}';

/**
 * An account with its first member (Admin: every account-settings permission) and a second one
 * (ReadOnly: `fe.account-settings.read.app` only), both logged in, and an environment client acting
 * in the account.
 */
export async function accountWithMembers(server: TestServer) {
  const { client: vendor, token } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const adminUser = await createUser(vendor, tenant.tenantId);
  const readOnlyUser = await createUser(vendor, tenant.tenantId);
  const adminLogin = await login(server, adminUser.email);
  const readOnlyLogin = await login(server, readOnlyUser.email);
  return {
    vendor,
    tenant,
    admin: { ...adminUser, ...adminLogin, client: createNesteggClient({ baseUrl: server.url, accessToken: adminLogin.accessToken }) },
    readOnly: { ...readOnlyUser, ...readOnlyLogin, client: createNesteggClient({ baseUrl: server.url, accessToken: readOnlyLogin.accessToken }) },
    asEnvironment: createNesteggClient({ baseUrl: server.url, accessToken: token, headers: { 'frontegg-tenant-id': tenant.tenantId } }),
  };
}

/** Polls the status route until the account migration is completed, and answers its last status. */
export async function migrationCompleted(client: NesteggClient, migrationId: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const status = await client.GET(MIGRATION_STATUS, { params: { path: { migrationId } } });
    if (status.response.status !== 200) throw new Error(`status: ${status.response.status}`);
    if (status.data!.state === 'COMPLETED') return status.data!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the migration did not complete');
}
