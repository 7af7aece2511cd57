import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { findApplyingPolicy, findPolicy, minutesUntilPasswordAge, upsertPolicy, type PasswordPolicyRow } from '../repositories/password-policies';
import { findTenant } from '../repositories/tenants';
import { errors } from './errors';
import type { LinkTokens } from './link-tokens';
import { passwordRulesFor, rulesFromPolicy, type PasswordRules } from './password-rules';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The password expiration policy in force: minutes a password lives, and minutes of warning before. */
export interface RotationPolicy {
  isActive: boolean;
  rotationPeriod: number;
  notificationPeriod: number;
}

/** Defaults of a rotation policy stored without some fields: off, 90 days, warned 7 days before (minutes). */
export const DEFAULT_ROTATION: Readonly<RotationPolicy> = Object.freeze({ isActive: false, rotationPeriod: 129600, notificationPeriod: 10080 });

export function rotationFromRow(row: PasswordPolicyRow | undefined): RotationPolicy {
  const settings = row?.settings ?? {};
  return {
    isActive: typeof settings.isActive === 'boolean' ? settings.isActive : DEFAULT_ROTATION.isActive,
    rotationPeriod: typeof settings.rotationPeriod === 'number' ? settings.rotationPeriod : DEFAULT_ROTATION.rotationPeriod,
    notificationPeriod: typeof settings.notificationPeriod === 'number' ? settings.notificationPeriod : DEFAULT_ROTATION.notificationPeriod,
  };
}

/** Where a user's password stands against the expiration policy of their account (else the environment's). */
export type PasswordExpiry = { state: 'fine' } | { state: 'expired' } | { state: 'expiring'; minutesLeft: number; notificationPeriod: number };

/**
 * The expiry of the user's password, judged by the rotation policy of the account the login opens in
 * (its own, else the environment's), on the database clock. Read on every login.
 */
export async function passwordExpiry(db: Knex, userId: string, tenantId: string | null): Promise<PasswordExpiry> {
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

  async function historyOrThrow(found: PasswordPolicyRow | undefined): Promise<PasswordPolicyRow> {
    if (!found) throw errors.historyPolicyNotFound();
    return found;
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
      if (rules.minLength > rules.maxLength) throw errors.passwordPolicyInvalid('minLength must not be more than maxLength');
      return db.transaction(async (trx) => {
        const at = await scope(tenantId, trx);
        return rulesFromPolicy((await upsertPolicy(trx, 'config', at, { ...rules }))!.settings);
      });
    },

    /** The history policy that applies in the scope; 404 when none is stored. */
    async history(tenantId: string | undefined): Promise<PasswordPolicyRow> {
      return historyOrThrow(await findApplyingPolicy(db, 'history', await scope(tenantId)));
    },

    async vendorHistory(): Promise<PasswordPolicyRow> {
      return historyOrThrow(await findPolicy(db, 'history', null));
    },

    /** Creates the scope's history policy; 409 when it has one. */
    async createHistory(tenantId: string | undefined, input: Schema<'PasswordHistoryPolicyRequest'>): Promise<PasswordPolicyRow> {
      return db.transaction(async (trx) => {
        const at = await scope(tenantId, trx);
        const created = await upsertPolicy(trx, 'history', at, { enabled: input.enabled, historySize: input.historySize }, false);
        if (!created) throw errors.historyPolicyExists();
        return created;
      });
    },

    /** Updates the scope's own history policy; 404 when it has none. */
    async updateHistory(tenantId: string | undefined, input: Schema<'PasswordHistoryPolicyRequest'>): Promise<PasswordPolicyRow> {
      return db.transaction(async (trx) => {
        const at = await scope(tenantId, trx);
        if (!(await findPolicy(trx, 'history', at))) throw errors.historyPolicyNotFound();
        return (await upsertPolicy(trx, 'history', at, { enabled: input.enabled, historySize: input.historySize }))!;
      });
    },

    /** The expiration policy that applies in the scope; 404 when none is stored. */
    async rotation(tenantId: string | undefined): Promise<PasswordPolicyRow> {
      const found = await findApplyingPolicy(db, 'rotation', await scope(tenantId));
      if (!found) throw errors.rotationPolicyNotFound();
      return found;
    },

    async vendorRotation(): Promise<PasswordPolicyRow> {
      const found = await findPolicy(db, 'rotation', null);
      if (!found) throw errors.rotationPolicyNotFound();
      return found;
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

export type PasswordPoliciesService = ReturnType<typeof createPasswordPoliciesService>;
