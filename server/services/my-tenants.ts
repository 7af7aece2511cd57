import type { Db } from '../db/knex';
import { findGrants } from '../repositories/grants';
import { countMembers, findTenantsOfUser, moveUserToTenant } from '../repositories/my-tenants';
import type { TenantRow } from '../repositories/tenants';
import { findUserWithMemberships } from '../repositories/users';
import type { EnvironmentService } from './environment';
import type { IpRestrictionsService } from './ip-restrictions';
import { errors } from './errors';
import { groupGrants, userClaims } from './auth';
import type { SignedToken, Tokens } from './tokens';
import { isUuid } from '../lib/ids';

/**
 * The accounts of the calling user: listing them, switching the one they act in, and a token for
 * another of them. Only accounts the user is an active (not disabled) member of can be switched to,
 * and, for a user acting with their own token, only when the account's IP restrictions let the
 * client's address in.
 */
export function createMyTenantsService(db: Db, tokens: Tokens, environment: EnvironmentService, ipRestrictions?: Pick<IpRestrictionsService, 'enforce'>) {
  async function liveMember(userId: string) {
    const found = isUuid(userId) ? await findUserWithMemberships(db, { id: userId }) : undefined;
    if (!found) throw errors.userNotFound();
    return found;
  }

  function requireMembership(memberships: { tenant_id: string; is_disabled: boolean }[], tenantId: string): void {
    if (!memberships.some((membership) => membership.tenant_id === tenantId && !membership.is_disabled)) throw errors.notAMemberOf(tenantId);
  }

  return {
    /** The user's live accounts and the one they act in (`activeTenantId`, the caller's). */
    async list(userId: string, activeTenantId: string): Promise<{ tenants: TenantRow[]; active: TenantRow }> {
      const tenants = await findTenantsOfUser(db, userId);
      const active = tenants.find((tenant) => tenant.tenant_id === activeTenantId);
      if (!active) throw errors.userNotFound();
      return { tenants, active };
    },

    /**
     * Moves the user (the calling session, or every live session when none) to `tenantId`. With a
     * session (the user's own token), the account's IP restrictions must let `clientIp` in.
     */
    async switchTo(userId: string, tenantId: string, sessionId?: string, clientIp?: string): Promise<void> {
      await db.transaction(async (trx) => {
        const found = await findUserWithMemberships(trx, { id: userId });
        if (!found) throw errors.userNotFound();
        requireMembership(found.memberships, tenantId);
        if (sessionId) await ipRestrictions?.enforce(tenantId, clientIp, trx);
        await moveUserToTenant(trx, userId, tenantId, sessionId);
      });
    },

    /** An access token of the same session for another account of the user, with their grants there, if its IP restrictions let `clientIp` in. */
    async tokenFor(userId: string, sessionId: string, tenantId: string, clientIp?: string): Promise<SignedToken> {
      const { user, memberships } = await liveMember(userId);
      if (user.is_locked) throw errors.userLocked();
      requireMembership(memberships, tenantId);
      await ipRestrictions?.enforce(tenantId, clientIp);
      const settings = await environment.settings();
      const grants = await findGrants(db, user.id, tenantId, groupGrants(settings));
      return tokens.sign(userClaims(user, memberships, tenantId, sessionId, grants, null, settings), settings.defaultTokenExpiration);
    },

    /**
     * Members per account asked for, in the order asked; only `onlyTenantId` is counted when given,
     * and users in invisible mode are left out with `excludeInvisible`.
     */
    async count(tenantIds: string[], onlyTenantId?: string, excludeInvisible = false) {
      const counted = onlyTenantId === undefined ? tenantIds : tenantIds.filter((tenantId) => tenantId === onlyTenantId);
      // An id PostgreSQL text cannot hold (NUL) names no account.
      const counts = await countMembers(
        db,
        [...new Set(counted)].filter((tenantId) => !tenantId.includes('\u0000')),
        { excludeInvisible },
      );
      return tenantIds.map((tenantId) => ({
        tenantId,
        totalUsers: counts.get(tenantId)?.total ?? 0,
        totalAccessAllowedUsers: counts.get(tenantId)?.allowed ?? 0,
      }));
    },
  };
}
