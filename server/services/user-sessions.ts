import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import {
  findLiveSessions,
  findOwnSessionPolicy,
  findSessionPolicy,
  isMemberOf,
  revokeUserSessions,
  saveSessionPolicy,
  type SessionPolicyValues,
  type UserSessionRow,
  userExists,
} from '../repositories/session-policies';
import { findTenant } from '../repositories/tenants';
import { errors } from './errors';

/**
 * The policy when none is stored: every part off, so sessions behave as they did before policies
 * existed (a session lives while its refresh tokens are used within their lifetime, 30 days by
 * default). The timeouts shown are the values a part takes when turned on without one.
 */
const DEFAULT_SESSION_POLICY: SessionPolicyValues = {
  idle_active: false,
  idle_timeout: 30 * 60,
  absolute_active: false,
  absolute_timeout: 30 * 24 * 60 * 60,
  concurrent_active: false,
  max_sessions: 10,
};

export interface SessionPolicyChange {
  sessionIdleTimeoutConfiguration?: { isActive: boolean; timeout: number };
  sessionTimeoutConfiguration?: { isActive: boolean; timeout: number };
  sessionConcurrentConfiguration?: { isActive: boolean; maxSessions: number };
}

/** A session of a user, and whether the caller's token belongs to it. */
export interface UserSession {
  row: UserSessionRow;
  current: boolean;
}

/** Who is asking about their sessions: the user, and their token's session when a user token asks. */
export interface SessionOwner {
  userId: string;
  sessionId?: string;
}

function values(row: SessionPolicyValues): SessionPolicyValues {
  const { idle_active, idle_timeout, absolute_active, absolute_timeout, concurrent_active, max_sessions } = row;
  return { idle_active, idle_timeout, absolute_active, absolute_timeout, concurrent_active, max_sessions };
}

/**
 * Session policies (per account, with an environment default) and a user's own sessions. Policies
 * are read from the database at every login and refresh, so a change holds at once in every process.
 */
export function createUserSessionsService(db: Db) {
  async function requireTenant(trx: Db, tenantId: string): Promise<void> {
    if (!(await findTenant(trx, tenantId))) throw errors.tenantNotFound();
  }

  /** The policy in force for the account (its own, else the default), or the default for null. */
  async function policyOf(trx: Db, tenantId: string | null): Promise<SessionPolicyValues> {
    const row = tenantId === null ? await findOwnSessionPolicy(trx, null) : await findSessionPolicy(trx, tenantId);
    return values(row ?? DEFAULT_SESSION_POLICY);
  }

  function owner(owner: SessionOwner): string | undefined {
    return isUuid(owner.userId) ? owner.userId : undefined;
  }

  return {
    /** The policy of the account (null: the environment default). */
    async policy(tenantId: string | null): Promise<SessionPolicyValues> {
      return db.transaction(async (trx) => {
        if (tenantId !== null) await requireTenant(trx, tenantId);
        return policyOf(trx, tenantId);
      });
    },

    /** Changes the parts sent of the account's policy (null: the default); the rest keep their values in force. */
    async setPolicy(tenantId: string | null, change: SessionPolicyChange): Promise<SessionPolicyValues> {
      const { sessionIdleTimeoutConfiguration: idle, sessionTimeoutConfiguration: absolute, sessionConcurrentConfiguration: concurrent } = change;
      if (!idle && !absolute && !concurrent) throw errors.sessionConfigurationEmpty();
      return db.transaction(async (trx) => {
        if (tenantId !== null) await requireTenant(trx, tenantId);
        const next = {
          ...(await policyOf(trx, tenantId)),
          ...(idle ? { idle_active: idle.isActive, idle_timeout: idle.timeout } : {}),
          ...(absolute ? { absolute_active: absolute.isActive, absolute_timeout: absolute.timeout } : {}),
          ...(concurrent ? { concurrent_active: concurrent.isActive, max_sessions: concurrent.maxSessions } : {}),
        };
        await saveSessionPolicy(trx, randomUUID(), tenantId, next);
        return next;
      });
    },

    /** The user's sessions that may still refresh, newest first. */
    async list(caller: SessionOwner): Promise<UserSession[]> {
      const userId = owner(caller);
      if (!userId) return [];
      const rows = await findLiveSessions(db, userId);
      return rows.map((row) => ({ row, current: row.id === caller.sessionId }));
    },

    /** The session of the caller's token; 404 when there is none or it has ended. */
    async current(caller: SessionOwner): Promise<UserSession> {
      const userId = owner(caller);
      if (!userId || !caller.sessionId) throw errors.noCurrentSession();
      const [row] = await findLiveSessions(db, userId, caller.sessionId);
      if (!row) throw errors.sessionNotFound();
      return { row, current: true };
    },

    /** Ends one of the user's sessions; another user's, or one already ended, is 404. */
    async revokeOne(caller: SessionOwner, sessionId: string): Promise<void> {
      const userId = owner(caller);
      if (!userId || !isUuid(sessionId)) throw errors.sessionNotFound();
      if ((await revokeUserSessions(db, userId, 'user_revoked', { only: sessionId })) === 0) throw errors.sessionNotFound();
    },

    /** Ends every session of the user but the caller's own. */
    async revokeOthers(caller: SessionOwner): Promise<void> {
      const userId = owner(caller);
      if (!userId) return;
      await revokeUserSessions(db, userId, 'user_revoked', caller.sessionId ? { except: caller.sessionId } : {});
    },

    /** An admin ends every session of a member of their account (undefined: any user, for the environment). */
    async revokeAllOf(userId: string, tenantId: string | undefined): Promise<void> {
      if (!isUuid(userId)) throw errors.userNotFound();
      await db.transaction(async (trx) => {
        if (tenantId !== undefined && !(await isMemberOf(trx, userId, tenantId))) throw errors.userNotFound();
        if (tenantId === undefined && !(await userExists(trx, userId))) throw errors.userNotFound();
        await revokeUserSessions(trx, userId, 'admin_revoked');
      });
    },
  };
}
