import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { randomSecret, sha256Hex } from '../lib/crypto';
import {
  consumeRefreshToken,
  findLiveSession,
  findRefreshToken,
  insertRefreshToken,
  insertSession,
  revokeSession,
  touchSession,
} from '../repositories/sessions';
import {
  findUserByEmail,
  findUserById,
  listMemberships,
  recordLogin,
  updatePasswordHash,
  type MembershipRow,
  type UserRow,
} from '../repositories/users';
import type { EnvironmentService, EnvironmentSettings } from './environment';
import { errors } from './errors';
import type { Passwords } from './passwords';
import type { SignedToken, Tokens, UserTokenClaims } from './tokens';
import { normalizeEmail, pickActiveTenant } from './users';

export interface ClientInfo {
  ipAddress?: string;
  userAgent?: string;
}

/** What a login or a refresh hands back: an access token, a refresh token and whom they are for. */
export interface IssuedSession {
  accessToken: SignedToken;
  refreshToken: string;
  refreshTokenLifetime: number;
  cookieSameSite: EnvironmentSettings['cookieSameSite'];
  user: UserRow;
  tenantId: string;
  sessionId: string;
}

type RefreshOutcome =
  | { ok: true; claims: UserTokenClaims; refreshToken: string; user: UserRow }
  | { ok: false; reuseOf?: string };

/**
 * Login, refresh and logout. A session is one login; its refresh tokens form a family. Each refresh
 * uses up its token and issues the next one; a used token presented again revokes the session.
 */
export function createSessionsService(deps: {
  db: Db;
  passwords: Passwords;
  tokens: Tokens;
  environment: EnvironmentService;
  onRefreshTokenReuse?: (sessionId: string) => void;
}) {
  const { db, passwords, tokens, environment } = deps;

  /** The claims of a user's access token in one account. */
  function userClaims(user: UserRow, memberships: MembershipRow[], tenantId: string, sessionId: string): UserTokenClaims {
    return {
      sub: user.id,
      name: user.name,
      email: user.email,
      email_verified: user.verified,
      metadata: user.metadata,
      roles: [],
      permissions: [],
      tenantId,
      tenantIds: memberships.filter((membership) => !membership.is_disabled).map((membership) => membership.tenant_id),
      profilePictureUrl: user.profile_picture_url,
      sid: sessionId,
      type: 'userToken',
    };
  }

  /** Signs the access token once the transaction has committed, so no token outlives a rolled-back change. */
  async function issue(
    pending: { claims: UserTokenClaims; refreshToken: string; user: UserRow },
    settings: EnvironmentSettings,
  ): Promise<IssuedSession> {
    return {
      accessToken: await tokens.sign(pending.claims, settings.defaultTokenExpiration),
      refreshToken: pending.refreshToken,
      refreshTokenLifetime: settings.defaultRefreshTokenExpiration,
      cookieSameSite: settings.cookieSameSite,
      user: pending.user,
      tenantId: pending.claims.tenantId,
      sessionId: pending.claims.sid,
    };
  }

  async function newRefreshToken(trx: Db, sessionId: string, lifetime: number): Promise<string> {
    const refreshToken = randomSecret(32);
    await insertRefreshToken(trx, { id: randomUUID(), session_id: sessionId, token_hash: sha256Hex(refreshToken) }, lifetime);
    return refreshToken;
  }

  /** Whether the user may hold a session in the account now: not locked, a live member. */
  function mayUseTenant(user: UserRow, memberships: MembershipRow[], tenantId: string): boolean {
    return !user.is_locked && memberships.some((membership) => membership.tenant_id === tenantId && !membership.is_disabled);
  }

  return {
    async login(input: { email?: string; username?: string; password: string } & ClientInfo): Promise<IssuedSession> {
      if (input.email === undefined) {
        throw input.username === undefined ? errors.validation('request/body must have property email') : errors.usernameLoginDisabled();
      }
      const user = await findUserByEmail(db, normalizeEmail(input.email));
      const check = await passwords.verify(input.password, user?.password_hash);
      if (!user || !check.ok) throw errors.invalidUserCredentials();
      if (check.needsRehash) await updatePasswordHash(db, user.id, await passwords.hash(input.password));

      const settings = await environment.settings();
      if (user.is_locked) throw errors.userLocked();
      if (!user.verified && !settings.allowNotVerifiedUsersLogin) throw errors.userNotVerified();
      const memberships = await listMemberships(db, user.id);
      const tenant = pickActiveTenant(user, memberships);
      if (!tenant) throw errors.userHasNoTenant();

      const sessionId = randomUUID();
      const pending = await db.transaction(async (trx) => {
        await insertSession(
          trx,
          { id: sessionId, user_id: user.id, tenant_id: tenant.tenant_id, ip_address: input.ipAddress ?? null, user_agent: input.userAgent ?? null },
          settings.defaultRefreshTokenExpiration,
        );
        const refreshToken = await newRefreshToken(trx, sessionId, settings.defaultRefreshTokenExpiration);
        await recordLogin(trx, user.id, tenant.tenant_id);
        return { claims: userClaims(user, memberships, tenant.tenant_id, sessionId), refreshToken, user };
      });
      return issue(pending, settings);
    },

    /**
     * Uses up a refresh token and issues the next pair. `tenantId`, when given, moves the session to
     * that account, if the user is a live member of it. Either all of it happens or none of it.
     */
    async refresh(refreshToken: string | undefined, tenantId?: string): Promise<IssuedSession> {
      if (!refreshToken) throw errors.invalidRefreshToken();
      const tokenHash = sha256Hex(refreshToken);
      const settings = await environment.settings();
      const outcome = await db.transaction(async (trx): Promise<RefreshOutcome> => {
        const consumed = await consumeRefreshToken(trx, tokenHash);
        if (!consumed) {
          const known = await findRefreshToken(trx, tokenHash);
          if (known?.used_at) {
            await revokeSession(trx, known.session_id, 'refresh_token_reuse');
            return { ok: false, reuseOf: known.session_id };
          }
          return { ok: false };
        }
        const session = await findLiveSession(trx, consumed.session_id);
        const user = session && (await findUserById(trx, session.user_id));
        const memberships = user ? await listMemberships(trx, user.id) : [];
        const targetTenant = tenantId ?? session?.tenant_id;
        if (!session || !user || !targetTenant || !mayUseTenant(user, memberships, targetTenant)) {
          throw errors.invalidRefreshToken();
        }
        await touchSession(trx, session.id, targetTenant, settings.defaultRefreshTokenExpiration);
        if (targetTenant !== session.tenant_id) await recordLogin(trx, user.id, targetTenant);
        const next = await newRefreshToken(trx, session.id, settings.defaultRefreshTokenExpiration);
        return { ok: true, claims: userClaims(user, memberships, targetTenant, session.id), refreshToken: next, user };
      });
      if (!outcome.ok) {
        if (outcome.reuseOf) deps.onRefreshTokenReuse?.(outcome.reuseOf);
        throw errors.invalidRefreshToken();
      }
      return issue(outcome, settings);
    },

    /** Ends the session the refresh token belongs to. An unknown token is not an error: the caller is logged out either way. */
    async logout(refreshToken: string | undefined): Promise<void> {
      if (!refreshToken) return;
      const known = await findRefreshToken(db, sha256Hex(refreshToken));
      if (known) await revokeSession(db, known.session_id, 'logout');
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
