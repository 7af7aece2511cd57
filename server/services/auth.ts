import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { randomSecret, sha256Hex } from '../lib/crypto';
import { endSessionsBeyond, findSessionPolicy, lockUserForSessions } from '../repositories/session-policies';
import {
  consumeRefreshTokenForUser,
  continueSession,
  continueSessionKeepingToken,
  findRefreshToken,
  findSessionApplication,
  revokeSession,
  startSession,
} from '../repositories/sessions';
import { applicationTenant, chosenTenant, holdActiveApplication } from './applications';
import { findGrants, type Grants } from '../repositories/grants';
import { findUserWithMemberships, recordLogin, updatePasswordHash, type MembershipRow, type UserRow } from '../repositories/users';
import { markPasswordBreached } from '../repositories/password-recovery';
import type { BreachedPasswords } from './breached-passwords';
import type { CaptchaService } from './captcha';
import type { EnvironmentService, EnvironmentSettings } from './environment';
import { errors } from './errors';
import type { IpRestrictionsService } from './ip-restrictions';
import type { JwtTemplatesService } from './jwt-templates';
import type { LockoutService } from './lockout';
import { passwordRulesFor } from './password-rules';
import type { Passwords } from './passwords';
import type { SignedToken, Tokens, UserTokenClaims } from './tokens';
import { normalizeEmail, pickActiveTenant, temporaryAccessEnded } from './users';
import { normalizeUsername } from './usernames';

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
  /** Login only: whether the password just proven is breached (see breachedAtLogin). */
  isBreachedPassword?: boolean;
  /** Within the password-rotation notification period: minutes left, and the period (minutes). */
  passwordExpiry?: { passwordExpiresIn: number; notificationPeriod: number };
}

/** A login whose password has expired: no session, a password-reset token instead. */
export interface ExpiredPasswordLogin {
  resetPasswordToken: string;
  user: UserRow;
  isBreachedPassword: boolean;
}

type RefreshOutcome = { ok: true; claims: UserTokenClaims; refreshToken: string; user: UserRow; endsAt?: number } | { ok: false; reuseOf?: string };

/** Whether roles that come through groups count, in tokens and wherever a member's roles are weighed. */
export function groupGrants(settings: EnvironmentSettings): { groupRoles: boolean } {
  return { groupRoles: settings.groupsEnabled && settings.groupRolesEnabled };
}

/** The claims of a user's access token in one account. */
export function userClaims(
  user: UserRow,
  memberships: MembershipRow[],
  tenantId: string,
  sessionId: string,
  grants: Grants,
  applicationId: string | null,
  /** The environment's addRolesToJwt / addPermissionsToJwt: off leaves them out of the token. */
  include: Pick<EnvironmentSettings, 'addRolesToJwt' | 'addPermissionsToJwt'> = { addRolesToJwt: true, addPermissionsToJwt: true },
): UserTokenClaims {
  return {
    ...(applicationId ? { applicationId } : {}),
    sub: user.id,
    name: user.name,
    ...(user.email !== null ? { email: user.email } : {}),
    email_verified: user.verified,
    metadata: user.metadata,
    ...(include.addRolesToJwt ? { roles: grants.roles } : {}),
    ...(include.addPermissionsToJwt ? { permissions: grants.permissions } : {}),
    tenantId,
    tenantIds: memberships.filter((membership) => !membership.is_disabled).map((membership) => membership.tenant_id),
    profilePictureUrl: user.profile_picture_url,
    sid: sessionId,
    type: 'userToken',
  };
}
/**
 * Login, refresh and logout. A session is one login; its refresh tokens form a family. Each refresh
 * uses up its token and issues the next one; a used token presented again revokes the session.
 */
export function createAuthService(deps: {
  db: Db;
  passwords: Passwords;
  tokens: Tokens;
  environment: EnvironmentService;
  /** Passwords proven at login are checked against it; a breached one is marked on the user. */
  breachedPasswords: BreachedPasswords;
  /** Counts wrong passwords, locks at the policy's limit, refuses locked users. */
  lockout: LockoutService;
  /** The CAPTCHA policy's check, made before the user is looked up or the password hashed. */
  captcha: CaptchaService;
  onRefreshTokenReuse?: (sessionId: string) => void;
  /** The password-rotation check of a login (see password-policies.ts); none: passwords never expire. */
  passwordExpiry?: (user: UserRow, tenantId: string | null) => Promise<{ resetPasswordToken: string } | IssuedSession['passwordExpiry'] | undefined>;
  /** JWT templates: the one the targeting picks shapes each access token issued (claims, lifetime). */
  jwtTemplates?: Pick<JwtTemplatesService, 'shape'>;
  /** The account's IP restrictions, checked before a session opens or refreshes into it (403 when refused). */
  ipRestrictions?: Pick<IpRestrictionsService, 'enforce'>;
}) {
  const { db, passwords, tokens, environment } = deps;

  /** Signs the access token once the transaction has committed, so no token outlives a rolled-back change. */
  async function issue(
    pending: { claims: UserTokenClaims; refreshToken: string; user: UserRow; endsAt?: number },
    settings: EnvironmentSettings,
  ): Promise<IssuedSession> {
    // An impersonated session's tokens (and its refresh cookie) never outlive the impersonation (endsAt).
    const left = pending.endsAt === undefined ? Infinity : Math.max(1, pending.endsAt - Math.floor(Date.now() / 1000));
    // A JWT template that applies adds or replaces claims (never the ones every token keeps) and sets the lifetime.
    const shaped = await deps.jwtTemplates?.shape(pending.claims);
    const claims = shaped ? ({ ...pending.claims, ...shaped.claims } as UserTokenClaims) : pending.claims;
    return {
      accessToken: await tokens.sign(claims, Math.min(shaped?.expiresIn ?? settings.defaultTokenExpiration, left)),
      refreshToken: pending.refreshToken,
      refreshTokenLifetime: Math.min(settings.defaultRefreshTokenExpiration, left),
      cookieSameSite: settings.cookieSameSite,
      user: pending.user,
      tenantId: pending.claims.tenantId,
      sessionId: pending.claims.sid,
    };
  }

  /** A new refresh token: the secret for the caller, and the row that stores only its hash. */
  function newRefreshToken(): { secret: string; row: { id: string; token_hash: string } } {
    const secret = randomSecret(32);
    return { secret, row: { id: randomUUID(), token_hash: sha256Hex(secret) } };
  }

  /** Whether the user may hold a session in the account now: not locked, a live member. */
  function mayUseTenant(user: UserRow, memberships: MembershipRow[], tenantId: string): boolean {
    return !user.is_locked && memberships.some((membership) => membership.tenant_id === tenantId && !membership.is_disabled);
  }

  /**
   * The account a login for an application opens its session in: the one the user chose for the
   * application, else the usual one, else the first where the user may use the application. Runs in
   * the login's transaction with the application locked, so the application cannot be deleted
   * before the session row lands.
   */
  async function tenantForApplication(trx: Db, applicationId: string, user: UserRow, memberships: MembershipRow[], usual: string): Promise<string> {
    const live = memberships.filter((membership) => !membership.is_disabled).map((membership) => membership.tenant_id);
    const chosen = await chosenTenant(trx, user.id, applicationId);
    const candidates = [...new Set([...(chosen && live.includes(chosen) ? [chosen] : []), usual, ...live])];
    const tenantId = await applicationTenant(trx, environment.id, applicationId, user.id, candidates);
    if (!tenantId) throw errors.applicationAccessDenied();
    return tenantId;
  }

  /**
   * Ends the user's oldest sessions beyond the cap of the account's policy, never the one just
   * opened. Runs in the login's transaction: the user stays locked until it ends, so of two logins at
   * once the second waits and then counts the first's session.
   */
  async function capSessions(trx: Knex.Transaction, userId: string, tenantId: string, keepId: string): Promise<void> {
    const policy = await findSessionPolicy(trx, tenantId);
    if (!policy?.concurrent_active) return;
    await lockUserForSessions(trx, userId);
    await endSessionsBeyond(trx, userId, keepId, policy.max_sessions);
  }

  /** Opens a session for a user whose identity is proven: the checks that follow the password. */
  async function openSession(found: { user: UserRow; memberships: MembershipRow[] }, input: { applicationId?: string } & ClientInfo): Promise<IssuedSession> {
    const { user, memberships } = found;
    const settings = await environment.settings();
    if (user.is_locked) throw errors.userLocked();
    if (temporaryAccessEnded(user)) throw errors.userExpired();
    if (!user.verified && !settings.allowNotVerifiedUsersLogin) throw errors.userNotVerified();
    const tenant = pickActiveTenant(user, memberships);
    if (!tenant) throw errors.userHasNoTenant();

    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const applicationId = input.applicationId ?? null;
    // A cap on concurrent sessions: the login locks the user, so that two logins at once count each
    // other's sessions (see capSessions).
    const capped = (await findSessionPolicy(db, tenant.tenant_id))?.concurrent_active === true;
    // For an application, or with a cap, one transaction (see tenantForApplication); otherwise the
    // session starts in one statement, as before applications existed.
    const open = async (trx: Db): Promise<UserTokenClaims> => {
      const tenantId = applicationId ? await tenantForApplication(trx, applicationId, user, memberships, tenant.tenant_id) : tenant.tenant_id;
      await deps.ipRestrictions?.enforce(tenantId, input.ipAddress, trx);
      await startSession(
        trx,
        {
          id: sessionId,
          user_id: user.id,
          tenant_id: tenantId,
          ip_address: input.ipAddress ?? null,
          user_agent: input.userAgent ?? null,
          application_id: applicationId,
        },
        refreshToken.row,
        settings.defaultRefreshTokenExpiration,
      );
      if (applicationId || capped) await capSessions(trx as Knex.Transaction, user.id, tenantId, sessionId);
      const grants = await findGrants(trx, user.id, tenantId, groupGrants(settings));
      return userClaims(user, memberships, tenantId, sessionId, grants, applicationId, settings);
    };
    const claims = applicationId || capped ? await db.transaction(open) : await open(db);
    return issue({ claims, refreshToken: refreshToken.secret, user }, settings);
  }

  /**
   * Whether the password just proven at login is breached, per the password policy that applies to
   * the user: with `blockPwnedPasswords` on, the range API is asked (the offline list decides when
   * it cannot answer); off, the offline list alone, with no network call. Never refuses the login;
   * a breached password is marked on the user (for the breached-password reset emails).
   */
  async function breachedAtLogin(userId: string, password: string): Promise<boolean> {
    const { breachedPasswords } = deps;
    let breached = await breachedPasswords.isBreached(password);
    // The policy is read only when the range API could change the answer.
    if (!breached && breachedPasswords.online && (await passwordRulesFor(db, userId)).blockPwnedPasswords) {
      breached = await breachedPasswords.isBreached(password, { online: true });
    }
    if (breached) await markPasswordBreached(db, userId);
    return breached;
  }

  return {
    async login(
      input: { email?: string; username?: string; password: string; recaptchaToken?: string; applicationId?: string } & ClientInfo,
    ): Promise<IssuedSession | ExpiredPasswordLogin> {
      // By email, or by username (the same steps and answers either way).
      const by =
        input.email !== undefined
          ? { emailNormalized: normalizeEmail(input.email) }
          : input.username !== undefined
            ? { username: normalizeUsername(input.username) }
            : undefined;
      if (!by) throw errors.validation('request/body must have property email or username');
      await deps.captcha.check('login', { email: input.email, recaptchaToken: input.recaptchaToken, ipAddress: input.ipAddress });
      const found = await findUserWithMemberships(db, by);
      const check = await passwords.verify(input.password, found?.user.password_hash);
      if (!found) throw errors.invalidUserCredentials();
      await deps.lockout.passwordChecked(found, check.ok); // throws the same error for a wrong password or a locked user
      if (check.needsRehash) await updatePasswordHash(db, found.user.id, await passwords.hash(input.password));
      const isBreachedPassword = await breachedAtLogin(found.user.id, input.password);
      const expiry = await deps.passwordExpiry?.(found.user, pickActiveTenant(found.user, found.memberships)?.tenant_id ?? null);
      if (expiry && 'resetPasswordToken' in expiry) return { resetPasswordToken: expiry.resetPasswordToken, user: found.user, isBreachedPassword };
      return { ...(await openSession(found, input)), isBreachedPassword, ...(expiry ? { passwordExpiry: expiry } : {}) };
    },

    /**
     * A session for a user whose identity another step proved (an activation link, a sign-up that
     * just set the password), without a password; for an application when `applicationId` is given.
     */
    async loginProven(userId: string, client: ClientInfo & { applicationId?: string }): Promise<IssuedSession> {
      const found = await findUserWithMemberships(db, { id: userId });
      if (!found) throw errors.userNotFound();
      return openSession(found, client);
    },

    /**
     * Uses up a refresh token and issues the next pair. `tenantId`, when given, moves the session to
     * that account, if the user is a live member of it and the account's IP restrictions let the
     * client's address in. Either all of it happens or none of it.
     */
    async refresh(refreshToken: string | undefined, tenantId?: string, client: ClientInfo = {}): Promise<IssuedSession> {
      if (!refreshToken) throw errors.invalidRefreshToken();
      const tokenHash = sha256Hex(refreshToken);
      const settings = await environment.settings();
      const outcome = await db.transaction(async (trx): Promise<RefreshOutcome> => {
        // The application first, locked: a deletion of it waits for this refresh, or this refresh
        // finds it gone (its sessions go with it), never a session row that lost its application.
        const applicationId = (await findSessionApplication(trx, tokenHash)) ?? null;
        if (applicationId && !(await holdActiveApplication(trx, environment.id, applicationId))) return { ok: false };
        const consumed = await consumeRefreshTokenForUser(trx, tokenHash, settings.rotateRefreshTokens);
        if (!consumed) {
          const known = await findRefreshToken(trx, tokenHash);
          if (known?.used_at) {
            await revokeSession(trx, known.session_id, 'refresh_token_reuse');
            return { ok: false, reuseOf: known.session_id };
          }
          return { ok: false };
        }
        const { user, memberships, sessionId } = consumed;
        const targetTenant = tenantId ?? consumed.sessionTenantId;
        // delegation and impersonation: an impersonated session stays in its account
        if (consumed.impersonation && targetTenant !== consumed.sessionTenantId) throw errors.invalidRefreshToken();
        // Thrown, so the transaction rolls back and the token stays unused.
        if (!mayUseTenant(user, memberships, targetTenant)) throw errors.invalidRefreshToken();
        if (temporaryAccessEnded(user)) throw errors.invalidRefreshToken();
        if (applicationId && !(await applicationTenant(trx, environment.id, applicationId, user.id, [targetTenant]))) throw errors.invalidRefreshToken();
        await deps.ipRestrictions?.enforce(targetTenant, client.ipAddress, trx);
        // With rotation off (rotateRefreshTokens) the same refresh token is handed back and lives on.
        const next = settings.rotateRefreshTokens ? newRefreshToken() : { secret: refreshToken, row: undefined };
        if (next.row) await continueSession(trx, sessionId, targetTenant, next.row, settings.defaultRefreshTokenExpiration);
        else await continueSessionKeepingToken(trx, sessionId, targetTenant, tokenHash, settings.defaultRefreshTokenExpiration);
        if (targetTenant !== consumed.sessionTenantId) await recordLogin(trx, user.id, targetTenant);
        const grants = await findGrants(trx, user.id, targetTenant, groupGrants(settings));
        const claims = userClaims(user, memberships, targetTenant, sessionId, grants, applicationId, settings);
        // delegation and impersonation: the refresh of an impersonated session keeps its actor and its end
        const { impersonation } = consumed;
        if (!impersonation) return { ok: true, claims, refreshToken: next.secret, user };
        const act =
          impersonation.actorType === 'user'
            ? { sub: impersonation.actorUserId ?? '', type: 'user' as const }
            : { sub: environment.clientId, type: 'environment' as const };
        return { ok: true, claims: { ...claims, act }, refreshToken: next.secret, user, endsAt: impersonation.endsAt };
      });
      if (!outcome.ok) {
        if (outcome.reuseOf) deps.onRefreshTokenReuse?.(outcome.reuseOf);
        throw errors.invalidRefreshToken();
      }
      return issue(outcome, settings);
    },

    /** The roles and permissions a user holds in an account now (for tokens that leave them out). */
    async grantsFor(userId: string, tenantId: string): Promise<Grants> {
      return findGrants(db, userId, tenantId, groupGrants(await environment.settings()));
    },

    /** Ends the session the refresh token belongs to. An unknown token is not an error: the caller is logged out either way. */
    async logout(refreshToken: string | undefined): Promise<void> {
      if (!refreshToken) return;
      const known = await findRefreshToken(db, sha256Hex(refreshToken));
      if (known) await revokeSession(db, known.session_id, 'logout');
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
