import type { TenantRow } from '../../repositories/tenants';
import type { Schema } from './schema';

export function toTenant(tenant: TenantRow, vendorId: string): Schema<'Tenant'> {
  return {
    id: tenant.id,
    tenantId: tenant.tenant_id,
    name: tenant.name,
    vendorId,
    isReseller: tenant.is_reseller,
    metadata: JSON.stringify(tenant.metadata),
    status: tenant.status,
    website: tenant.website,
    applicationUrl: tenant.application_url,
    logo: tenant.logo,
    logoUrl: tenant.logo_url,
    address: tenant.address,
    timezone: tenant.timezone,
    currency: tenant.currency,
    creatorName: tenant.creator_name,
    creatorEmail: tenant.creator_email,
    deletedAt: tenant.deleted_at?.toISOString() ?? null,
    createdAt: tenant.created_at.toISOString(),
    updatedAt: tenant.updated_at.toISOString(),
  };
}
