import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { randomSecret, sha256Hex } from '../lib/crypto';
import { findGrants } from '../repositories/grants';
import { findDelegationEnabled, saveDelegationEnabled, startImpersonation, type ImpersonationActor } from '../repositories/impersonation';
import { findUserWithMemberships } from '../repositories/users';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import { groupGrants, userClaims, type ClientInfo } from './auth';
import type { SignedToken, Tokens } from './tokens';
import { pickActiveTenant, temporaryAccessEnded } from './users';

/**
 * How long an impersonation lasts, in seconds: its access tokens, its refresh tokens and its session
 * all end by then, whatever the environment's lifetimes (refreshes never move the end).
 */
export const IMPERSONATION_LIFETIME_SECONDS = 15 * 60;

/** Who asks to impersonate: a member (with the session of the token they call with) or the environment. */
export type ImpersonationCaller = { type: 'user'; userId: string; tenantId: string; sessionId: string } | { type: 'environment'; tenantId?: string };

export interface Impersonation {
  accessToken: SignedToken;
  refreshToken: string;
  sessionId: string;
  tenantId: string;
}

/**
 * Delegation (the environment's switch) and impersonation: an admin holding the impersonation
 * permission, or the environment, opens a short session as another user. A member impersonates only
 * members of their own account who hold no permission there that they lack; the environment may
 * impersonate a member of any account. Every impersonation is recorded.
 */
export function createImpersonationService(deps: { db: Db; tokens: Tokens; environment: EnvironmentService; environmentId: string; clientId: string }) {
  const { db, tokens, environment } = deps;

  /** The caller, proven again by `actorToken`: it must be the caller's own token, and no impersonation's. */
  async function checkActorToken(caller: ImpersonationCaller, actorToken: string): Promise<void> {
    const claims = await tokens.verify(actorToken, ['userToken', 'vendor']);
    if (!claims) throw errors.unauthenticated();
    if (claims.type === 'userToken' && claims.act) throw errors.impersonationRefused();
    const same =
      caller.type === 'user' ? claims.type === 'userToken' && claims.sub === caller.userId && claims.sid === caller.sessionId : claims.type === 'vendor';
    if (!same) throw errors.actorTokenMismatch();
  }

  return {
    async delegationEnabled(): Promise<boolean> {
      return findDelegationEnabled(db, deps.environmentId);
    },

    async setDelegationEnabled(enabled: boolean): Promise<void> {
      await saveDelegationEnabled(db, deps.environmentId, enabled);
    },

    async impersonate(
      caller: ImpersonationCaller,
      input: { impersonatedUserId: string; actorToken: string; reason?: string } & ClientInfo,
    ): Promise<Impersonation> {
      if (!(await findDelegationEnabled(db, deps.environmentId))) throw errors.delegationDisabled();
      await checkActorToken(caller, input.actorToken);
      if (caller.type === 'user' && caller.userId === input.impersonatedUserId) throw errors.impersonationOfSelf();

      const found = await findUserWithMemberships(db, { id: input.impersonatedUserId });
      const tenantId = caller.tenantId ?? (found ? pickActiveTenant(found.user, found.memberships)?.tenant_id : undefined);
      const membership = found?.memberships.find((candidate) => candidate.tenant_id === tenantId);
      if (!found || !tenantId || !membership) throw errors.impersonationTargetNotFound();
      const { user, memberships } = found;
      if (membership.is_disabled || user.is_locked || temporaryAccessEnded(user)) throw errors.impersonationTargetUnavailable();

      const settings = await environment.settings();
      const targetGrants = await findGrants(db, user.id, tenantId, groupGrants(settings));
      if (caller.type === 'user') {
        // Never a user who holds more than the impersonator, judged on the grants of now, not of the token.
        const actorGrants = await findGrants(db, caller.userId, tenantId, groupGrants(settings));
        if (targetGrants.permissions.some((permission) => !actorGrants.permissions.includes(permission))) {
          throw errors.impersonationTargetOutranks();
        }
      }

      const actor: ImpersonationActor = caller.type === 'user' ? { type: 'user', userId: caller.userId } : { type: 'environment' };
      const sessionId = randomUUID();
      const refreshSecret = randomSecret(32);
      const endsAt = await db.transaction((trx) =>
        startImpersonation(trx, {
          id: randomUUID(),
          sessionId,
          tenantId,
          targetUserId: user.id,
          actor,
          reason: input.reason ?? null,
          ipAddress: input.ipAddress ?? null,
          userAgent: input.userAgent ?? null,
          refreshToken: { id: randomUUID(), token_hash: sha256Hex(refreshSecret) },
          lifetimeSeconds: IMPERSONATION_LIFETIME_SECONDS,
        }),
      );
      const claims = {
        ...userClaims(user, memberships, tenantId, sessionId, targetGrants, null),
        act: caller.type === 'user' ? { sub: caller.userId, type: 'user' as const } : { sub: deps.clientId, type: 'environment' as const },
      };
      const lifetime = Math.max(1, Math.min(settings.defaultTokenExpiration, endsAt - Math.floor(Date.now() / 1000)));
      return { accessToken: await tokens.sign(claims, lifetime), refreshToken: refreshSecret, sessionId, tenantId };
    },
  };
}
