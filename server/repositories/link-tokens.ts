import type { Knex } from 'knex';

export type LinkPurpose = 'activation' | 'password_reset' | 'email_change' | 'invitation' | 'user_email' | 'unlock';

export interface LinkTokenRow {
  id: string;
  token_hash: string;
  purpose: LinkPurpose;
  user_id: string;
  payload: Record<string, unknown>;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

export interface LinkTokenKey {
  tokenHash: string;
  purpose: LinkPurpose;
  userId: string;
}

/**
 * Stores a new token and uses up the user's earlier unused tokens for the same purpose (and, with
 * `tenantId`, the same account: a user may hold one invitation per account): only the newest link works.
 */
export async function replaceLinkToken(
  db: Knex,
  row: { id: string; token_hash: string; purpose: LinkPurpose; user_id: string; payload: Record<string, unknown> },
  lifetimeSeconds: number,
  tenantId?: string,
): Promise<void> {
  await db('link_tokens')
    .where({ user_id: row.user_id, purpose: row.purpose })
    .whereNull('used_at')
    .modify((query) => {
      if (tenantId !== undefined) query.whereRaw("payload->>'tenantId' = ?", [tenantId]);
    })
    .update({ used_at: db.fn.now() });
  await db('link_tokens').insert({
    ...row,
    payload: JSON.stringify(row.payload),
    expires_at: db.raw("now() + (? * interval '1 second')", [lifetimeSeconds]),
  });
}

/** Uses the token up, in one statement: only an unused, unexpired token of this purpose and user matches. */
export async function consumeLinkToken(db: Knex, key: LinkTokenKey): Promise<LinkTokenRow | undefined> {
  const [row] = await db('link_tokens')
    .where({ token_hash: key.tokenHash, purpose: key.purpose, user_id: key.userId })
    .whereNull('used_at')
    .where('expires_at', '>', db.fn.now())
    .update({ used_at: db.fn.now() })
    .returning('*');
  return row as LinkTokenRow | undefined;
}

/** The token if it could be used now, without using it. */
export async function findUsableLinkToken(db: Knex, key: LinkTokenKey): Promise<LinkTokenRow | undefined> {
  return db('link_tokens')
    .where({ token_hash: key.tokenHash, purpose: key.purpose, user_id: key.userId })
    .whereNull('used_at')
    .where('expires_at', '>', db.fn.now())
    .first();
}

/** Uses up the token found by its hash alone (links whose request names no user), in one statement, as `consumeLinkToken` does. */
export async function consumeLinkTokenByHash(db: Knex, key: Omit<LinkTokenKey, 'userId'>): Promise<LinkTokenRow | undefined> {
  const [row] = await db('link_tokens')
    .where({ token_hash: key.tokenHash, purpose: key.purpose })
    .whereNull('used_at')
    .where('expires_at', '>', db.fn.now())
    .update({ used_at: db.fn.now() })
    .returning('*');
  return row as LinkTokenRow | undefined;
}
