import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { parseJsonObject } from '../lib/json';
import {
  findTenantMigration,
  insertTenantMigration,
  claimTenantMigrationItem,
  completeTenantMigrationIfDone,
  findUnfinishedTenantMigrations,
  listTenantMigrationItems,
  markTenantMigrationInProgress,
  settleTenantMigrationItem,
  type TenantMigrationItemRow,
  type TenantMigrationRow,
} from '../repositories/tenant-migrations';
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
import { DomainError, errors } from './errors';
import { readPage } from './paging';

type Schemas = components['schemas'];

/** What creating an account takes: the spec's request body. */
export type NewTenantInput = Schemas['CreateTenantRequest'];
export type TenantUpdateInput = Schemas['UpdateTenantRequestV2'];
export type AccountSettingsInput = Schemas['AccountSettingsUpdateRequest'];
export type MigrateTenantsInput = Schemas['MigrateTenantsRequest'];

export interface TenantsPageRequest {
  limit: number;
  /** The page, counted from 0. */
  page: number;
  sortBy: 'createdAt' | 'name' | 'tenantId';
  order: 'ASC' | 'DESC';
  filter?: string;
  tenantIds?: string[];
}

export interface TenantMigrationView {
  migration: TenantMigrationRow;
  items: TenantMigrationItemRow[];
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
    value.forEach((item) => assertStorable(field, item));
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

export function createTenantsService(db: Db, logger?: Logger) {
  /** Migrations this process is working on; `settle` waits for them. */
  const running = new Set<Promise<void>>();
  let stopping = false;

  /** Runs the migration in the background; `settle` waits for it. */
  function inBackground(id: string): void {
    const work = service.runMigration(id).catch((error: unknown) => {
      logger?.error({ err: error, migrationId: id }, 'account migration stopped');
    });
    running.add(work);
    void work.finally(() => running.delete(work));
  }

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
     * per account. Answers the migration's id at once.
     */
    async migrate(input: MigrateTenantsInput): Promise<string> {
      const items = input.tenants.map((item) => (typeof item === 'string' ? { tenantId: item } : item));
      items.forEach((item, index) => assertStorable(`tenants[${index}]`, item));
      const id = randomUUID();
      await insertTenantMigration(
        db,
        id,
        items.map((item) => ({ tenantId: item.tenantId, input: item })),
      );
      inBackground(id);
      return id;
    },

    /**
     * Takes up the migrations a stopped process left unfinished (called when the server starts). Any
     * number of processes may do so at once: each account is claimed before it is created.
     */
    async resumeMigrations(): Promise<void> {
      for (const id of await findUnfinishedTenantMigrations(db)) inBackground(id);
    },

    /** Creates the pending accounts of a migration, recording each outcome as it goes. */
    async runMigration(id: string): Promise<void> {
      await markTenantMigrationInProgress(db, id);
      for (const item of await listTenantMigrationItems(db, id)) {
        if (stopping) return;
        if (item.status !== 'PENDING') continue;
        try {
          // The account and its outcome are written together: an account is never created twice.
          await db.transaction(async (trx) => {
            const claimed = await claimTenantMigrationItem(trx, id, item.position);
            if (!claimed) return;
            await createIn(trx, claimed.input as NewTenantInput);
            await settleTenantMigrationItem(trx, id, item.position, { status: 'SUCCEEDED' });
          });
        } catch (error) {
          const failure =
            error instanceof DomainError
              ? { error: error.message, errorCode: error.code }
              : { error: 'The account could not be created', errorCode: null };
          if (!(error instanceof DomainError)) logger?.error({ err: error, migrationId: id, tenantId: item.tenant_id }, 'account migration item failed');
          await settleTenantMigrationItem(db, id, item.position, { status: 'FAILED', ...failure });
        }
      }
      await completeTenantMigrationIfDone(db, id);
    },

    async migrationStatus(id: string): Promise<TenantMigrationView> {
      const migration = await findTenantMigration(db, id);
      if (!migration) throw errors.tenantMigrationNotFound(id);
      return { migration, items: await listTenantMigrationItems(db, id) };
    },

    /**
     * Stops taking up further accounts of running migrations and waits for the ones in hand; what is
     * left stays pending in the database. Called before the database closes.
     */
    async settle(): Promise<void> {
      stopping = true;
      await Promise.all([...running]);
    },
  };
  return service;
}

export type TenantsService = ReturnType<typeof createTenantsService>;
