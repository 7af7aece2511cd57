import type { Knex } from 'knex';

export interface SessionRow {
  id: string;
  user_id: string;
  tenant_id: string;
  ip_address: string | null;
  user_agent: string | null;
  created_at: Date;
  last_active_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface RefreshTokenRow {
  id: string;
  session_id: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export async function insertSession(
  db: Knex,
  row: Pick<SessionRow, 'id' | 'user_id' | 'tenant_id' | 'ip_address' | 'user_agent'>,
  lifetimeSeconds: number,
): Promise<void> {
  await db('sessions').insert({ ...row, expires_at: db.raw(`now() + make_interval(secs => ?)`, [lifetimeSeconds]) });
}

/** A session that is neither revoked nor expired, by the database clock. */
export async function findLiveSession(db: Knex, id: string): Promise<SessionRow | undefined> {
  return db<SessionRow>('sessions')
    .where({ id })
    .whereNull('revoked_at')
    .where('expires_at', '>', db.fn.now())
    .first();
}

export async function touchSession(db: Knex, id: string, tenantId: string, lifetimeSeconds: number): Promise<void> {
  await db('sessions')
    .where({ id })
    .update({
      tenant_id: tenantId,
      last_active_at: db.fn.now(),
      expires_at: db.raw(`now() + make_interval(secs => ?)`, [lifetimeSeconds]),
    });
}

export async function revokeSession(db: Knex, id: string, reason: string): Promise<void> {
  await db('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

export async function insertRefreshToken(
  db: Knex,
  row: Pick<RefreshTokenRow, 'id' | 'session_id' | 'token_hash'>,
  lifetimeSeconds: number,
): Promise<void> {
  await db('refresh_tokens').insert({ ...row, expires_at: db.raw(`now() + make_interval(secs => ?)`, [lifetimeSeconds]) });
}

/**
 * Marks an unused, unexpired refresh token as used and returns it; undefined when no such token
 * exists. Atomic: of many concurrent calls with one token, exactly one gets it.
 */
export async function consumeRefreshToken(db: Knex, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const rows: RefreshTokenRow[] = await db('refresh_tokens')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .where('expires_at', '>', db.fn.now())
    .update({ used_at: db.fn.now() })
    .returning('*');
  return rows[0];
}

export async function findRefreshToken(db: Knex, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  return db<RefreshTokenRow>('refresh_tokens').where({ token_hash: tokenHash }).first();
}
