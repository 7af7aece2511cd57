import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { parseJsonObject } from '../lib/json';
import {
  countTenants,
  findTenant,
  findTenantByAlias,
  holdTenant,
  insertTenant,
  isUniqueViolation,
  lockTenant,
  mergeTenantMetadata,
  pageTenants,
  reactivateTenant,
  removeTenant,
  removeTenantMetadataKey,
  updateTenant,
  type NewTenant,
  type TenantChanges,
  type TenantRow,
  type TenantSortColumn,
} from '../repositories/tenants';
import { errors } from './errors';
import type { JobView, Jobs } from './jobs';
import { readPage } from './paging';

type Schemas = components['schemas'];

/** What creating an account takes: the spec's request body. */
export type NewTenantInput = Schemas['CreateTenantRequest'];
export type TenantUpdateInput = Schemas['UpdateTenantRequestV2'];
export type AccountSettingsInput = Schemas['AccountSettingsUpdateRequest'];
export type MigrateTenantsInput = Schemas['MigrateTenantsRequest'];

/** Throws 404 (`tenantNotFound`) unless the account exists and is not deleted. */
export async function requireTenant(db: Knex, tenantId: string): Promise<void> {
  if (!(await findTenant(db, tenantId))) throw errors.tenantNotFound();
}

export interface TenantsPageRequest {
  limit: number;
  /** The page, counted from 0. */
  page: number;
  sortBy: 'createdAt' | 'name' | 'tenantId';
  order: 'ASC' | 'DESC';
  filter?: string;
  tenantIds?: string[];
}

const SORT_COLUMNS: Record<TenantsPageRequest['sortBy'], TenantSortColumn> = {
  createdAt: 'created_at',
  name: 'name',
  tenantId: 'tenant_id',
};

/** The request fields an update may send, and the column each one changes. */
const UPDATABLE: Record<keyof TenantUpdateInput, keyof TenantChanges> = {
  name: 'name',
  alias: 'alias',
  status: 'status',
  website: 'website',
  applicationUrl: 'application_url',
  logo: 'logo',
  logoUrl: 'logo_url',
  address: 'address',
  timezone: 'timezone',
  dateFormat: 'date_format',
  timeFormat: 'time_format',
  currency: 'currency',
  creatorName: 'creator_name',
  creatorEmail: 'creator_email',
  isReseller: 'is_reseller',
};

const ALIAS_INDEX = 'tenants_live_alias_unique';

/**
 * Refuses text PostgreSQL cannot store (NUL), in values and in object keys, naming the field, so that
 * such input is a 400 and never a database error.
 */
export function assertStorable(field: string, value: unknown): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw errors.unstorableText(field);
  } else if (Array.isArray(value)) {
    for (const item of value) assertStorable(field, item);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertStorable(field, key);
      assertStorable(`${field}.${key}`, item);
    }
  }
}

function assertStorableFields(input: object): void {
  for (const [field, value] of Object.entries(input)) assertStorable(field, value);
}

function toNewTenant(input: NewTenantInput & { tenantId: string }): NewTenant {
  return {
    id: randomUUID(),
    tenant_id: input.tenantId,
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
  };
}

/**
 * Creates an account, or brings a deleted one back, in the transaction given. A parent named must be
 * a live account; it stays share-locked until the transaction ends, so that it cannot be deleted
 * under the new sub-account.
 */
async function createIn(trx: Knex.Transaction, input: NewTenantInput): Promise<TenantRow> {
  assertStorableFields(input);
  const tenantId = input.tenantId ?? randomUUID();
  if (input.parentTenantId !== undefined) {
    if (input.parentTenantId === tenantId) throw errors.ownParent(tenantId);
    if (!(await holdTenant(trx, input.parentTenantId))) throw errors.parentTenantNotFound(input.parentTenantId);
  }
  const row = toNewTenant({ ...input, tenantId });
  if (!(await insertTenant(trx, row)) && !(await reactivateTenant(trx, row))) throw errors.tenantIdTaken();
  const tenant = await findTenant(trx, tenantId);
  if (!tenant) throw errors.tenantNotFound();
  return tenant;
}

/** The kind of background job a bulk migration of accounts is. */
const TENANT_MIGRATION = 'tenant-migration';

export function createTenantsService(db: Db, jobs: Jobs) {
  jobs.define(TENANT_MIGRATION, (trx, input) => createIn(trx, input as NewTenantInput).then(() => undefined));

  const service = {
    /**
     * Creates an account. A tenantId of a deleted account brings that account back with the fields
     * given; a tenantId of a live account is a conflict.
     */
    async create(input: NewTenantInput): Promise<TenantRow> {
      return db.transaction((trx) => createIn(trx, input));
    },

    async get(tenantId: string): Promise<TenantRow> {
      const tenant = await findTenant(db, tenantId);
      if (!tenant) throw errors.tenantNotFound();
      return tenant;
    },

    async getByAlias(alias: string): Promise<TenantRow> {
      const tenant = await findTenantByAlias(db, alias);
      if (!tenant) throw errors.tenantAliasNotFound(alias);
      return tenant;
    },

    async page(request: TenantsPageRequest): Promise<{ rows: TenantRow[]; page: number; limit: number; total: number }> {
      assertStorable('_filter', request.filter);
      assertStorable('_tenantIds', request.tenantIds);
      const query = { filter: request.filter, tenantIds: request.tenantIds };
      const order = { sortBy: SORT_COLUMNS[request.sortBy], order: request.order === 'DESC' ? 'desc' : 'asc' } as const;
      const { rows, total } = await readPage(
        request,
        () => countTenants(db, query),
        (slice) => pageTenants(db, query, { ...slice, ...order }),
      );
      return { rows, page: request.page, limit: request.limit, total };
    },

    /** Changes the fields sent (at least one); an alias of another live account is a conflict. */
    async update(tenantId: string, input: TenantUpdateInput): Promise<TenantRow> {
      assertStorableFields(input);
      const changes: Record<string, unknown> = {};
      for (const [field, column] of Object.entries(UPDATABLE) as [keyof TenantUpdateInput, keyof TenantChanges][]) {
        if (input[field] !== undefined) changes[column] = input[field];
      }
      if (Object.keys(changes).length === 0) throw errors.nothingToUpdate();
      try {
        const tenant = await updateTenant(db, tenantId, changes as TenantChanges);
        if (!tenant) throw errors.tenantNotFound();
        return tenant;
      } catch (error) {
        if (isUniqueViolation(error, ALIAS_INDEX)) throw errors.tenantAliasTaken(String(input.alias));
        throw error;
      }
    },

    /** Adds keys to the metadata, or overwrites them; `metadata` is an object or one sent as a string. */
    async addMetadata(tenantId: string, metadata: unknown): Promise<TenantRow> {
      const object =
        typeof metadata === 'string'
          ? parseJsonObject(metadata)
          : metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)
            ? (metadata as Record<string, unknown>)
            : undefined;
      if (!object) throw errors.invalidTenantMetadata();
      assertStorable('metadata', object);
      const tenant = await mergeTenantMetadata(db, tenantId, object);
      if (!tenant) throw errors.tenantNotFound();
      return tenant;
    },

    async removeMetadataKey(tenantId: string, key: string): Promise<TenantRow> {
      assertStorable('key', key);
      const tenant = await removeTenantMetadataKey(db, tenantId, key);
      if (!tenant) throw errors.tenantNotFound();
      return tenant;
    },

    /** Changes the account settings sent (at least one). */
    async updateSettings(tenantId: string, input: AccountSettingsInput): Promise<TenantRow> {
      const { address, timezone, dateFormat, timeFormat, currency, logo, logoUrl, applicationUrl } = input;
      return service.update(tenantId, { address, timezone, dateFormat, timeFormat, currency, logo, logoUrl, applicationUrl });
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

    /**
     * Stores a bulk migration of accounts and starts creating them in the background, one transaction
     * per account (a background job). Answers the migration's id at once.
     */
    async migrate(input: MigrateTenantsInput): Promise<string> {
      const items = input.tenants.map((item) => (typeof item === 'string' ? { tenantId: item } : item));
      for (const [index, item] of items.entries()) assertStorable(`tenants[${index}]`, item);
      return jobs.start(
        TENANT_MIGRATION,
        items.map((item) => ({ key: item.tenantId, input: item })),
      );
    },

    async migrationStatus(id: string): Promise<JobView> {
      const view = await jobs.status(TENANT_MIGRATION, id);
      if (!view) throw errors.tenantMigrationNotFound(id);
      return view;
    },
  };
  return service;
}

export type TenantsService = ReturnType<typeof createTenantsService>;
