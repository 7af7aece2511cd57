import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { constantTimeEqual, randomSecret, sha256Hex } from '../lib/crypto';
import { isUuid } from '../lib/ids';
import {
  consumeLinkToken,
  consumeLinkTokenByHash,
  findUsableLinkToken,
  replaceLinkToken,
  type LinkPurpose,
  type LinkTokenRow,
} from '../repositories/link-tokens';
import { errors } from './errors';

export type { LinkPurpose };

/** How long each kind of link works, in seconds. */
const LINK_LIFETIME: Record<LinkPurpose, number> = {
  activation: 7 * 24 * 3600,
  invitation: 7 * 24 * 3600,
  password_reset: 3600,
  email_change: 3600,
  user_email: 24 * 3600,
  unlock: 24 * 3600,
};

/**
 * One-time tokens in links. The token is 32 random bytes; only its SHA-256 is stored (it has too much
 * entropy to guess, so a slow hash would add nothing). A token works once, before its expiry, for its
 * purpose and its user; every way of failing (unknown, used, expired, another user's, another
 * purpose's) answers the same error, so the answer tells nothing about which it was.
 */
/** The environment settings that set link lifetimes (activation and invitation links). */
export interface LinkLifetimeSettings {
  activationCodeExpiration: number;
  invitationCodeExpiration: number;
}

export function createLinkTokens(db: Db, settings?: (from: Db) => Promise<LinkLifetimeSettings>) {
  /** How long a new link of the purpose works: the environment's setting where there is one, else LINK_LIFETIME. */
  async function lifetime(purpose: LinkPurpose, from: Db = db): Promise<number> {
    if (settings && (purpose === 'activation' || purpose === 'invitation')) {
      const current = await settings(from);
      return purpose === 'activation' ? current.activationCodeExpiration : current.invitationCodeExpiration;
    }
    return LINK_LIFETIME[purpose];
  }

  function key(purpose: LinkPurpose, userId: string, token: string) {
    return { tokenHash: sha256Hex(token), purpose, userId };
  }
  const usable = (userId: string, token: string) => isUuid(userId) && token.length > 0 && token.length <= 512;

  return {
    lifetime,

    /**
     * A new token for the user; earlier unused ones of the same purpose (for `tenantId`, of the same
     * purpose and account) stop working. Runs in `trx` when given. The payload keeps `tenantId`.
     */
    async issue(
      purpose: LinkPurpose,
      userId: string,
      options: { trx?: Db; payload?: Record<string, unknown>; lifetimeSeconds?: number; tenantId?: string } = {},
    ): Promise<string> {
      const token = randomSecret(32);
      const payload = { ...options.payload, ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}) };
      await replaceLinkToken(
        options.trx ?? db,
        { id: randomUUID(), token_hash: sha256Hex(token), purpose, user_id: userId, payload },
        options.lifetimeSeconds ?? (await lifetime(purpose, options.trx)),
        options.tenantId,
      );
      return token;
    },

    /**
     * Uses the token up (inside `trx`, so a rolled-back flow leaves it usable); throws the one
     * invalid-link error otherwise. With `code`, the code emailed with the link (its hash is in the
     * payload) must match too.
     */
    async consume(trx: Db, purpose: LinkPurpose, userId: string, token: string, code?: string): Promise<LinkTokenRow> {
      const row = usable(userId, token) ? await consumeLinkToken(trx, key(purpose, userId, token)) : undefined;
      if (!row) throw errors.invalidLinkToken();
      if (code !== undefined && !codeMatches(row, code)) throw errors.invalidLinkToken();
      return row;
    },

    /** `consume` for links whose request carries the token alone (unlock): the token names its user. */
    async consumeToken(trx: Db, purpose: LinkPurpose, token: string): Promise<LinkTokenRow> {
      const row = token.length > 0 && token.length <= 512 ? await consumeLinkTokenByHash(trx, { tokenHash: sha256Hex(token), purpose }) : undefined;
      if (!row) throw errors.invalidLinkToken();
      return row;
    },

    /**
     * Checks the token (and, with `code`, the emailed code) without using it; throws the same error
     * as `consume`, which checks both again.
     */
    async check(purpose: LinkPurpose, userId: string, token: string, code?: string): Promise<LinkTokenRow> {
      const row = usable(userId, token) ? await findUsableLinkToken(db, key(purpose, userId, token)) : undefined;
      if (!row) throw errors.invalidLinkToken();
      if (code !== undefined && !codeMatches(row, code)) throw errors.invalidLinkToken();
      return row;
    },
  };
}

/** Whether `code` is the code emailed with the link (its hash is in the payload). */
function codeMatches(row: LinkTokenRow, code: string): boolean {
  const expected = typeof row.payload.codeHash === 'string' ? row.payload.codeHash : '';
  return constantTimeEqual(expected, sha256Hex(code));
}

export type LinkTokens = ReturnType<typeof createLinkTokens>;
