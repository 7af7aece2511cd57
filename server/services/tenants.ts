import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { findTenant, insertTenant, type TenantRow } from '../repositories/tenants';
import { errors } from './errors';

/** What creating an account takes: the spec's request body. */
export type NewTenantInput = components['schemas']['CreateTenantRequest'];

export function createTenantsService(db: Db) {
  return {
    async create(input: NewTenantInput): Promise<TenantRow> {
      const tenantId = input.tenantId ?? randomUUID();
      const inserted = await insertTenant(db, {
        id: randomUUID(),
        tenant_id: tenantId,
        name: input.name ?? '',
        status: input.status ?? null,
        website: input.website ?? null,
        application_url: input.applicationUrl ?? null,
        logo: input.logo ?? null,
        logo_url: input.logoUrl ?? null,
        address: input.address ?? null,
        timezone: input.timezone ?? null,
        currency: input.currency ?? null,
        creator_name: input.creatorName ?? null,
        creator_email: input.creatorEmail ?? null,
        is_reseller: input.isReseller ?? false,
        parent_tenant_id: input.parentTenantId ?? null,
      });
      if (!inserted) throw errors.tenantIdTaken();
      return this.get(tenantId);
    },

    async get(tenantId: string): Promise<TenantRow> {
      const tenant = await findTenant(db, tenantId);
      if (!tenant) throw errors.tenantNotFound();
      return tenant;
    },
  };
}

export type TenantsService = ReturnType<typeof createTenantsService>;
