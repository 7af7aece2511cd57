import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import {
  countUserEmails,
  deleteSecondaryEmail,
  findEmailByAddress,
  findEmailOfUser,
  findEmailsOfUser,
  insertUserEmail,
  listUserEmails,
  makeEmailPrimary,
  markEmailVerified,
  type UserEmailRow,
  type UserEmailsSort,
} from '../repositories/user-emails';
import { findUserWithMemberships, type UserRow } from '../repositories/users';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import type { LinkTokens } from './link-tokens';
import { createLinks } from './links';
import type { Mail } from './mail';
import { readPage } from './paging';
import { normalizeEmail } from './users';

export interface UserEmailsListRequest {
  page: number;
  limit: number;
  sortBy?: 'userId' | 'email';
  order?: 'ASC' | 'DESC';
  emailPrefix?: string;
  /** Comma-separated user ids. */
  userIds?: string;
}

const SORT_COLUMNS: Record<NonNullable<UserEmailsListRequest['sortBy']>, UserEmailsSort> = { userId: 'user_id', email: 'email_normalized' };

/**
 * The user, who must exist and (when `tenantId` is given) be a member of that account: the account a
 * self-service route acts in, so that another account's user answers 404.
 */
export async function requireUser(db: Db, userId: string, tenantId?: string): Promise<UserRow> {
  const found = isUuid(userId) ? await findUserWithMemberships(db, { id: userId }) : undefined;
  if (!found) throw errors.userNotFound();
  if (tenantId !== undefined && !found.memberships.some((membership) => membership.tenant_id === tenantId)) throw errors.userNotFound();
  return found.user;
}

/**
 * Users' email addresses beyond the primary one: adding, verifying (a link and a code by email),
 * deleting, making one primary. An address belongs to one user at most, primary or not: the unique
 * index on `user_emails` holds that under races too. The primary address lives in `users` (login
 * reads it) and is mirrored into `user_emails` by the database (see the migration).
 */
export function createUserEmailsService(deps: { db: Db; appUrl: string; environment: EnvironmentService; linkTokens: LinkTokens; mail: Mail }) {
  const { db, linkTokens, mail } = deps;

  const links = createLinks(deps.appUrl);

  async function sendVerification(trx: Db, user: UserRow, row: UserEmailRow): Promise<void> {
    const code = await linkTokens.issue('user_email', user.id, { trx, payload: { emailId: row.id, email: row.email } });
    await mail.enqueue(trx, row.email, 'user-email-verification', { name: user.name, link: links.emailVerification(row.email, code), code });
  }

  return {
    /** One page of addresses: of the members of `tenantId`, or of every user without it. */
    async list(tenantId: string | undefined, request: UserEmailsListRequest) {
      const userIds =
        request.userIds === undefined
          ? undefined
          : request.userIds
              .split(',')
              .map((id) => id.trim())
              .filter((id) => id !== '');
      const filter = {
        tenantId,
        userIds: userIds?.filter(isUuid),
        emailPrefix: request.emailPrefix === undefined ? undefined : normalizeEmail(request.emailPrefix),
      };
      const order = { by: SORT_COLUMNS[request.sortBy ?? 'email'], direction: request.order === 'DESC' ? ('desc' as const) : ('asc' as const) };
      return readPage(
        request,
        () => countUserEmails(db, filter),
        (slice) => listUserEmails(db, filter, order, slice),
      );
    },

    /** Every address of the user, the primary one first. */
    async ofUser(userId: string, tenantId?: string): Promise<UserEmailRow[]> {
      await requireUser(db, userId, tenantId);
      return findEmailsOfUser(db, userId);
    },

    /**
     * Adds an address to the user: verified when `verified`, else unverified with a verification
     * email. `created` is false when the user already had it (then it is marked verified when asked,
     * or the verification email goes out again while it is unverified).
     */
    async add(userId: string, email: string, options: { tenantId?: string; verified?: boolean } = {}): Promise<{ email: UserEmailRow; created: boolean }> {
      const normalized = normalizeEmail(email);
      return db.transaction(async (trx) => {
        const user = await requireUser(trx, userId, options.tenantId);
        const inserted = await insertUserEmail(trx, {
          id: randomUUID(),
          user_id: user.id,
          email: email.trim(),
          email_normalized: normalized,
          verified: options.verified === true,
        });
        let row = inserted ?? (await findEmailByAddress(trx, normalized));
        if (!row || row.user_id !== user.id) throw errors.emailInUse(email.trim());
        if (!inserted && options.verified === true && !row.verified) row = await markEmailVerified(trx, row.id);
        if (!row.verified && options.verified !== true) await sendVerification(trx, user, row);
        return { email: row, created: inserted !== undefined };
      });
    },

    /** Verifies the user's address with the code emailed to it. Every failure is the one invalid-link error. */
    async verify(userId: string, code: string, email: string): Promise<void> {
      await db.transaction(async (trx) => {
        const token = await linkTokens.consume(trx, 'user_email', userId, code);
        const { emailId, email: sentTo } = token.payload;
        if (typeof emailId !== 'string' || typeof sentTo !== 'string' || normalizeEmail(sentTo) !== normalizeEmail(email)) {
          throw errors.invalidLinkToken();
        }
        const row = await findEmailOfUser(trx, userId, emailId);
        if (!row || row.email_normalized !== normalizeEmail(email)) throw errors.invalidLinkToken();
        await markEmailVerified(trx, row.id);
      });
    },

    /** Deletes one of the user's addresses; never the primary one. */
    async remove(userId: string, emailId: string, tenantId?: string): Promise<void> {
      await db.transaction(async (trx) => {
        await requireUser(trx, userId, tenantId);
        const outcome = isUuid(emailId) ? await deleteSecondaryEmail(trx, userId, emailId) : 'missing';
        if (outcome === 'missing') throw errors.userEmailNotFound(emailId);
        if (outcome === 'primary') throw errors.primaryEmailNotDeletable();
      });
    },

    /**
     * Makes a verified address of the user the primary one (the one they log in with); the old one
     * stays. `self`: the user asks for it themself, which the user emails policy may forbid.
     */
    async makePrimary(userId: string, email: string, options: { tenantId?: string; self?: boolean } = {}): Promise<void> {
      const { tenantId } = options;
      if (options.self && !(await deps.environment.settings()).allowEmailChange) throw errors.emailChangeNotAllowed();
      await db.transaction(async (trx) => {
        await requireUser(trx, userId, tenantId);
        // Locked, so that a concurrent delete of the address waits and then finds it primary.
        const row = await findEmailByAddress(trx, normalizeEmail(email), { lock: true });
        if (!row || row.user_id !== userId) throw errors.emailNotOfUser(email);
        if (row.is_primary) return;
        if (!row.verified) throw errors.emailNotVerified(row.email);
        await makeEmailPrimary(trx, row);
      });
    },
  };
}
