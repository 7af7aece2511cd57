import type { Knex } from 'knex';
import { prepared } from '../db/knex';
import { POLICY_OF_SESSION, WITHIN_TIMEOUTS } from './session-policies';
import { MEMBERSHIPS_JSON, USER_SELECT, splitMemberships, type UserRowWithMemberships, type UserWithMemberships } from './users';

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
  application_id: string | null;
}

/** Who acts in an impersonated session (the user's id when a user does), and its end in seconds since the epoch. */
export interface SessionImpersonation {
  actorType: 'user' | 'environment';
  actorUserId: string | null;
  endsAt: number;
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
  session: Pick<SessionRow, 'id' | 'user_id' | 'tenant_id' | 'ip_address' | 'user_agent' | 'application_id'>,
  refreshToken: Pick<RefreshTokenRow, 'id' | 'token_hash'>,
  lifetimeSeconds: number,
): Promise<void> {
  await db
    .raw(
      `with session as (
       insert into sessions (id, user_id, tenant_id, ip_address, user_agent, application_id, expires_at)
       values (?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?))
       returning id
     ), login as (
       update users set last_login = now(), last_active_tenant_id = ? where id = ?
     )
     insert into refresh_tokens (id, session_id, token_hash, expires_at)
     select ?, session.id, ?, now() + make_interval(secs => ?) from session`,
      [
        session.id,
        session.user_id,
        session.tenant_id,
        session.ip_address,
        session.user_agent,
        session.application_id,
        lifetimeSeconds,
        session.tenant_id,
        session.user_id,
        refreshToken.id,
        refreshToken.token_hash,
        lifetimeSeconds,
      ],
    )
    .options(prepared('start_session_v2'));
}

/**
 * Extends the session, moves it to `tenantId`, and adds the next refresh token of its family, in one
 * statement. An impersonated session, and its refresh tokens, never go past the impersonation's end.
 */
export async function continueSession(
  db: Knex,
  sessionId: string,
  tenantId: string,
  refreshToken: Pick<RefreshTokenRow, 'id' | 'token_hash'>,
  lifetimeSeconds: number,
): Promise<void> {
  await db
    .raw(
      `with touched as (
       update sessions set tenant_id = ?, last_active_at = now(),
         expires_at = least(now() + make_interval(secs => ?), coalesce(impersonation_ends_at, 'infinity'))
       where id = ?
     )
     insert into refresh_tokens (id, session_id, token_hash, expires_at)
     select ?, s.id, ?, least(now() + make_interval(secs => ?), coalesce(s.impersonation_ends_at, 'infinity'))
     from sessions s where s.id = ?`,
      [tenantId, lifetimeSeconds, sessionId, refreshToken.id, refreshToken.token_hash, lifetimeSeconds, sessionId],
    )
    .options(prepared('continue_session_v2'));
}

/** A refresh without rotation: the session is touched and the same refresh token lives on for `lifetimeSeconds` from now. */
export async function continueSessionKeepingToken(db: Knex, sessionId: string, tenantId: string, tokenHash: string, lifetimeSeconds: number): Promise<void> {
  await db.raw(
    `with touched as (
       update sessions set tenant_id = ?, last_active_at = now(), expires_at = now() + make_interval(secs => ?)
       where id = ?
     )
     update refresh_tokens set expires_at = now() + make_interval(secs => ?) where token_hash = ? and session_id = ?`,
    [tenantId, lifetimeSeconds, sessionId, lifetimeSeconds, tokenHash, sessionId],
  );
}

/** The application the refresh token's session was opened for (null when none), read without a lock; undefined for an unknown token. */
export async function findSessionApplication(db: Knex, tokenHash: string): Promise<string | null | undefined> {
  const row = await db('refresh_tokens as rt').join('sessions as s', 's.id', 'rt.session_id').where('rt.token_hash', tokenHash).first('s.application_id');
  return row === undefined ? undefined : ((row.application_id as string | null) ?? null);
}

export async function revokeSession(db: Knex, id: string, reason: string): Promise<void> {
  await db('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

export async function findRefreshToken(db: Knex, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  return db<RefreshTokenRow>('refresh_tokens').where({ token_hash: tokenHash }).first();
}

/**
 * Uses up an unused, unexpired refresh token of a session within its policy's idle and absolute
 * timeouts (judged by the database clock; a session past one is ended instead) and returns the user of its live session, with the
 * session's id and account, in one statement; undefined when there is no such token or session.
 * Atomic: of many concurrent calls with one token, exactly one gets it. The token's session is read
 * once, by its id alone (`token_session`), and filtered after: with `revoked_at is null` in the same
 * scan, the planner may pick the partial index of live sessions and read all of them. It did when the
 * prepared statement was first planned on young tables (PostgreSQL keeps that generic plan until the
 * next ANALYZE): in the bench, refreshes during the login phase fixed a plan that then read thousands
 * of sessions per refresh.
 */
export async function consumeRefreshTokenForUser(
  db: Knex,
  tokenHash: string,
  /** Off (the environment's rotateRefreshTokens): the token is checked and locked, not used up. */
  rotate = true,
): Promise<(UserWithMemberships & { sessionId: string; sessionTenantId: string; impersonation?: SessionImpersonation }) | undefined> {
  const result = await db
    .raw<{
      rows: (UserRowWithMemberships & {
        session_id: string;
        session_tenant_id: string;
        impersonated_by_type: 'user' | 'environment' | null;
        impersonated_by: string | null;
        impersonation_ends: string | number | null;
      })[];
    }>(
      `with token_session as materialized (
       select s.id, s.user_id, s.tenant_id, s.revoked_at, s.expires_at, s.last_active_at, s.created_at,
              s.impersonated_by_type, s.impersonated_by, s.impersonation_ends_at
       from sessions s where s.id = (select rt.session_id from refresh_tokens rt where rt.token_hash = ?)
     ), timed_out as (
       update sessions set revoked_at = now(), revoked_reason = 'timeout'
       where id = (select s.id from token_session s ${POLICY_OF_SESSION} where s.revoked_at is null and not (${WITHIN_TIMEOUTS}))
     ), consumed as (
       update refresh_tokens set used_at = case when ?::boolean then now() end
       where token_hash = ? and used_at is null and expires_at > now()
         and not exists (
           select 1 from sessions s ${POLICY_OF_SESSION}
           where s.id = refresh_tokens.session_id and not (${WITHIN_TIMEOUTS})
         )
       returning session_id
     ), live as (
       select s.id, s.user_id, s.tenant_id, s.impersonated_by_type, s.impersonated_by,
              extract(epoch from s.impersonation_ends_at) as impersonation_ends
       from token_session s join consumed c on c.session_id = s.id
       where s.revoked_at is null and s.expires_at > now()
     )
     select live.id as session_id, live.tenant_id as session_tenant_id,
            live.impersonated_by_type, live.impersonated_by, live.impersonation_ends, ${USER_SELECT}, ${MEMBERSHIPS_JSON}
     from live join users u on u.id = live.user_id`,
      [tokenHash, rotate, tokenHash],
    )
    .options(prepared('consume_refresh_token_v5'));
  const row = result.rows[0];
  if (!row) return undefined;
  const {
    session_id: sessionId,
    session_tenant_id: sessionTenantId,
    impersonated_by_type: actorType,
    impersonated_by: actorUserId,
    impersonation_ends: ends,
    ...rest
  } = row;
  // delegation and impersonation: who acts in an impersonated session, and when it ends
  const impersonation = actorType ? { actorType, actorUserId, endsAt: Math.floor(Number(ends)) } : undefined;
  return { ...splitMemberships(rest as UserRowWithMemberships)!, sessionId, sessionTenantId, ...(impersonation ? { impersonation } : {}) };
}
