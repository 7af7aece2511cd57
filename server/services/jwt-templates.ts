import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { captured } from '../lib/narrow';
import { findMemberRoleIds } from '../repositories/grants';
import {
  countJwtTemplates,
  deleteJwtTemplate,
  deleteTargeting,
  existingTemplateKeys,
  findJwtTemplate,
  findJwtTemplateByKey,
  findTargeting,
  insertJwtTemplate,
  insertTargeting,
  maxTemplateExpiration,
  pageJwtTemplates,
  updateJwtTemplate,
  updateTargeting,
  upsertTargeting,
  type JwtTemplateRow,
  type TargetingCondition,
  type TargetingRow,
  type TargetingRule,
} from '../repositories/jwt-templates';
import { findEnvironment } from '../repositories/environments';
import { findTenant } from '../repositories/tenants';
import { longestTokenLifetime, settingsFrom, type EnvironmentService } from './environment';
import { errors } from './errors';
import { readPage, type PageWindow } from './paging';
import { groupGrants } from './auth';
import type { UserTokenClaims } from './tokens';

/** Claims a template can never set: every token keeps its own (Frontegg's SDKs and ours rely on them). */
const RESERVED_CLAIMS = ['sub', 'type', 'tenantId', 'iss', 'aud', 'exp', 'iat', 'sid', 'nbf', 'jti'];

/** The placeholders a claim value may be, or hold: `{{user.email}}`, `{{tenant.metadata.plan}}`, ... */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
const FIXED_SOURCES = ['user.id', 'user.email', 'user.name', 'user.verified', 'tenant.id', 'tenant.name', 'roles', 'permissions'];
const known = (path: string) => FIXED_SOURCES.includes(path) || /^(user|tenant)\.metadata\.[A-Za-z0-9_-]+$/.test(path);

export interface TemplateInput {
  key: string;
  name: string;
  description?: string;
  expiration: number;
  algorithm: 'RS256' | 'HS256';
  templateSchema: { claims: Record<string, unknown> };
}

/** What a template makes of a user's token: the claims to add and the lifetime (seconds). */
export interface ShapedToken {
  claims: Record<string, unknown>;
  expiresIn: number;
  templateKey: string;
}

function checkClaims(claims: Record<string, unknown>): void {
  const reserved = Object.keys(claims).filter((name) => RESERVED_CLAIMS.includes(name));
  if (reserved.length > 0) throw errors.jwtTemplateReservedClaims(reserved);
  for (const [name, value] of Object.entries(claims)) {
    if (typeof value !== 'string') continue;
    for (const match of value.matchAll(PLACEHOLDER)) {
      const path = captured(match, 1);
      if (!known(path)) throw errors.jwtTemplateUnknownPlaceholder(name, path);
    }
  }
}

function checkRules(rules: TargetingRule[]): void {
  rules.forEach((rule, index) => {
    for (const condition of rule.conditions) {
      if (condition.op === 'in_list' && !Array.isArray(condition.value.list))
        throw errors.jwtTargetingBadCondition(index, `${condition.attribute} in_list needs value.list`);
      if (condition.op !== 'in_list' && typeof condition.value.value !== 'string')
        throw errors.jwtTargetingBadCondition(index, `${condition.attribute} ${condition.op} needs value.value`);
    }
  });
}

/** Everything a condition may look at, for one token being issued. */
interface Subject {
  userId: string;
  /** None for a user known by a username alone. */
  userEmail: string | undefined;
  tenantId: string;
  applicationId?: string;
  tokenType: string;
  roleIds: () => Promise<string[]>;
}

async function holds(condition: TargetingCondition, subject: Subject): Promise<boolean> {
  const values = condition.attribute === 'roleIds' ? await subject.roleIds() : [subject[condition.attribute] ?? ''];
  const wanted = condition.value;
  let result: boolean;
  if (condition.op === 'in_list') result = values.some((value) => (wanted.list ?? []).includes(value));
  else if (condition.op === 'contains')
    result = condition.attribute === 'roleIds' ? values.includes(wanted.value ?? '') : values.some((value) => value.includes(wanted.value ?? ''));
  else result = values.some((value) => value.endsWith(wanted.value ?? ''));
  return condition.negate ? !result : result;
}

function lookup(source: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((at, step) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[step] : undefined), source);
}

/** A claim's value for this token: a whole-string placeholder gives the value itself; embedded ones are filled in as text. */
function render(value: unknown, source: Record<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}$/.exec(value);
  if (whole) return lookup(source, captured(whole, 1));
  return value.replace(PLACEHOLDER, (_, path: string) => {
    const found = lookup(source, path);
    return found === undefined || found === null ? '' : typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

/** How long a process keeps the targeting it read (another process's change shows within it; this process's at once). */
const TARGETING_CACHE_MS = 1000;

const LOCK = 7_349_207; // serializes changes of templates and targeting (a rule never names a missing template)

/**
 * JWT templates and their targeting. When a user's access token is issued, `shape` tries the rules
 * in order; the first whose conditions all hold names the template whose claims are added to the
 * token (values filled from the user, the account and the grants) and whose lifetime it gets.
 * Claims every token must keep can never be set by a template, neither when it is saved nor when it
 * is applied.
 */
export function createJwtTemplatesService(deps: {
  db: Db;
  environment: EnvironmentService;
  /** Signing keys stay published for the longest token lifetime: told when a template's may have grown. */
  onLifetimeChanged?: (from: Db) => Promise<void>;
}) {
  const { db, environment } = deps;

  /** Tokens verify with the one algorithm the environment pins: a template's must be it. */
  async function checkAlgorithm(algorithm: TemplateInput['algorithm'], from: Db = db): Promise<void> {
    const pinned = (await environment.settings(from)).jwtAlgorithm;
    if (algorithm !== pinned) throw errors.jwtTemplateAlgorithmUnsupported(pinned);
  }

  let cached: { targeting: Promise<TargetingRow | undefined>; at: number } | undefined;
  /** The targeting, read at most once a TARGETING_CACHE_MS: every token issued asks for it. */
  function currentTargeting(): Promise<TargetingRow | undefined> {
    const now = Date.now();
    if (!cached || now - cached.at >= TARGETING_CACHE_MS) cached = { targeting: findTargeting(db), at: now };
    return cached.targeting;
  }

  /** Every change goes through here: under the lock, and this process forgets what it read. */
  const locked = <T>(work: (trx: Db) => Promise<T>) =>
    db
      .transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(?)', [LOCK]);
        return work(trx);
      })
      .finally(() => {
        cached = undefined;
      });

  async function requireTemplate(trx: Db, id: string): Promise<JwtTemplateRow> {
    const row = isUuid(id) ? await findJwtTemplate(trx, id, { lock: true }) : undefined;
    if (!row) throw errors.jwtTemplateNotFound(id);
    return row;
  }

  async function requireKeys(trx: Db, rules: TargetingRule[]): Promise<void> {
    checkRules(rules);
    const keys = [...new Set(rules.map((rule) => rule.treatment))];
    const existing = await existingTemplateKeys(trx, keys);
    const missing = keys.filter((key) => !existing.includes(key));
    if (missing.length > 0) throw errors.jwtTargetingUnknownTemplates(missing);
  }

  const named = (targeting: TargetingRow | undefined, key: string) => targeting?.rules.some((rule) => rule.treatment === key) ?? false;

  return {
    async create(input: TemplateInput): Promise<JwtTemplateRow> {
      checkClaims(input.templateSchema.claims);
      await checkAlgorithm(input.algorithm);
      const row = await insertJwtTemplate(db, {
        id: randomUUID(),
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        expiration: input.expiration,
        algorithm: input.algorithm,
        claims: input.templateSchema.claims,
      });
      if (!row) throw errors.jwtTemplateKeyTaken(input.key);
      cached = undefined;
      await deps.onLifetimeChanged?.(db);
      return row;
    },

    async list(window: PageWindow, filter: { keys?: string[]; ids?: string[] }, order: { sortBy: 'created_at' | 'key' | 'name'; order: 'asc' | 'desc' }) {
      const ids = filter.ids?.filter(isUuid);
      const where = { keys: filter.keys, ids };
      return readPage(
        window,
        () => countJwtTemplates(db, where),
        (slice) => pageJwtTemplates(db, where, { ...slice, ...order }),
      );
    },

    async get(id: string): Promise<JwtTemplateRow> {
      const row = isUuid(id) ? await findJwtTemplate(db, id) : undefined;
      if (!row) throw errors.jwtTemplateNotFound(id);
      return row;
    },

    async update(id: string, changes: Partial<TemplateInput>): Promise<JwtTemplateRow> {
      if (changes.templateSchema) checkClaims(changes.templateSchema.claims);
      if (changes.algorithm) await checkAlgorithm(changes.algorithm);
      const updated = await locked(async (trx) => {
        const current = await requireTemplate(trx, id);
        if (changes.key && changes.key !== current.key) {
          if (named(await findTargeting(trx), current.key)) throw errors.jwtTemplateInUse(current.key);
          if (await findJwtTemplateByKey(trx, changes.key)) throw errors.jwtTemplateKeyTaken(changes.key);
        }
        return (await updateJwtTemplate(trx, current.id, {
          ...(changes.key !== undefined ? { key: changes.key } : {}),
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.expiration !== undefined ? { expiration: changes.expiration } : {}),
          ...(changes.algorithm !== undefined ? { algorithm: changes.algorithm } : {}),
          ...(changes.templateSchema ? { claims: changes.templateSchema.claims } : {}),
        }))!;
      });
      if (changes.expiration !== undefined) await deps.onLifetimeChanged?.(db);
      return updated;
    },

    async remove(id: string): Promise<void> {
      await locked(async (trx) => {
        const current = await requireTemplate(trx, id);
        if (named(await findTargeting(trx), current.key)) throw errors.jwtTemplateInUse(current.key);
        await deleteJwtTemplate(trx, current.id);
      });
    },

    async targeting(): Promise<TargetingRow> {
      const row = await findTargeting(db);
      if (!row) throw errors.jwtTargetingNotFound();
      return row;
    },

    async createTargeting(rules: TargetingRule[]): Promise<TargetingRow> {
      return locked(async (trx) => {
        await requireKeys(trx, rules);
        const row = await insertTargeting(trx, randomUUID(), rules);
        if (!row) throw errors.jwtTargetingExists();
        return row;
      });
    },

    async replaceTargeting(rules: TargetingRule[]): Promise<TargetingRow> {
      return locked(async (trx) => {
        await requireKeys(trx, rules);
        return upsertTargeting(trx, randomUUID(), rules);
      });
    },

    async patchTargeting(id: string, rules: TargetingRule[] | undefined): Promise<TargetingRow> {
      return locked(async (trx) => {
        const current = isUuid(id) ? await findTargeting(trx, { lock: true }) : undefined;
        if (!current || current.id !== id) throw errors.jwtTargetingNotFound();
        if (!rules) return current;
        await requireKeys(trx, rules);
        return (await updateTargeting(trx, id, rules))!;
      });
    },

    async removeTargeting(id: string): Promise<void> {
      const removed = isUuid(id) && (await locked((trx) => deleteTargeting(trx, id)));
      if (!removed) throw errors.jwtTargetingNotFound();
    },

    /**
     * The template that applies to a user's access token about to be issued, rendered; undefined when
     * no targeting is set or no rule holds. The targeting is read at most once a second per process; a template, when a rule holds.
     */
    async shape(claims: UserTokenClaims, tokenType = 'userToken'): Promise<ShapedToken | undefined> {
      const targeting = await currentTargeting();
      if (!targeting || targeting.rules.length === 0) return undefined;
      let roleIds: Promise<string[]> | undefined;
      const subject: Subject = {
        userId: claims.sub,
        userEmail: claims.email,
        tenantId: claims.tenantId,
        applicationId: claims.applicationId,
        tokenType,
        roleIds: async () => (roleIds ??= environment.settings().then((settings) => findMemberRoleIds(db, claims.sub, claims.tenantId, groupGrants(settings)))),
      };
      let key: string | undefined;
      for (const rule of targeting.rules) {
        const results = [];
        for (const condition of rule.conditions) results.push(await holds(condition, subject));
        if (results.every(Boolean)) {
          key = rule.treatment;
          break;
        }
      }
      if (key === undefined) return undefined;
      const template = await findJwtTemplateByKey(db, key);
      if (!template) return undefined;
      const needsTenant = JSON.stringify(template.claims).includes('tenant.');
      const tenant = needsTenant ? await findTenant(db, claims.tenantId) : undefined;
      const source = {
        user: { id: claims.sub, email: claims.email, name: claims.name, verified: claims.email_verified, metadata: claims.metadata },
        tenant: { id: claims.tenantId, name: tenant?.name, metadata: tenant?.metadata },
        roles: claims.roles,
        permissions: claims.permissions,
      };
      const rendered: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(template.claims)) {
        if (RESERVED_CLAIMS.includes(name)) continue; // never, even if a row were edited by hand
        const filled = render(value, source);
        if (filled !== undefined) rendered[name] = filled;
      }
      return { claims: rendered, expiresIn: template.expiration, templateKey: template.key };
    },
  };
}

/** The longest lifetime a template gives tokens (0 without templates): signing keys stay published that long. */
const longestTemplateLifetime = (from: Db): Promise<number> => maxTemplateExpiration(from);

/**
 * The longest lifetime (seconds) of any token a signing key signs under the settings and templates
 * now in force: how long a superseded key stays published. The server and `npm run keys:rotate` both ask here.
 */
export async function longestSignedLifetime(from: Db): Promise<number> {
  return Math.max(longestTokenLifetime(settingsFrom((await findEnvironment(from))?.settings)), await longestTemplateLifetime(from));
}

export type JwtTemplatesService = ReturnType<typeof createJwtTemplatesService>;
