import type { Knex } from 'knex';
import type { SessionRow } from './sessions';

/** The stored session policy of an account, or of the environment when `tenant_id` is null. */
export interface SessionPolicyRow {
  tenant_id: string | null;
  idle_active: boolean;
  idle_timeout: number;
  absolute_active: boolean;
  absolute_timeout: number;
  concurrent_active: boolean;
  max_sessions: number;
}

export type SessionPolicyValues = Omit<SessionPolicyRow, 'tenant_id'>;

/**
 * SQL that joins, as `p`, the policy in force for the session aliased `s`: its account's own row,
 * else the environment default, else nulls (no timeouts).
 */
export const POLICY_OF_SESSION = `left join lateral (
    select sp.idle_active, sp.idle_timeout, sp.absolute_active, sp.absolute_timeout from session_policies sp
    where sp.tenant_id = s.tenant_id or sp.tenant_id is null
    order by sp.tenant_id nulls last limit 1
  ) p on true`;

/** SQL: the session `s` has not timed out under policy `p`, by the database clock. */
export const WITHIN_TIMEOUTS = `(p.idle_active is not true or s.last_active_at + make_interval(secs => p.idle_timeout) > now())
  and (p.absolute_active is not true or s.created_at + make_interval(secs => p.absolute_timeout) > now())`;

/** SQL: the session `s` (with `p` joined) may still refresh. */
const LIVE_SESSION = `s.revoked_at is null and s.expires_at > now() and ${WITHIN_TIMEOUTS}`;

/** The account's own policy (`tenantId` given) or the environment's (null); undefined when none is stored. */
export async function findOwnSessionPolicy(db: Knex, tenantId: string | null): Promise<SessionPolicyRow | undefined> {
  const query = db<SessionPolicyRow>('session_policies');
  return (tenantId === null ? query.whereNull('tenant_id') : query.where({ tenant_id: tenantId })).first();
}

/** The policy in force for the account: its own, else the environment's; undefined when neither is stored. */
export async function findSessionPolicy(db: Knex, tenantId: string): Promise<SessionPolicyRow | undefined> {
  return db<SessionPolicyRow>('session_policies').where({ tenant_id: tenantId }).orWhereNull('tenant_id').orderByRaw('tenant_id nulls last').first();
}

/** Stores the policy of the account (or of the environment for null), replacing the one before, in one statement. */
export async function saveSessionPolicy(db: Knex, id: string, tenantId: string | null, values: SessionPolicyValues): Promise<void> {
  await db.raw(
    `insert into session_policies (id, tenant_id, idle_active, idle_timeout, absolute_active, absolute_timeout, concurrent_active, max_sessions)
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict ((coalesce(tenant_id, ''))) do update set
       idle_active = excluded.idle_active, idle_timeout = excluded.idle_timeout,
       absolute_active = excluded.absolute_active, absolute_timeout = excluded.absolute_timeout,
       concurrent_active = excluded.concurrent_active, max_sessions = excluded.max_sessions, updated_at = now()`,
    [id, tenantId, values.idle_active, values.idle_timeout, values.absolute_active, values.absolute_timeout, values.concurrent_active, values.max_sessions],
  );
}

/** Locks the user's row until the transaction ends: logins of one user that cap sessions go one at a time. */
export async function lockUserForSessions(trx: Knex.Transaction, userId: string): Promise<void> {
  await trx('users').where({ id: userId }).forUpdate().first('id');
}

/**
 * Ends the user's oldest live sessions beyond `max`, keeping `keepId` (the login being made) and the
 * newest others. Run after locking the user, so concurrent logins count each other's sessions.
 */
export async function endSessionsBeyond(db: Knex, userId: string, keepId: string, max: number): Promise<void> {
  await db.raw(
    `update sessions set revoked_at = now(), revoked_reason = 'session_limit'
     where id in (
       select s.id from sessions s
       where s.user_id = ? and s.revoked_at is null and s.expires_at > now()
       order by (s.id = ?) desc, s.created_at desc, s.id desc
       offset ?
     )`,
    [userId, keepId, max],
  );
}

export type UserSessionRow = Pick<SessionRow, 'id' | 'user_id' | 'tenant_id' | 'ip_address' | 'user_agent' | 'created_at' | 'last_active_at' | 'expires_at'> & {
  // delegation and impersonation: set on an impersonated session only
  impersonated_by_type: 'user' | 'environment' | null;
  impersonated_by: string | null;
  impersonation_reason: string | null;
};

const SESSION_COLUMNS =
  's.id, s.user_id, s.tenant_id, s.ip_address, s.user_agent, s.created_at, s.last_active_at, s.expires_at, s.impersonated_by_type, s.impersonated_by, s.impersonation_reason';

/** The user's sessions that may still refresh, newest first; with `sessionId`, only that one. */
export async function findLiveSessions(db: Knex, userId: string, sessionId?: string): Promise<UserSessionRow[]> {
  const result = await db.raw<{ rows: UserSessionRow[] }>(
    `select ${SESSION_COLUMNS} from sessions s ${POLICY_OF_SESSION}
     where s.user_id = ? and ${LIVE_SESSION} ${sessionId ? 'and s.id = ?' : ''}
     order by s.created_at desc, s.id desc`,
    sessionId ? [userId, sessionId] : [userId],
  );
  return result.rows;
}

/** Ends the user's live sessions: `only` that one, or all but `except`. Returns how many ended. */
export async function revokeUserSessions(db: Knex, userId: string, reason: string, which: { only?: string; except?: string } = {}): Promise<number> {
  let query = db('sessions').where({ user_id: userId }).whereNull('revoked_at');
  if (which.only) query = query.where({ id: which.only });
  if (which.except) query = query.whereNot({ id: which.except });
  return query.update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

/** Whether the user is a member (disabled or not) of the live account. */
export async function isMemberOf(db: Knex, userId: string, tenantId: string): Promise<boolean> {
  const row = await db('user_tenants as ut')
    .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
    .where({ 'ut.user_id': userId, 'ut.tenant_id': tenantId })
    .whereNull('t.deleted_at')
    .first('ut.user_id');
  return row !== undefined;
}

/** Whether the user exists. */
export async function userExists(db: Knex, userId: string): Promise<boolean> {
  return (await db('users').where({ id: userId }).first('id')) !== undefined;
}
