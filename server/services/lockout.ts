import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import {
  countFailedLogin,
  findEffectiveLockoutPolicy,
  findLockoutPolicy,
  insertLockoutPolicy,
  lockAfterFailedLogins,
  resetFailedLogins,
  updateLockoutPolicy,
  type LockoutPolicyRow,
} from '../repositories/lockout';
import type { MembershipRow, UserRow } from '../repositories/users';
import { errors } from './errors';
import { pickActiveTenant } from './users';

/**
 * What applies where no policy is stored, neither the account's nor the environment's: on, with 5
 * wrong passwords in a row. NIST SP 800-63B allows up to 100; 5 is the common default of identity
 * providers, and the unlock email sent at the lock lets the owner back in.
 */
export const DEFAULT_LOCKOUT = { enabled: true, maxAttempts: 5 } as const;

export interface LockoutPolicyInput {
  enabled: boolean;
  maxAttempts: number;
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
    /** The policy of the account, or the environment's default when `tenantId` is undefined. */
    async get(tenantId: string | undefined): Promise<LockoutPolicyRow> {
      const policy = await findLockoutPolicy(db, tenantId ?? null);
      if (!policy) throw errors.lockoutPolicyNotFound();
      return policy;
    },

    async create(tenantId: string | undefined, input: LockoutPolicyInput): Promise<LockoutPolicyRow> {
      const created = await insertLockoutPolicy(db, { id: randomUUID(), tenant_id: tenantId ?? null, ...checked(input) });
      if (created === 'no_tenant') throw errors.tenantNotFound();
      if (created === 'exists') throw errors.lockoutPolicyExists();
      return created;
    },

    async update(tenantId: string | undefined, input: LockoutPolicyInput): Promise<LockoutPolicyRow> {
      const updated = await updateLockoutPolicy(db, tenantId ?? null, checked(input));
      if (!updated) throw errors.lockoutPolicyNotFound();
      return updated;
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
