import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import {
  deleteAccessToken,
  findAccessToken,
  insertAccessToken,
  listAccessTokens,
  liveAccessTokenIds,
  type AccessTokenKind,
  type AccessTokenRow,
} from '../repositories/access-tokens';
import { findGrants, type Grants } from '../repositories/grants';
import { findPermissions } from '../repositories/permissions';
import { findRoles } from '../repositories/roles';
import { findTenant } from '../repositories/tenants';
import { findMembership } from '../repositories/vendor-users';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import { assertNoElevation, memberAuthority, requireRoles, type AccountActor } from './role-lookups';
import { groupGrants } from './auth';
import type { Tokens } from './tokens';

export interface NewAccessToken {
  description?: string;
  /** Left out or null: the token never expires. */
  expiresInMinutes?: number | null;
}

/** A token as created: the row, and the credential, which is answered this once and never stored. */
export interface CreatedAccessToken {
  row: AccessTokenRow;
  secret: string;
}

/** What a live token may do now, for a backend checking an `x-api-key`. */
export interface AccessTokenGrants extends Grants {
  row: AccessTokenRow;
}

const KINDS: Record<AccessTokenKind, 'tenantAccessToken' | 'userAccessToken'> = { tenant: 'tenantAccessToken', user: 'userAccessToken' };

/**
 * Access tokens (`x-api-key`). The credential is a JWT of type `tenantAccessToken` or
 * `userAccessToken` whose `sub` is the token's row; backends verify its signature with the
 * environment's public key and then ask the M2M routes whether the row is live and what it may do,
 * so deleting the row, its expiry (database clock), or the end of a personal token's membership
 * stops it at once. An account token carries the roles it was given, never more than its creator
 * holds; a personal token acts with its user's roles as they are when it is checked.
 */
export function createAccessTokensService(deps: { db: Db; environment: EnvironmentService; tokens: Tokens }) {
  const { db, environment, tokens } = deps;

  async function mint(
    kind: AccessTokenKind,
    input: NewAccessToken,
    owner: { tenantId: string; userId?: string; createdByUserId?: string },
    roleIds: string[],
  ): Promise<CreatedAccessToken> {
    const id = randomUUID();
    const exp = input.expiresInMinutes == null ? undefined : Math.floor(Date.now() / 1000) + input.expiresInMinutes * 60;
    const { token, kid } = await tokens.signAccessToken(
      {
        sub: id,
        type: KINDS[kind],
        tenantId: owner.tenantId,
        ...(owner.userId ? { userId: owner.userId } : {}),
        createdByUserId: owner.createdByUserId ?? null,
        roles: ['FETCH-ROLES-BY-API'],
        permissions: ['FETCH-PERMISSIONS-BY-API'],
      },
      exp,
    );
    const row = await db.transaction(async (trx) => {
      // The roles are held until the token is stored: a role deleted meanwhile is a 400, not a dangling id.
      if (roleIds.length > 0) await requireRoles(trx, roleIds, { tenantId: owner.tenantId });
      return insertAccessToken(
        trx,
        {
          id,
          kind,
          tenant_id: owner.tenantId,
          user_id: owner.userId ?? null,
          created_by_user_id: owner.createdByUserId ?? null,
          description: input.description ?? null,
          kid,
          expires_at: exp === undefined ? null : new Date(exp * 1000),
        },
        roleIds,
      );
    });
    return { row, secret: token };
  }

  /** Throws unless the roles are the account's and give nothing beyond what the acting member holds. */
  async function checkRoles(actor: AccountActor, roleIds: string[]): Promise<string[]> {
    const roles = await requireRoles(db, roleIds, { tenantId: actor.tenantId });
    const unique = roles.map((role) => role.id);
    if (actor.userId === undefined) return unique;
    const authority = await memberAuthority(db, environment, { tenantId: actor.tenantId, userId: actor.userId });
    assertNoElevation(authority, roles);
    const beyond = [...new Set(roles.flatMap((role) => role.permission_ids))].filter((id) => !authority.permissionIds.has(id));
    if (beyond.length > 0) throw errors.accessTokenBeyondCreator((await findPermissions(db, beyond)).map((permission) => permission.key));
    return unique;
  }

  async function requireTenant(tenantId: string): Promise<void> {
    if (!(await findTenant(db, tenantId))) throw errors.tenantNotFound();
  }

  async function requireMember(userId: string, tenantId: string): Promise<void> {
    if (!isUuid(userId) || !(await findMembership(db, userId, tenantId))) throw errors.userNotFound();
  }

  const found = (row: AccessTokenRow | undefined, id: string): AccessTokenRow => {
    if (!row) throw errors.accessTokenNotFound(id);
    return row;
  };

  return {
    /** An account token, created by a member (`actor.userId`) or by the environment. */
    async createForTenant(actor: AccountActor, input: NewAccessToken & { roleIds?: string[] }): Promise<CreatedAccessToken> {
      await requireTenant(actor.tenantId);
      const roleIds = await checkRoles(actor, input.roleIds ?? []);
      return mint('tenant', input, { tenantId: actor.tenantId, createdByUserId: actor.userId }, roleIds);
    },

    listForTenant: (tenantId: string): Promise<AccessTokenRow[]> => listAccessTokens(db, { kind: 'tenant', tenantId }),

    async removeForTenant(tenantId: string, id: string): Promise<void> {
      if (!isUuid(id) || !(await deleteAccessToken(db, id, { kind: 'tenant', tenantId }))) throw errors.accessTokenNotFound(id);
    },

    /** A personal token of a member of the account. */
    async createForUser(member: { tenantId: string; userId: string }, input: NewAccessToken): Promise<CreatedAccessToken> {
      await requireMember(member.userId, member.tenantId);
      return mint('user', input, { tenantId: member.tenantId, userId: member.userId, createdByUserId: member.userId }, []);
    },

    async listForUser(member: { tenantId: string; userId: string }): Promise<AccessTokenRow[]> {
      if (!isUuid(member.userId)) return [];
      return listAccessTokens(db, { kind: 'user', tenantId: member.tenantId, userId: member.userId });
    },

    async removeForUser(member: { tenantId: string; userId: string }, id: string): Promise<void> {
      const removed = isUuid(id) && isUuid(member.userId) && (await deleteAccessToken(db, id, { kind: 'user', ...member }));
      if (!removed) throw errors.accessTokenNotFound(id);
    },

    /** The ids of the live tokens of a kind: of one account, or of every account. */
    liveIds: (kind: AccessTokenKind, tenantId?: string): Promise<string[]> => liveAccessTokenIds(db, kind, tenantId),

    /** What a live token may do now; a deleted, expired or unknown one (or another account's, with `tenantId`) is a 404. */
    async grants(kind: AccessTokenKind, id: string, tenantId?: string): Promise<AccessTokenGrants> {
      const row = found(isUuid(id) ? await findAccessToken(db, id, { kind, tenantId, live: true }) : undefined, id);
      if (kind === 'user') {
        return { row, ...(await findGrants(db, row.user_id!, row.tenant_id, groupGrants(await environment.settings()))) };
      }
      const roles = await findRoles(db, row.role_ids, {});
      const permissions = await findPermissions(db, [...new Set(roles.flatMap((role) => role.permission_ids))]);
      return { row, roles: roles.map((role) => role.key).sort(), permissions: permissions.map((permission) => permission.key).sort() };
    },
  };
}
