import { randomUUID } from 'node:crypto';
import publicEmailProviders from 'email-providers/all.json';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import {
  ENVIRONMENT_SCOPE,
  deleteDomainRestriction,
  deleteDomainRestrictionsOfType,
  findDomainRestrictionConfig,
  insertDomainRestriction,
  listDomainRestrictions,
  matchesDomain,
  saveDomainRestrictionConfig,
  type DomainListType,
  type DomainRestrictionRow,
} from '../repositories/domain-restrictions';
import { errors } from './errors';

/** About 8,800 domains of public email providers (gmail.com, outlook.com, ...), for `blockPublicDomains`. */
const PUBLIC_DOMAINS = new Set<string>((publicEmailProviders as string[]).map((domain) => domain.toLowerCase()));

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

export interface DomainRestrictionConfig {
  active: boolean;
  listType: DomainListType;
  blockPublicDomains: boolean;
}

const OFF: DomainRestrictionConfig = { active: false, listType: 'BLOCK', blockPublicDomains: false };

/** The domain and those above it (mail.example.com: itself, example.com), so a rule on a domain covers its subdomains. */
function domainAndParents(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(0, -1).map((_, index) => labels.slice(index).join('.'));
}

/**
 * Email-domain restrictions for new users: per account, and for the environment (`tenantId` null),
 * which covers sign-ups and every account without a configuration of its own. When a configuration is
 * active, an ALLOW list lets in only its domains (and their subdomains), a BLOCK list keeps its domains
 * out, and `blockPublicDomains` keeps out the domains of public email providers. Read on every check.
 */
export function createDomainRestrictionsService(db: Db) {
  const scopeOf = (tenantId: string | null) => tenantId ?? ENVIRONMENT_SCOPE;

  function normalizeDomain(domain: string): string {
    const normalized = domain.trim().toLowerCase().replace(/^@/, '');
    if (!DOMAIN.test(normalized)) throw errors.invalidDomain(domain);
    return normalized;
  }

  async function ownConfig(from: Db, tenantId: string | null): Promise<DomainRestrictionConfig | undefined> {
    const row = await findDomainRestrictionConfig(from, scopeOf(tenantId));
    return row && { active: row.active, listType: row.list_type, blockPublicDomains: row.block_public_domains };
  }

  return {
    /** The scope's own configuration (off when it has none). */
    async config(tenantId: string | null): Promise<DomainRestrictionConfig> {
      return (await ownConfig(db, tenantId)) ?? OFF;
    },

    /** Changes the scope's configuration; what is not sent stays as it was. */
    async setConfig(
      tenantId: string | null,
      input: { active: boolean; blockPublicDomains?: boolean; type?: DomainListType },
    ): Promise<DomainRestrictionConfig> {
      const current = (await ownConfig(db, tenantId)) ?? OFF;
      const saved = await saveDomainRestrictionConfig(db, {
        scope: scopeOf(tenantId),
        active: input.active,
        list_type: input.type ?? current.listType,
        block_public_domains: input.blockPublicDomains ?? current.blockPublicDomains,
      });
      return { active: saved.active, listType: saved.list_type, blockPublicDomains: saved.block_public_domains };
    },

    list: (tenantId: string | null): Promise<DomainRestrictionRow[]> => listDomainRestrictions(db, tenantId),

    async create(tenantId: string | null, input: { domain: string; type: DomainListType }): Promise<DomainRestrictionRow> {
      return insertDomainRestriction(db, { id: randomUUID(), tenant_id: tenantId, domain: normalizeDomain(input.domain), type: input.type });
    },

    async remove(tenantId: string | null, id: string): Promise<void> {
      if (!isUuid(id) || !(await deleteDomainRestriction(db, tenantId, id))) throw errors.domainRestrictionNotFound(id);
    },

    /** Replaces the scope's list of one type with these domains, in one transaction. */
    async replaceBulk(tenantId: string | null, input: { type: DomainListType; domains: string[] }): Promise<DomainRestrictionRow[]> {
      const domains = [...new Set(input.domains.map(normalizeDomain))];
      return db.transaction(async (trx) => {
        await deleteDomainRestrictionsOfType(trx, tenantId, input.type);
        const rows: DomainRestrictionRow[] = [];
        for (const domain of domains) rows.push(await insertDomainRestriction(trx, { id: randomUUID(), tenant_id: tenantId, domain, type: input.type }));
        return rows;
      });
    },

    /**
     * Refuses an email whose domain the restrictions in force keep out: the account's own configuration
     * when it has one, else the environment's (`tenantId` null: the environment's). No email (a user
     * known by a username alone) is refused while restrictions are on. Pass the caller's transaction
     * as `from` inside one.
     */
    async check(from: Db, tenantId: string | null, email: string | undefined): Promise<void> {
      const own = tenantId === null ? undefined : await ownConfig(from, tenantId);
      const scope = own ? tenantId : null;
      const config = own ?? (await ownConfig(from, null));
      if (!config?.active) return;
      if (email === undefined) throw errors.emailRequiredByDomainRestrictions();
      const domain = email
        .slice(email.lastIndexOf('@') + 1)
        .trim()
        .toLowerCase();
      const candidates = domainAndParents(domain);
      if (config.blockPublicDomains && candidates.some((candidate) => PUBLIC_DOMAINS.has(candidate))) throw errors.emailDomainNotAllowed(domain);
      const listed = await matchesDomain(from, scope, config.listType, candidates);
      if (config.listType === 'ALLOW' ? !listed : listed) throw errors.emailDomainNotAllowed(domain);
    },
  };
}

export type DomainRestrictionsService = ReturnType<typeof createDomainRestrictionsService>;
