import type { Db } from '../db/knex';
import { sha256Hex } from '../lib/crypto';
import { isUuid } from '../lib/ids';
import { findUserWithMemberships, type UserRow } from '../repositories/users';
import { acceptAllInvitations } from '../repositories/invitations';
import { activateUser, changeUserEmail, unlockUser } from '../repositories/user-links';
import { findEmailByAddress } from '../repositories/user-emails';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import type { LinkTokens } from './link-tokens';
import { createLinks, oneTimeCode } from './links';
import type { Mail } from './mail';
import type { BreachedPasswords } from './breached-passwords';
import { checkNewPassword } from './password-rules';
import type { Passwords } from './passwords';
import type { ClientInfo, IssuedSession, AuthService } from './auth';
import { normalizeEmail, type UserProfile, type UsersService } from './users';
import type { CaptchaService } from './captcha';

export interface GeneratedLink {
  link: string;
  token: string;
  userId: string;
}

/**
 * The flows built on one-time links: activation, password-reset links, email changes and unlocking.
 * Links point at the configured app URL (never at a request's Host header). Every email is queued
 * in the transaction of the change that causes it.
 */
export function createUserLinksService(deps: {
  db: Db;
  appUrl: string;
  environment: EnvironmentService;
  linkTokens: LinkTokens;
  mail: Mail;
  passwords: Passwords;
  breachedPasswords: BreachedPasswords;
  auth: AuthService;
  users: UsersService;
  /** The CAPTCHA policy's check, made by activation (which logs the user in) once the link is known good. */
  captcha: CaptchaService;
}) {
  const { db, linkTokens, mail } = deps;

  const links = createLinks(deps.appUrl);

  async function existingUser(userId: string): Promise<UserRow> {
    const found = isUuid(userId) ? await findUserWithMemberships(db, { id: userId }) : undefined;
    if (!found) throw errors.userNotFound();
    return found.user;
  }

  function emailAddress(email: string) {
    return { email: email.trim(), normalized: normalizeEmail(email) };
  }

  return {
    /** A fresh activation link for a user not yet activated (earlier links stop working). No email is sent. */
    async generateActivationLink(userId: string): Promise<GeneratedLink> {
      const user = await existingUser(userId);
      if (user.verified) throw errors.userAlreadyActivated();
      const token = await linkTokens.issue('activation', user.id);
      return { link: links.activation(user.id, token), token, userId: user.id };
    },

    /** A fresh password-reset link (earlier ones stop working). No email is sent. */
    async generatePasswordResetLink(userId: string): Promise<GeneratedLink> {
      const user = await existingUser(userId);
      const token = await linkTokens.issue('password_reset', user.id);
      return { link: links.passwordReset(user.id, token), token, userId: user.id };
    },

    /**
     * Emails a new activation link and code to the user with this email, if there is one that is not
     * activated yet. Answers the same either way, so it tells nothing about which emails exist.
     */
    async resendActivation(email: string): Promise<void> {
      const found = await findUserWithMemberships(db, { emailNormalized: normalizeEmail(email) });
      if (!found || found.user.verified) return;
      const { user } = found;
      const code = oneTimeCode();
      await db.transaction(async (trx) => {
        const token = await linkTokens.issue('activation', user.id, { trx, payload: { codeHash: sha256Hex(code) } });
        const expiresInSeconds = await linkTokens.lifetime('activation', trx);
        await mail.enqueue(trx, user.email, 'activation', { name: user.name, link: links.activation(user.id, token), code, expiresInSeconds });
      });
    },

    /**
     * Emails a password-reset link to the user with this email, if there is one (nothing otherwise,
     * and no sign of it). For the password-reset routes: they use the token with
     * `linkTokens.consume(trx, 'password_reset', userId, token)`.
     */
    async sendPasswordReset(email: string): Promise<void> {
      const found = await findUserWithMemberships(db, { emailNormalized: normalizeEmail(email) });
      if (!found) return;
      const { user } = found;
      await db.transaction(async (trx) => {
        const token = await linkTokens.issue('password_reset', user.id, { trx });
        await mail.enqueue(trx, user.email, 'password-reset', { name: user.name, link: links.passwordReset(user.id, token) });
      });
    },

    /** Whether activating with this link needs a password: the user has none yet. */
    async activationStrategy(userId: string, token: string): Promise<{ shouldSetPassword: boolean }> {
      await linkTokens.check('activation', userId, token);
      const user = await existingUser(userId);
      return { shouldSetPassword: user.password_hash === null };
    },

    /**
     * Uses the activation link: sets the password (required when the user has none), marks the user
     * verified, and logs them in. With `code`, the code from the activation email must match too.
     * The password meets the password rules like a reset's (length, strength, history, breached),
     * checked once the link (and code) are proven, so a stranger learns nothing from them.
     */
    async activate(
      input: { userId: string; token: string; password?: string; code?: string; recaptchaToken?: string },
      client: ClientInfo,
    ): Promise<IssuedSession> {
      await linkTokens.check('activation', input.userId, input.token, input.code);
      const email = (await findUserWithMemberships(db, { id: input.userId }))?.user.email;
      await deps.captcha.check('login', { email, recaptchaToken: input.recaptchaToken, ipAddress: client.ipAddress });
      let password: { hash: string; breached: boolean } | null = null;
      if (input.password) {
        const { breached } = await checkNewPassword(deps, input.password, { userId: input.userId, field: 'password' });
        password = { hash: await deps.passwords.hash(input.password), breached };
      }
      await db.transaction(async (trx) => {
        await linkTokens.consume(trx, 'activation', input.userId, input.token, input.code);
        const found = await findUserWithMemberships(trx, { id: input.userId });
        if (!found) throw errors.invalidLinkToken();
        if (found.user.password_hash === null && password === null) throw errors.passwordRequired();
        await activateUser(trx, input.userId, password);
        await acceptAllInvitations(trx, input.userId);
      });
      return deps.auth.loginProven(input.userId, client);
    },

    /** Starts a change of the caller's email: a link and code go to the new address, which changes once confirmed. */
    async requestEmailChange(userId: string, newEmail: string): Promise<void> {
      if (!(await deps.environment.settings()).allowEmailChange) throw errors.emailChangeNotAllowed();
      const user = await existingUser(userId);
      const address = emailAddress(newEmail);
      const other = await findEmailByAddress(db, address.normalized); // any user's email, primary or not
      if (other && other.user_id !== user.id) throw errors.userEmailTaken();
      await db.transaction(async (trx) => {
        const code = await linkTokens.issue('email_change', user.id, { trx, payload: { email: address.email } });
        await mail.enqueue(trx, address.email, 'email-change', { name: user.name, link: links.emailChange(address.email, code), code });
      });
    },

    /** Confirms an email change with the code (the token) that went to the new address. */
    async verifyEmailChange(userId: string, code: string, email: string): Promise<void> {
      const address = emailAddress(email);
      await db.transaction(async (trx) => {
        const row = await linkTokens.consume(trx, 'email_change', userId, code);
        if (typeof row.payload.email !== 'string' || normalizeEmail(row.payload.email) !== address.normalized) throw errors.invalidLinkToken();
        const outcome = await changeUserEmail(trx, userId, { email: row.payload.email, normalized: address.normalized, verified: true });
        if (outcome === 'taken') throw errors.userEmailTaken();
        if (outcome === 'missing') throw errors.invalidLinkToken();
      });
    },

    /**
     * Emails the user a link that unlocks them (earlier unlock links stop working): the token is
     * issued and the email queued in one transaction. For the lockout policy, when it locks a user.
     */
    async sendUnlockLink(userId: string): Promise<void> {
      const user = await existingUser(userId);
      await db.transaction(async (trx) => {
        const token = await linkTokens.issue('unlock', user.id, { trx });
        await mail.enqueue(trx, user.email, 'unlock', { name: user.name, link: links.unlock(token) });
      });
    },

    /** Uses the token of an unlock email: the user it was sent to is unlocked. Every failure is the one invalid-link error. */
    async unlock(token: string): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await linkTokens.consumeToken(trx, 'unlock', token);
        if (!(await unlockUser(trx, row.user_id))) throw errors.invalidLinkToken();
      });
    },

    /** The environment changes a user's email at once, without a confirmation. */
    async updateEmailByVendor(userId: string, email: string): Promise<UserProfile> {
      if (!isUuid(userId)) throw errors.userNotFound();
      const outcome = await changeUserEmail(db, userId, emailAddress(email));
      if (outcome === 'missing') throw errors.userNotFound();
      if (outcome === 'taken') throw errors.userEmailTaken();
      return deps.users.getWithTenants(userId);
    },
  };
}

export type UserLinksService = ReturnType<typeof createUserLinksService>;
