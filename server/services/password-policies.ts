import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import {
  findApplyingPolicy,
  findPolicy,
  findPolicyLevels,
  minutesUntilPasswordAge,
  upsertPolicy,
  type PasswordPolicyRow,
} from '../repositories/password-policies';
import { findTenant } from '../repositories/tenants';
import { errors } from './errors';
import type { LinkTokens } from './link-tokens';
import { DEFAULT_HISTORY_SIZE, passwordRulesFor, rulesFromPolicy, type PasswordRules } from './password-rules';
import { BUILT_IN_POLICY_ID, BUILT_IN_POLICY_TIME, saveTarget, type PolicyLevel } from './policy-levels';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The password expiration policy in force: minutes a password lives, and minutes of warning before. */
export interface RotationPolicy {
  isActive: boolean;
  rotationPeriod: number;
  notificationPeriod: number;
}

/** Defaults of a rotation policy stored without some fields: off, 90 days, warned 7 days before (minutes). */
const DEFAULT_ROTATION: Readonly<RotationPolicy> = Object.freeze({ isActive: false, rotationPeriod: 129600, notificationPeriod: 10080 });

export function rotationFromRow(row: PasswordPolicyRow | undefined): RotationPolicy {
  const settings = row?.settings ?? {};
  return {
    isActive: typeof settings.isActive === 'boolean' ? settings.isActive : DEFAULT_ROTATION.isActive,
    rotationPeriod: typeof settings.rotationPeriod === 'number' ? settings.rotationPeriod : DEFAULT_ROTATION.rotationPeriod,
    notificationPeriod: typeof settings.notificationPeriod === 'number' ? settings.notificationPeriod : DEFAULT_ROTATION.notificationPeriod,
  };
}

/**
 * The history policy where none is stored, as an answer: off (historySizeFor then refuses nothing),
 * with the size a policy turned on without one would get.
 */
const BUILT_IN_HISTORY: PasswordPolicyRow = Object.freeze({
  id: BUILT_IN_POLICY_ID,
  tenant_id: null,
  kind: 'history',
  settings: Object.freeze({ enabled: false, historySize: DEFAULT_HISTORY_SIZE }),
  created_at: BUILT_IN_POLICY_TIME,
  updated_at: BUILT_IN_POLICY_TIME,
});

/** The expiration policy where none is stored, as an answer: off, with the default periods. */
const BUILT_IN_ROTATION: PasswordPolicyRow = Object.freeze({
  id: BUILT_IN_POLICY_ID,
  tenant_id: null,
  kind: 'rotation',
  settings: Object.freeze({ ...DEFAULT_ROTATION }),
  created_at: BUILT_IN_POLICY_TIME,
  updated_at: BUILT_IN_POLICY_TIME,
});

/** A stored (or built-in) policy and the level it comes from. */
export interface AppliedPolicy {
  policy: PasswordPolicyRow;
  level: PolicyLevel;
}

function levelOf(scope: string | null): PolicyLevel {
  return scope === null ? 'environment' : 'account';
}

/** Where a user's password stands against the expiration policy of their account (else the environment's). */
export type PasswordExpiry = { state: 'fine' } | { state: 'expired' } | { state: 'expiring'; minutesLeft: number; notificationPeriod: number };

/**
 * The expiry of the user's password, judged by the rotation policy of the account the login opens in
 * (its own, else the environment's), on the database clock. Read on every login.
 */
async function passwordExpiry(db: Knex, userId: string, tenantId: string | null): Promise<PasswordExpiry> {
  const policy = rotationFromRow(await findApplyingPolicy(db, 'rotation', tenantId));
  if (!policy.isActive) return { state: 'fine' };
  const minutesLeft = await minutesUntilPasswordAge(db, userId, policy.rotationPeriod);
  if (minutesLeft === undefined) return { state: 'fine' };
  if (minutesLeft <= 0) return { state: 'expired' };
  if (minutesLeft <= policy.notificationPeriod) return { state: 'expiring', minutesLeft, notificationPeriod: policy.notificationPeriod };
  return { state: 'fine' };
}

/**
 * The rotation check of a login: an expired password gets a password-reset token (the usual reset
 * link purpose, so POST users/v1/passwords/reset/verify takes it) instead of a session; a password
 * within the notification period gets the minutes left.
 */
export function createLoginPasswordExpiry(db: Knex, linkTokens: LinkTokens) {
  return async (user: { id: string }, tenantId: string | null) => {
    const expiry = await passwordExpiry(db, user.id, tenantId);
    if (expiry.state === 'expired') return { resetPasswordToken: await linkTokens.issue('password_reset', user.id) };
    if (expiry.state === 'expiring') return { passwordExpiresIn: expiry.minutesLeft, notificationPeriod: expiry.notificationPeriod };
    return undefined;
  };
}

/**
 * The password policy, history policy and expiration policy of the environment (scope undefined) and
 * of each account (`frontegg-tenant-id`). Stored in the database and read on every use, so a change
 * holds at once in every server process. An unknown account is a 404.
 */
export function createPasswordPoliciesService(db: Db) {
  async function scope(tenantId: string | undefined, trx: Knex = db): Promise<string | null> {
    if (tenantId === undefined) return null;
    if (!(await findTenant(trx, tenantId))) throw errors.tenantNotFound();
    return tenantId;
  }

  /** The history policy that applies in the scope: its own, else the environment's, else the built-in one. */
  async function appliedHistory(at: string | null): Promise<AppliedPolicy> {
    const { own, inherited } = await findPolicyLevels(db, 'history', at);
    if (own) return { policy: own, level: levelOf(at) };
    if (inherited) return { policy: inherited, level: 'environment' };
    return { policy: BUILT_IN_HISTORY, level: 'builtIn' };
  }

  return {
    /** The policy that applies in the scope (the account's, else the environment's, else the defaults). */
    async config(tenantId: string | undefined): Promise<PasswordRules> {
      const at = await scope(tenantId);
      return at === null ? rulesFromPolicy((await findPolicy(db, 'config', null))?.settings) : passwordRulesFor(db, undefined, at);
    },

    /** Stores the scope's password policy; fields left out take the defaults. */
    async setConfig(tenantId: string | undefined, input: Schema<'PasswordPolicyRequest'>): Promise<PasswordRules> {
      const rules = rulesFromPolicy(input as Record<string, unknown>);
      if (rules.minLength > rules.maxLength) throw errors.passwordPolicyLengthsCrossed();
      return db.transaction(async (trx) => {
        const at = await scope(tenantId, trx);
        return rulesFromPolicy((await upsertPolicy(trx, 'config', at, { ...rules }))!.settings);
      });
    },

    /** The history policy that applies in the scope (see appliedHistory); 404 for an unknown account. */
    async history(tenantId: string | undefined): Promise<AppliedPolicy> {
      return appliedHistory(await scope(tenantId));
    },

    async vendorHistory(): Promise<AppliedPolicy> {
      return appliedHistory(null);
    },

    /** Creates the scope's history policy; 409 when it has one. An `id` in the input is ignored. */
    async createHistory(tenantId: string | undefined, input: Schema<'PasswordHistoryPolicyRequest'>): Promise<AppliedPolicy> {
      return db.transaction(async (trx) => {
        const at = await scope(tenantId, trx);
        const created = await upsertPolicy(trx, 'history', at, { enabled: input.enabled, historySize: input.historySize }, false);
        if (!created) throw errors.historyPolicyExists();
        return { policy: created, level: levelOf(at) };
      });
    },

    /**
     * Updates the scope's own history policy; with the id of the policy the scope inherits, creates
     * the scope's own (see saveTarget). Another id is a 404, as is no id without an own policy.
     */
    async updateHistory(tenantId: string | undefined, input: Schema<'PasswordHistoryPolicyRequest'>): Promise<AppliedPolicy> {
      return db.transaction(async (trx) => {
        const at = await scope(tenantId, trx);
        const { own, inherited } = await findPolicyLevels(trx, 'history', at);
        const target = saveTarget(input.id, own, inherited);
        if (target === 'missing') throw errors.historyPolicyNotFound();
        if (target === 'stale') throw errors.historyPolicyIdStale(input.id ?? '');
        // One statement for both: a create racing another save of the scope then changes what it stored.
        return { policy: (await upsertPolicy(trx, 'history', at, { enabled: input.enabled, historySize: input.historySize }))!, level: levelOf(at) };
      });
    },

    /** The expiration policy that applies in the scope: its own, the environment's, else the built-in one (off). */
    async rotation(tenantId: string | undefined): Promise<PasswordPolicyRow> {
      return (await findApplyingPolicy(db, 'rotation', await scope(tenantId))) ?? BUILT_IN_ROTATION;
    },

    /** The environment's expiration policy, else the built-in one (off). */
    async vendorRotation(): Promise<PasswordPolicyRow> {
      return (await findPolicy(db, 'rotation', null)) ?? BUILT_IN_ROTATION;
    },

    /** Stores the scope's expiration policy; fields left out keep their stored value, else the default. */
    async setRotation(tenantId: string | undefined, input: Schema<'PasswordRotationRequest'>): Promise<PasswordPolicyRow> {
      return db.transaction(async (trx) => {
        const at = await scope(tenantId, trx);
        const current = rotationFromRow(await findPolicy(trx, 'rotation', at));
        return (await upsertPolicy(trx, 'rotation', at, { ...current, ...input }))!;
      });
    },
  };
}
