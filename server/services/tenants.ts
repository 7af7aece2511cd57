import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { findTenant, insertTenant, lockTenant, removeTenant, type TenantRow } from '../repositories/tenants';
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

    /**
     * Deletes an account and its users, as the reference describes: sub-accounts are not refused
     * nor deleted, they move up to the deleted account's parent. One transaction.
     */
    async remove(tenantId: string): Promise<void> {
      await db.transaction(async (trx) => {
        const tenant = await lockTenant(trx, tenantId);
        if (!tenant) throw errors.tenantNotFound();
        await removeTenant(trx, tenant);
      });
    },
  };
}

export type TenantsService = ReturnType<typeof createTenantsService>;
