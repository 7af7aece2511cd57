import type { Knex } from 'knex';
import { MEMBERSHIPS_JSON, splitMemberships, type UserRowWithMemberships, type UserWithMemberships } from './users';

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

/**
 * Starts a session with its first refresh token and records the login, in one statement (so all of
 * it or none of it happens).
 */
export async function startSession(
  db: Knex,
  session: Pick<SessionRow, 'id' | 'user_id' | 'tenant_id' | 'ip_address' | 'user_agent'>,
  refreshToken: Pick<RefreshTokenRow, 'id' | 'token_hash'>,
  lifetimeSeconds: number,
): Promise<void> {
  await db.raw(
    `with session as (
       insert into sessions (id, user_id, tenant_id, ip_address, user_agent, expires_at)
       values (?, ?, ?, ?, ?, now() + make_interval(secs => ?))
       returning id
     ), login as (
       update users set last_login = now(), last_active_tenant_id = ? where id = ?
     )
     insert into refresh_tokens (id, session_id, token_hash, expires_at)
     select ?, session.id, ?, now() + make_interval(secs => ?) from session`,
    [
      session.id, session.user_id, session.tenant_id, session.ip_address, session.user_agent, lifetimeSeconds,
      session.tenant_id, session.user_id,
      refreshToken.id, refreshToken.token_hash, lifetimeSeconds,
    ],
  );
}

export async function revokeSession(db: Knex, id: string, reason: string): Promise<void> {
  await db('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

export async function findRefreshToken(db: Knex, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  return db<RefreshTokenRow>('refresh_tokens').where({ token_hash: tokenHash }).first();
}

/**
 * The whole of a refresh, in one statement: uses up the refresh token, if it is unused and unexpired,
 * its session is live, its user is not locked and is a live member of the account the session moves
 * to (`tenantId`, else the session's own); extends the session, moves it to that account and adds
 * the next token of the family. Returns the user with their memberships, or undefined when any
 * condition fails, in which case nothing changed. Of many concurrent calls with one token, exactly
 * one succeeds: the token's row is locked, and the others see it used once the first commits.
 */
export async function rotateRefreshToken(
  db: Knex,
  rotation: { tokenHash: string; tenantId?: string; next: Pick<RefreshTokenRow, 'id' | 'token_hash'>; lifetimeSeconds: number },
): Promise<(UserWithMemberships & { sessionId: string; tenantId: string }) | undefined> {
  const tenantId = rotation.tenantId ?? null;
  const result = await db.raw<{ rows: (UserRowWithMemberships & { session_id: string; session_tenant_id: string })[] }>(
    `with target as (
       select rt.id as token_id, s.id as session_id, s.user_id, s.tenant_id as previous_tenant_id, ut.tenant_id
       from refresh_tokens rt
       join sessions s on s.id = rt.session_id and s.revoked_at is null and s.expires_at > now()
       join users u on u.id = s.user_id and not u.is_locked
       join user_tenants ut on ut.user_id = s.user_id and ut.tenant_id = coalesce(?::text, s.tenant_id) and not ut.is_disabled
       join tenants t on t.tenant_id = ut.tenant_id and t.deleted_at is null
       where rt.token_hash = ? and rt.used_at is null and rt.expires_at > now()
       for update of rt
     ), consumed as (
       update refresh_tokens set used_at = now() from target
       where refresh_tokens.id = target.token_id and refresh_tokens.used_at is null
       returning target.*
     ), touched as (
       update sessions set tenant_id = consumed.tenant_id, last_active_at = now(), expires_at = now() + make_interval(secs => ?)
       from consumed where sessions.id = consumed.session_id
     ), switched as (
       update users set last_active_tenant_id = consumed.tenant_id, last_login = now()
       from consumed where users.id = consumed.user_id and consumed.tenant_id <> consumed.previous_tenant_id
     ), next_token as (
       insert into refresh_tokens (id, session_id, token_hash, expires_at)
       select ?, consumed.session_id, ?, now() + make_interval(secs => ?) from consumed
     )
     select consumed.session_id, consumed.tenant_id as session_tenant_id, u.*, ${MEMBERSHIPS_JSON}
     from consumed join users u on u.id = consumed.user_id`,
    [tenantId, rotation.tokenHash, rotation.lifetimeSeconds, rotation.next.id, rotation.next.token_hash, rotation.lifetimeSeconds],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const { session_id: sessionId, session_tenant_id: sessionTenantId, ...rest } = row;
  return { ...splitMemberships(rest as UserRowWithMemberships)!, sessionId, tenantId: sessionTenantId };
}
