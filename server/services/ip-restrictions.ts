import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { clientAddress, parseIpRule } from '../lib/ip';
import {
  countIpRestrictions,
  deleteIpRestriction,
  enforcedMatch,
  findIpRestrictionConfig,
  listIpRestrictions,
  matchesList,
  saveIpRestrictionConfig,
  upsertIpRestriction,
  type IpRestrictionRow,
  type IpRestrictionFilter,
  type IpStrategy,
} from '../repositories/ip-restrictions';
import { holdTenant } from '../repositories/tenants';
import { errors } from './errors';
import type { PageWindow } from './paging';
import { readPage } from './paging';

export interface IpRestrictionConfig {
  isActive: boolean;
  strategy: IpStrategy;
}

export interface IpRestrictionInput {
  ip: string;
  strategy?: IpStrategy;
  isActive?: boolean;
  description?: string;
}

/**
 * Who makes a change: a user acting from `address` (the change must not refuse it, see `change`), or
 * the environment (null), which IP restrictions never apply to.
 */
export type ChangeMaker = { address: string | undefined } | null;

const OFF: IpRestrictionConfig = { isActive: false, strategy: 'BLOCK' };

/**
 * IP restrictions of an account: rules that allow or block an address or a CIDR range (IPv4, IPv6),
 * and a configuration that turns them on and chooses the list that counts. When on with ALLOW, only
 * addresses matching an active ALLOW rule get in; with BLOCK, those matching an active BLOCK rule stay
 * out. Checked at every login and refresh into the account and on every request with a user token
 * of the account, read from the database each time, so a change holds from the next request in
 * every server process.
 */
export function createIpRestrictionsService(db: Db) {
  /** Whether the address may act in the account now (true when the account enforces nothing). */
  async function passes(from: Db, tenantId: string, address: string | null): Promise<boolean> {
    const enforced = await enforcedMatch(from, tenantId, address);
    if (!enforced) return true;
    return enforced.strategy === 'ALLOW' ? enforced.listed : !enforced.listed;
  }

  function checkedRule(ip: string, field: string): string {
    const rule = parseIpRule(ip);
    if (!rule) throw errors.invalidIpRule(field, ip);
    return rule.inet;
  }

  /**
   * Makes a change to the account's restrictions in one transaction. A user may not refuse their own
   * address by it: the change is undone and answered 409 when the address would no longer pass.
   */
  async function change<T>(tenantId: string, maker: ChangeMaker, apply: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return db.transaction(async (trx) => {
      if (!(await holdTenant(trx, tenantId))) throw errors.tenantNotFound();
      const result = await apply(trx);
      if (maker) {
        const address = clientAddress(maker.address);
        if (!(await passes(trx, tenantId, address))) throw errors.ipChangeWouldLockOut(address ?? 'unknown');
      }
      return result;
    });
  }

  async function ownConfig(from: Db, tenantId: string): Promise<IpRestrictionConfig | undefined> {
    const row = await findIpRestrictionConfig(from, tenantId);
    return row && { isActive: row.is_active, strategy: row.strategy };
  }

  return {
    /** The account's configuration (off, BLOCK, when it has none). */
    async config(tenantId: string): Promise<IpRestrictionConfig> {
      return (await ownConfig(db, tenantId)) ?? OFF;
    },

    /** Changes the configuration; what is not sent stays as it was. */
    async setConfig(tenantId: string, input: Partial<IpRestrictionConfig>, maker: ChangeMaker): Promise<IpRestrictionConfig> {
      return change(tenantId, maker, async (trx) => {
        const current = (await ownConfig(trx, tenantId)) ?? OFF;
        const saved = await saveIpRestrictionConfig(trx, {
          tenant_id: tenantId,
          is_active: input.isActive ?? current.isActive,
          strategy: input.strategy ?? current.strategy,
        });
        return { isActive: saved.is_active, strategy: saved.strategy };
      });
    },

    /**
     * One page of the account's rules. `filter` `ALLOW` or `BLOCK` keeps the rules of that strategy (the
     * Admin Portal sends the strategy there); other text keeps those whose address or description contains it.
     */
    async page(tenantId: string, window: PageWindow & { filter?: string }): Promise<{ rows: IpRestrictionRow[]; total: number }> {
      const filter: IpRestrictionFilter = window.filter === 'ALLOW' || window.filter === 'BLOCK' ? { strategy: window.filter } : { text: window.filter };
      return readPage(
        window,
        () => countIpRestrictions(db, tenantId, filter),
        (slice) => listIpRestrictions(db, tenantId, { ...slice, filter }),
      );
    },

    /** Adds a rule, or changes the account's rule for the same address or range. */
    async create(tenantId: string, input: IpRestrictionInput & { strategy: IpStrategy }, maker: ChangeMaker): Promise<IpRestrictionRow> {
      const inet = checkedRule(input.ip, 'ip');
      return change(tenantId, maker, (trx) =>
        upsertIpRestriction(trx, {
          id: randomUUID(),
          tenant_id: tenantId,
          inet,
          strategy: input.strategy,
          is_active: input.isActive ?? true,
          description: input.description,
        }),
      );
    },

    /** Adds (or changes) every rule, all or none; a rule without a strategy goes on the list the configuration enforces. */
    async bulkCreate(tenantId: string, ips: IpRestrictionInput[], maker: ChangeMaker): Promise<IpRestrictionRow[]> {
      const checked = ips.map((input, index) => ({ ...input, inet: checkedRule(input.ip, `ips[${index}].ip`) }));
      return change(tenantId, maker, async (trx) => {
        const fallback = ((await ownConfig(trx, tenantId)) ?? OFF).strategy;
        const rows: IpRestrictionRow[] = [];
        for (const input of checked) {
          rows.push(
            await upsertIpRestriction(trx, {
              id: randomUUID(),
              tenant_id: tenantId,
              inet: input.inet,
              strategy: input.strategy ?? fallback,
              is_active: input.isActive ?? true,
              description: input.description,
            }),
          );
        }
        return rows;
      });
    },

    async remove(tenantId: string, id: string, maker: ChangeMaker): Promise<void> {
      if (!isUuid(id)) throw errors.ipRestrictionNotFound(id);
      await change(tenantId, maker, async (trx) => {
        if (!(await deleteIpRestriction(trx, tenantId, id))) throw errors.ipRestrictionNotFound(id);
      });
    },

    /** Whether a request from `ip` (Express's `req.ip`) passes the account's restrictions as they are now. */
    async verify(tenantId: string, ip: string | undefined): Promise<boolean> {
      return passes(db, tenantId, clientAddress(ip));
    },

    /** Whether `ip` matches an active ALLOW rule of the account, whatever the configuration. */
    async inAllowList(tenantId: string, ip: string | undefined): Promise<boolean> {
      return matchesList(db, tenantId, 'ALLOW', clientAddress(ip));
    },

    /**
     * Refuses (403) a request, login or refresh from `ip` into the account when its restrictions keep
     * the address out. One indexed query; inside a transaction, pass it as `from`.
     */
    async enforce(tenantId: string, ip: string | undefined, from: Db = db): Promise<void> {
      const address = clientAddress(ip);
      if (!(await passes(from, tenantId, address))) throw errors.ipNotAllowed(address ?? 'unknown');
    },
  };
}

export type IpRestrictionsService = ReturnType<typeof createIpRestrictionsService>;
