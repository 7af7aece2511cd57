import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { randomSecret, sha256Hex, constantTimeEqual } from '../lib/crypto';
import {
  consumeRefreshToken,
  deleteApiToken,
  findApiToken,
  findCredentialWithClaims,
  findLiveCredential,
  findPermissionsByIds,
  findVisibleRoles,
  insertApiToken,
  listApiTokens,
  liveTenantExists,
  membershipExists,
  replaceGrants,
  storeRefreshToken,
  updateMetadata,
  type ApiTokenOwner,
  type ApiTokenRow,
  type CredentialWithClaims,
} from '../repositories/api-tokens';
import { findGrants, findMemberRoleIds } from '../repositories/grants';
import { settingsFrom, type EnvironmentService, type EnvironmentSettings } from './environment';
import { errors } from './errors';
import { groupGrants } from './auth';
import type { SignedToken, TenantApiTokenClaims, Tokens, UserApiTokenClaims } from './tokens';

/** Each API token keeps at most this many live refresh tokens; the oldest goes first. */
const REFRESH_TOKENS_PER_API_TOKEN = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A hash to compare against when the client id is unknown, so both failures cost the same. */
const UNKNOWN_SECRET_HASH = sha256Hex(randomSecret(32));

export interface CreatedApiToken {
  row: ApiTokenRow;
  secret: string;
}

export interface ApiTokenGrant {
  description?: string;
  metadata?: Record<string, unknown>;
  roleIds?: string[];
  permissionIds?: string[];
  /** Left out or null: the token never expires. */
  expiresInMinutes?: number | null;
}

export interface ExchangedApiToken {
  accessToken: SignedToken;
  refreshToken: string;
}

/**
 * API tokens (client credentials): an account's tokens, with roles and permissions chosen at creation
 * (never more than the creator holds), and users' personal tokens, which carry what their user holds
 * at each exchange. The secret is shown once and kept as its SHA-256. Exchanging a client id and
 * secret gives an access JWT and a refresh token; both stop at once when the token is deleted or
 * expires (database clock).
 */
export function createApiTokensService(deps: { db: Db; tokens: Tokens; environment: EnvironmentService }) {
  const { db, tokens, environment } = deps;

  async function assertEnabled(): Promise<void> {
    if (!(await environment.settings()).apiTokensEnabled) throw errors.apiTokensDisabled();
  }

  /** The roles and permissions asked for, checked: known, visible in the account, held by the creator. */
  async function checkGrants(
    tenantId: string,
    creatorUserId: string | undefined,
    grant: ApiTokenGrant,
  ): Promise<{ roleIds: string[]; permissionIds: string[] }> {
    const roleIds = [...new Set(grant.roleIds ?? [])];
    const permissionIds = [...new Set(grant.permissionIds ?? [])];
    const roles = await findVisibleRoles(
      db,
      tenantId,
      roleIds.filter((id) => UUID.test(id)),
    );
    const unknownRoles = roleIds.filter((id) => !roles.some((role) => role.id === id));
    if (unknownRoles.length > 0) throw errors.rolesNotFound(unknownRoles);
    const permissions = await findPermissionsByIds(
      db,
      permissionIds.filter((id) => UUID.test(id)),
    );
    const unknownPermissions = permissionIds.filter((id) => !permissions.some((permission) => permission.id === id));
    if (unknownPermissions.length > 0) throw errors.permissionsNotFound(unknownPermissions);
    if (creatorUserId) {
      const settings = await environment.settings();
      const heldRoleIds = await findMemberRoleIds(db, creatorUserId, tenantId, groupGrants(settings));
      const lackingRoles = roles.filter((role) => !heldRoleIds.includes(role.id));
      if (lackingRoles.length > 0) throw errors.creatorLacksRoles(lackingRoles.map((role) => role.key));
      const held = await findGrants(db, creatorUserId, tenantId, groupGrants(settings));
      const lackingPermissions = permissions.filter((permission) => !held.permissions.includes(permission.key));
      if (lackingPermissions.length > 0) throw errors.creatorLacksPermissions(lackingPermissions.map((permission) => permission.key));
    }
    return { roleIds, permissionIds };
  }

  async function create(
    owner: ApiTokenOwner,
    creatorUserId: string | null,
    grant: ApiTokenGrant,
    checked: { roleIds: string[]; permissionIds: string[] },
  ): Promise<CreatedApiToken> {
    const id = randomUUID();
    const secret = randomSecret(32);
    const row = await db.transaction(async (trx) => {
      await insertApiToken(
        trx,
        {
          id,
          kind: owner.kind,
          tenant_id: owner.tenantId,
          user_id: owner.userId ?? null,
          created_by_user_id: creatorUserId,
          description: grant.description ?? null,
          metadata: grant.metadata ?? {},
          secret_hash: sha256Hex(secret),
        },
        { ...checked, expiresInMinutes: grant.expiresInMinutes },
      );
      return findApiToken(trx, owner, id);
    });
    if (!row) throw errors.apiTokenNotFound(id);
    return { row, secret };
  }

  /** The claims of an exchange: an account token's as read with it, a personal token's user's grants as they are now. */
  async function claimsFor(credential: CredentialWithClaims, settings: EnvironmentSettings): Promise<TenantApiTokenClaims | UserApiTokenClaims> {
    if (credential.kind === 'tenant') {
      return {
        sub: credential.id,
        tenantId: credential.tenant_id,
        roles: credential.roles,
        permissions: credential.permissions,
        metadata: credential.metadata,
        createdByUserId: credential.created_by_user_id,
        type: 'tenantApiToken',
      };
    }
    // A live personal token's user is a live member (findCredentialWithClaims): its email is there.
    const userId = credential.user_id!;
    const grants = await findGrants(db, userId, credential.tenant_id, groupGrants(settings));
    return {
      sub: credential.id,
      tenantId: credential.tenant_id,
      userId,
      createdByUserId: userId,
      email: credential.user_email!,
      roles: grants.roles,
      permissions: grants.permissions,
      metadata: credential.metadata,
      userMetadata: credential.user_metadata ?? {},
      type: 'userApiToken',
    };
  }

  /**
   * Signs the credential's JWT and stores a new refresh token for it (see storeRefreshToken); a
   * token deleted meanwhile gets nothing.
   */
  async function issue(credential: CredentialWithClaims, settings: EnvironmentSettings): Promise<ExchangedApiToken> {
    const claims = await claimsFor(credential, settings);
    const refreshToken = randomSecret(32);
    if (!(await storeRefreshToken(db, credential.id, sha256Hex(refreshToken), REFRESH_TOKENS_PER_API_TOKEN))) throw errors.invalidClientCredentials();
    return { accessToken: await tokens.sign(claims, settings.defaultTokenExpiration), refreshToken };
  }

  return {
    /** POST /tenants/api-tokens: an account's token; a user creator may give only what they hold. */
    async createTenantToken(tenantId: string, creatorUserId: string | undefined, grant: ApiTokenGrant, createdBy?: string): Promise<CreatedApiToken> {
      await assertEnabled();
      if (!(await liveTenantExists(db, tenantId))) throw errors.tenantNotFound();
      const checked = await checkGrants(tenantId, creatorUserId, grant);
      const recordedCreator = creatorUserId ?? (createdBy && UUID.test(createdBy) ? createdBy : null);
      return create({ kind: 'tenant', tenantId }, recordedCreator, grant, checked);
    },

    /** POST /users/api-tokens: a personal token of a member of the account. */
    async createUserToken(
      tenantId: string,
      userId: string,
      grant: Pick<ApiTokenGrant, 'description' | 'metadata' | 'expiresInMinutes'>,
    ): Promise<CreatedApiToken> {
      await assertEnabled();
      if (!UUID.test(userId) || !(await membershipExists(db, userId, tenantId))) throw errors.apiTokenNeedsMember(userId, tenantId);
      return create({ kind: 'user', tenantId, userId }, userId, grant, { roleIds: [], permissionIds: [] });
    },

    list(owner: ApiTokenOwner): Promise<ApiTokenRow[]> {
      return listApiTokens(db, owner);
    },

    /** Changes an account token's metadata, roles or permissions (checked as at creation). */
    async update(
      tenantId: string,
      creatorUserId: string | undefined,
      id: string,
      grant: Pick<ApiTokenGrant, 'metadata' | 'roleIds' | 'permissionIds'>,
    ): Promise<ApiTokenRow> {
      const owner: ApiTokenOwner = { kind: 'tenant', tenantId };
      if (!UUID.test(id) || !(await findApiToken(db, owner, id))) throw errors.apiTokenNotFound(id);
      const checked = await checkGrants(tenantId, creatorUserId, grant);
      const row = await db.transaction(async (trx) => {
        if (!(await findApiToken(trx, owner, id, { forUpdate: true }))) return undefined;
        if (grant.metadata) await updateMetadata(trx, owner, id, grant.metadata);
        await replaceGrants(trx, id, { roleIds: grant.roleIds && checked.roleIds, permissionIds: grant.permissionIds && checked.permissionIds });
        return findApiToken(trx, owner, id);
      });
      if (!row) throw errors.apiTokenNotFound(id);
      return row;
    },

    /** Deletes the token; its refresh tokens go with it, so exchange and refresh stop at once. */
    async remove(owner: ApiTokenOwner, id: string): Promise<void> {
      if (!UUID.test(id) || !(await deleteApiToken(db, owner, id))) throw errors.apiTokenNotFound(id);
    },

    /** Client id and secret for an access JWT and a refresh token. Any failure is the same 401. */
    async exchange(clientId: string, secret: string): Promise<ExchangedApiToken> {
      const credential = UUID.test(clientId) ? await findCredentialWithClaims(db, clientId) : undefined;
      const matches = constantTimeEqual(sha256Hex(secret), credential?.secret_hash ?? UNKNOWN_SECRET_HASH);
      if (!credential || !matches) throw errors.invalidClientCredentials();
      return issue(credential, settingsFrom(credential.environment_settings));
    },

    /** Uses up a refresh token for a new access JWT and refresh token, while the API token lives and the refresh token is young enough. */
    async refresh(refreshToken: string): Promise<ExchangedApiToken> {
      const consumed = await consumeRefreshToken(db, sha256Hex(refreshToken));
      if (!consumed) throw errors.invalidApiTokenRefresh();
      const settings = settingsFrom(consumed.environment_settings);
      if (consumed.age_seconds >= settings.defaultRefreshTokenExpiration) throw errors.invalidApiTokenRefresh();
      return issue(consumed, settings);
    },

    /** Whether the API token behind a verified API-token JWT may still be used (see findLiveCredential). */
    async isLive(id: string): Promise<boolean> {
      return UUID.test(id) && (await findLiveCredential(db, id)) !== undefined;
    },
  };
}
