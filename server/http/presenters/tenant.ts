import type { JobView } from '../../services/jobs';
import type { TenantRow } from '../../repositories/tenants';
import type { Schema } from './schema';

export function toTenant(tenant: TenantRow, vendorId: string): Schema<'Tenant'> {
  return {
    id: tenant.id,
    tenantId: tenant.tenant_id,
    name: tenant.name,
    vendorId,
    isReseller: tenant.is_reseller,
    parentTenantId: tenant.parent_tenant_id,
    metadata: JSON.stringify(tenant.metadata),
    alias: tenant.alias,
    status: tenant.status,
    website: tenant.website,
    applicationUrl: tenant.application_url,
    logo: tenant.logo,
    logoUrl: tenant.logo_url,
    address: tenant.address,
    timezone: tenant.timezone,
    dateFormat: tenant.date_format,
    timeFormat: tenant.time_format,
    currency: tenant.currency,
    creatorName: tenant.creator_name,
    creatorEmail: tenant.creator_email,
    deletedAt: tenant.deleted_at?.toISOString() ?? null,
    createdAt: tenant.created_at.toISOString(),
    updatedAt: tenant.updated_at.toISOString(),
  };
}

export function toAccountSettings(tenant: TenantRow): Schema<'AccountSettings'> {
  return {
    id: tenant.id,
    address: tenant.address,
    timezone: tenant.timezone,
    dateFormat: tenant.date_format,
    timeFormat: tenant.time_format,
    currency: tenant.currency,
    logo: tenant.logo,
    logoUrl: tenant.logo_url,
    applicationUrl: tenant.application_url,
  };
}

export function toPublicAccountSettings(tenant: TenantRow): Schema<'PublicAccountSettings'> {
  return { id: tenant.id, tenantId: tenant.tenant_id, logo: tenant.logo, logoUrl: tenant.logo_url, applicationUrl: tenant.application_url };
}

export function toTenantsMigrationStatus({ job: migration, items }: JobView): Schema<'TenantsMigrationStatus'> {
  const count = (status: string) => items.filter((item) => item.status === status).length;
  return {
    migrationId: migration.id,
    state: migration.state,
    totalTenants: migration.total,
    migratedTenants: count('SUCCEEDED'),
    failedTenants: count('FAILED'),
    pendingTenants: count('PENDING'),
    tenants: items.map((item) => ({ tenantId: item.key, status: item.status, error: item.error, errorCode: item.error_code })),
    createdAt: migration.created_at.toISOString(),
    completedAt: migration.completed_at?.toISOString() ?? null,
  };
}
