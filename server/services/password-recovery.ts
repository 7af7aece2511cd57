import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { findEmailByUsername, findUsersWithBreachedPasswords, revokeSessionsExcept, setPassword } from '../repositories/password-recovery';
import { findUserWithMemberships } from '../repositories/users';
import type { BreachedPasswords } from './breached-passwords';
import { DomainError, errors } from './errors';
import type { Jobs } from './jobs';
import type { LinkTokens } from './link-tokens';
import { createLinks } from './links';
import type { Mail } from './mail';
import { checkNewPassword, checkPasswordHistory, passwordRulesFor, type PasswordRules } from './password-rules';
import type { Passwords } from './passwords';
import type { RateLimits } from './rate-limits';
import type { ClientInfo } from './auth';
import type { UserLinksService } from './user-links';
import { normalizeEmail } from './users';

/** The kind of background job that emails reset links to users with breached passwords. */
const BREACHED_PASSWORD_RESET = 'breached-password-reset';

export type ResetIdentifier = { email?: string; identifier?: string; identifierType?: 'email' | 'phoneNumber' | 'username' };

export interface RecoveryStrategy {
  strategy: 'email' | 'sms';
  isActive: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Forgotten and changed passwords. A reset request is answered before anything about the user is
 * looked up: the rate limits, the lookup, the token and the email all happen after the answer, so
 * that neither the answer nor its timing tells whether the email belongs to a user. The link's token
 * (link-tokens, purpose 'password_reset') works once; using it sets the password and ends every
 * session of the user. New passwords are checked against the password rules (password-rules.ts), the
 * breached-password check among them; its answer sets the user's breached marker.
 */
export function createPasswordRecoveryService(deps: {
  db: Db;
  logger: Logger;
  appUrl: string;
  limits: Config['passwordResetLimits'];
  breachedPasswords: BreachedPasswords;
  jobs: Jobs;
  linkTokens: LinkTokens;
  mail: Mail;
  passwords: Passwords;
  rateLimits: RateLimits;
  userLinks: UserLinksService;
}) {
  const { db, logger, linkTokens, mail, passwords, rateLimits, breachedPasswords } = deps;
  const links = createLinks(deps.appUrl);
  /** Reset requests whose work goes on after their answer; `settle` waits for them. */
  const pending = new Set<Promise<void>>();

  function inBackground(work: () => Promise<void>): void {
    const running: Promise<void> = work()
      .catch((error: unknown) => logger.error({ err: error }, 'password-reset request failed'))
      .finally(() => pending.delete(running));
    pending.add(running);
  }

  /** Which address (or username) the request names; a 400 for a request that names none, or not well. */
  function target(input: ResetIdentifier): { kind: 'email' | 'username'; value: string } {
    if (input.email !== undefined) return { kind: 'email', value: normalizeEmail(input.email) };
    if (input.identifier === undefined || input.identifierType === undefined) throw errors.resetIdentifierMissing();
    if (input.identifierType === 'phoneNumber') throw errors.resetByPhoneUnavailable();
    const value = input.identifier.trim().toLowerCase();
    if (input.identifierType === 'email' && !EMAIL.test(value)) throw errors.resetIdentifierInvalid('email');
    if (value === '') throw errors.resetIdentifierInvalid(input.identifierType);
    return { kind: input.identifierType, value };
  }

  /** The work of one reset request, after its answer: limits first, then the email if there is a user. */
  async function sendReset(wanted: { kind: 'email' | 'username'; value: string }, client: ClientInfo): Promise<void> {
    // Both counters always count, so neither tells anything about the other or about the user.
    const byIp = await rateLimits.allow('password-reset:ip', client.ipAddress ?? 'unknown', deps.limits.perIp);
    const byTarget = await rateLimits.allow(`password-reset:${wanted.kind}`, wanted.value, deps.limits.perEmail);
    if (!byIp || !byTarget) {
      logger.info({ limit: byIp ? wanted.kind : 'ip' }, 'password-reset request over its rate limit: no email sent');
      return;
    }
    const email = wanted.kind === 'email' ? wanted.value : await findEmailByUsername(db, wanted.value);
    if (email !== undefined) await deps.userLinks.sendPasswordReset(email);
  }

  // One item of a breached-password job: a fresh reset link for the user, emailed in the item's transaction.
  deps.jobs.define(BREACHED_PASSWORD_RESET, async (trx, input) => {
    const userId = String(input.userId);
    const found = await findUserWithMemberships(trx, { id: userId });
    if (!found) throw errors.userNotFound();
    const token = await linkTokens.issue('password_reset', userId, { trx });
    await mail.enqueue(trx, found.user.email, 'password-reset', { name: found.user.name, link: links.passwordReset(userId, token) });
  });

  return {
    /** Answers at once (after checking the request's shape); the email, if any, follows. */
    requestReset(input: ResetIdentifier, client: ClientInfo): { sessionId: string } {
      const wanted = target(input);
      inBackground(() => sendReset(wanted, client));
      return { sessionId: randomUUID() };
    },

    /** Whether the reset token still works; the one 410 for every way it cannot. */
    async validateReset(userId: string, token: string): Promise<void> {
      try {
        await linkTokens.check('password_reset', userId, token);
      } catch (error) {
        if (error instanceof DomainError && error.code === errors.invalidLinkToken().code) throw errors.resetLinkGone();
        throw error;
      }
    },

    /** Uses the reset token: the new password is set, and every session of the user ends. */
    async verifyReset(input: { userId: string; token: string; password: string }): Promise<void> {
      const { breached: isBreached } = await checkNewPassword({ db, passwords, breachedPasswords }, input.password, {
        userId: input.userId,
        field: 'password',
        skipHistory: true,
      });
      await linkTokens.check('password_reset', input.userId, input.token);
      // The history only after the token: before it, a match would tell a stranger the current password.
      await checkPasswordHistory({ db, passwords }, input.password, input.userId, 'password');
      const passwordHash = await passwords.hash(input.password);
      await db.transaction(async (trx) => {
        await linkTokens.consume(trx, 'password_reset', input.userId, input.token);
        if (!(await setPassword(trx, input.userId, passwordHash, isBreached))) throw errors.invalidLinkToken();
        await revokeSessionsExcept(trx, input.userId, undefined, 'password_reset');
      });
    },

    /**
     * Changes the password of a user who knows the current one. Every other session ends; the
     * caller's session (`keepSessionId`) stays.
     */
    async changePassword(userId: string, input: { password: string; newPassword: string }, keepSessionId?: string): Promise<void> {
      const found = isUuid(userId) ? await findUserWithMemberships(db, { id: userId }) : undefined;
      if (!found) throw errors.userNotFound();
      const current = await passwords.verify(input.password, found.user.password_hash);
      if (!current.ok) throw errors.wrongCurrentPassword();
      const { breached: isBreached } = await checkNewPassword({ db, passwords, breachedPasswords }, input.newPassword, { userId, field: 'newPassword' });
      const passwordHash = await passwords.hash(input.newPassword);
      await db.transaction(async (trx) => {
        if (!(await setPassword(trx, userId, passwordHash, isBreached))) throw errors.userNotFound();
        await revokeSessionsExcept(trx, userId, keepSessionId, 'password_changed');
      });
    },

    /** The strictest password rules for the user (for anyone, without a user). */
    async passwordConfig(userId?: string): Promise<PasswordRules> {
      return passwordRulesFor(db, userId);
    },

    /** Email recovery works; SMS recovery comes with SMS delivery. */
    recoveryStrategies(): RecoveryStrategy[] {
      return [
        { strategy: 'email', isActive: true },
        { strategy: 'sms', isActive: false },
      ];
    },

    /**
     * Starts emailing a reset link to every user whose password is marked breached (members of
     * `tenantId`, or everyone), in the background; answers the job's id at once, or undefined when
     * there is no one to email.
     */
    async resetBreachedPasswords(tenantId?: string): Promise<string | undefined> {
      const users = await findUsersWithBreachedPasswords(db, tenantId);
      if (users.length === 0) return undefined;
      return deps.jobs.start(
        BREACHED_PASSWORD_RESET,
        users.map((user) => ({ key: user.id, input: { userId: user.id } })),
        tenantId !== undefined ? { tenantId } : {},
      );
    },

    /** Waits for the reset requests still at work (before the database closes, and in tests). */
    async settle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
