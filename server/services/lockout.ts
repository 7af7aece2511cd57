import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import {
  countFailedLogin,
  findEffectiveLockoutPolicy,
  findLockoutPolicyLevels,
  insertLockoutPolicy,
  lockAfterFailedLogins,
  resetFailedLogins,
  updateLockoutPolicy,
  type LockoutPolicyRow,
} from '../repositories/lockout';
import { findTenant } from '../repositories/tenants';
import type { MembershipRow, UserRow } from '../repositories/users';
import { errors } from './errors';
import { BUILT_IN_POLICY_ID, BUILT_IN_POLICY_TIME, saveTarget, type PolicyLevel } from './policy-levels';
import { pickActiveTenant } from './users';

/**
 * What applies where no policy is stored, neither the account's nor the environment's: on, with 5
 * wrong passwords in a row. NIST SP 800-63B allows up to 100; 5 is the common default of identity
 * providers, and the unlock email sent at the lock lets the owner back in.
 */
const DEFAULT_LOCKOUT = { enabled: true, maxAttempts: 5 } as const;

/** The built-in policy as an answer: not stored, it is what holds where no level has one. */
const BUILT_IN_LOCKOUT: LockoutPolicyRow = Object.freeze({
  id: BUILT_IN_POLICY_ID,
  tenant_id: null,
  enabled: DEFAULT_LOCKOUT.enabled,
  max_attempts: DEFAULT_LOCKOUT.maxAttempts,
  created_at: BUILT_IN_POLICY_TIME,
  updated_at: BUILT_IN_POLICY_TIME,
});

export interface LockoutPolicyInput {
  /** On an update: the id of the policy the caller loaded (see saveTarget). Ignored on a create. */
  id?: string;
  enabled: boolean;
  maxAttempts: number;
}

/** A policy and the level it comes from. */
export interface AppliedLockoutPolicy {
  policy: LockoutPolicyRow;
  level: PolicyLevel;
}

function levelOf(tenantId: string | undefined): PolicyLevel {
  return tenantId === undefined ? 'environment' : 'account';
}

/** The stored policies of the level; an unknown account is a 404. */
async function levels(db: Knex, tenantId: string | undefined) {
  if (tenantId !== undefined && !(await findTenant(db, tenantId))) throw errors.tenantNotFound();
  return findLockoutPolicyLevels(db, tenantId ?? null);
}

function checked(input: LockoutPolicyInput): { enabled: boolean; max_attempts: number } {
  if (!Number.isInteger(input.maxAttempts) || input.maxAttempts < 1) throw errors.lockoutMaxAttemptsInvalid();
  return { enabled: input.enabled, max_attempts: input.maxAttempts };
}

/**
 * The lockout policy (the environment's default and each account's own) and the counting of wrong
 * passwords that it drives. The policy is read from the database at every failed login, so a change
 * holds at once in every process; counts and locks live on the user's row.
 */
export function createLockoutService(deps: { db: Db; logger: Logger; onLocked: (userId: string) => Promise<void> }) {
  const { db, logger } = deps;

  return {
    /**
     * The policy that applies at the level (the account's; the environment's when `tenantId` is
     * undefined): its own, else the environment's default, else the built-in one. An unknown account is a 404.
     */
    async get(tenantId: string | undefined): Promise<AppliedLockoutPolicy> {
      const { own, inherited } = await levels(db, tenantId);
      if (own) return { policy: own, level: levelOf(tenantId) };
      if (inherited) return { policy: inherited, level: 'environment' };
      return { policy: BUILT_IN_LOCKOUT, level: 'builtIn' };
    },

    async create(tenantId: string | undefined, input: LockoutPolicyInput): Promise<AppliedLockoutPolicy> {
      const created = await insertLockoutPolicy(db, { id: randomUUID(), tenant_id: tenantId ?? null, ...checked(input) });
      if (created === 'no_tenant') throw errors.tenantNotFound();
      if (created === 'exists') throw errors.lockoutPolicyExists();
      return { policy: created, level: levelOf(tenantId) };
    },

    /**
     * Changes the level's own policy; with the id of the policy it inherits, creates the level's own
     * (the inherited one is never written). Any other id is a 404, as is no id without an own policy.
     */
    async update(tenantId: string | undefined, input: LockoutPolicyInput): Promise<AppliedLockoutPolicy> {
      const changes = checked(input);
      return db.transaction(async (trx) => {
        const { own, inherited } = await levels(trx, tenantId);
        const target = saveTarget(input.id, own, inherited);
        if (target === 'missing') throw errors.lockoutPolicyNotFound();
        if (target === 'stale') throw errors.lockoutPolicyIdStale(input.id ?? '');
        if (target === 'create') {
          const created = await insertLockoutPolicy(trx, { id: randomUUID(), tenant_id: tenantId ?? null, ...changes });
          if (created === 'no_tenant') throw errors.tenantNotFound();
          // 'exists': another save created it meanwhile; this one then changes it, as a second save would.
          if (created !== 'exists') return { policy: created, level: levelOf(tenantId) };
        }
        const updated = await updateLockoutPolicy(trx, tenantId ?? null, changes);
        if (!updated) throw errors.lockoutPolicyNotFound();
        return { policy: updated, level: levelOf(tenantId) };
      });
    },

    /**
     * Called by login once the password is checked, for a user that exists. A wrong password is
     * counted (and locks the user at the policy's limit of the account the login would open in); a
     * locked user is refused even with the right password; a right one sets the count back to zero.
     * Every refusal is the generic wrong-credentials error: the log alone says which it was.
     */
    async passwordChecked(found: { user: UserRow; memberships: MembershipRow[] }, passwordOk: boolean): Promise<void> {
      const { user, memberships } = found;
      if (passwordOk) {
        if (user.is_locked) {
          logger.info({ userId: user.id }, 'login refused: the user is locked');
          throw errors.invalidUserCredentials();
        }
        if (user.failed_login_attempts > 0) await resetFailedLogins(db, user.id);
        return;
      }
      const tenantId = pickActiveTenant(user, memberships)?.tenant_id ?? null;
      const stored = await findEffectiveLockoutPolicy(db, tenantId);
      const policy = stored ? { enabled: stored.enabled, maxAttempts: stored.max_attempts } : DEFAULT_LOCKOUT;
      if (policy.enabled) {
        const attempts = await countFailedLogin(db, user.id);
        if (attempts !== undefined && attempts >= policy.maxAttempts && (await lockAfterFailedLogins(db, user.id, policy.maxAttempts))) {
          logger.warn({ userId: user.id, attempts, maxAttempts: policy.maxAttempts }, 'user locked after failed logins');
          // The lock has committed; a failure to queue the email leaves it locked and is logged.
          await deps.onLocked(user.id).catch((error: unknown) => logger.error({ userId: user.id, err: error }, 'unlock email not queued'));
        }
      }
      logger.info({ userId: user.id, locked: user.is_locked }, 'login refused: wrong password');
      throw errors.invalidUserCredentials();
    },
  };
}

export type LockoutService = ReturnType<typeof createLockoutService>;
