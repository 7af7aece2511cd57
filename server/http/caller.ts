import type { Request } from 'express';
import type { Services } from '../services';
import type { RoleActor } from '../services/roles';
import { errors } from '../services/errors';

/** Who is calling, as the credentials of the request say. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'environment'; tenantId?: string; userId?: string /** API tokens: the token's client id. */; apiTokenId?: string }
  | {
      kind: 'user';
      userId: string;
      tenantId: string;
      sessionId: string;
      roles: string[];
      permissions: string[];
      /** Set when the token is an impersonation's: who acts for the user. */
      act?: { sub: string; type: 'user' | 'environment' };
    };

export interface OperationSecurity {
  /** Security scheme names that may call the operation; empty for public operations. */
  schemes: string[];
  /** Permission keys a user token must hold. */
  permissions: string[];
  /** Whether an impersonation token (one with an `act` claim) is refused (403), whatever it holds. */
  refuseImpersonation?: boolean;
  /** Whether a request with no token at all is let through as anonymous (the spec lists `{}` among its security). */
  tokenOptional?: boolean;
}

const ENVIRONMENT_SCHEMES = new Set(['environmentToken', 'environmentTokenHeader']);

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
  return match?.[1];
}

/**
 * Resolves the caller from the credentials the operation accepts, then checks the account's IP
 * restrictions (user tokens only) and the operation's permissions. The one place that decides who
 * may call what.
 */
export async function authenticate(req: Request, security: OperationSecurity, services: Services): Promise<Caller> {
  if (security.schemes.length === 0) return { kind: 'anonymous' };
  const acceptsEnvironment = security.schemes.some((scheme) => ENVIRONMENT_SCHEMES.has(scheme));
  const acceptsUser = security.schemes.includes('userToken');
  const token = bearer(req) ?? (acceptsEnvironment ? header(req, 'x-access-token') : undefined);
  if (!token) {
    if (security.tokenOptional) return { kind: 'anonymous' };
    throw errors.unauthenticated();
  }

  const types = [
    ...(acceptsEnvironment ? (['vendor'] as const) : []),
    ...(acceptsUser ? (['userToken'] as const) : []),
    // API tokens: accepted only where the operation names their scheme
    ...(security.schemes.includes('tenantApiToken') ? (['tenantApiToken'] as const) : []),
    ...(security.schemes.includes('userApiToken') ? (['userApiToken'] as const) : []),
  ];
  const claims = await services.tokens.verify(token, types);
  if (!claims) throw errors.unauthenticated();

  if (claims.type === 'vendor') {
    return { kind: 'environment', tenantId: header(req, 'frontegg-tenant-id'), userId: header(req, 'frontegg-user-id') };
  }
  // API tokens: a deleted or expired token's JWTs stop at once; then the account's IP restrictions and the permissions.
  if (claims.type === 'tenantApiToken' || claims.type === 'userApiToken') {
    if (!(await services.apiTokens.isLive(claims.sub))) throw errors.unauthenticated();
    await services.ipRestrictions.enforce(claims.tenantId, req.ip);
    const lacking = security.permissions.filter((permission) => !claims.permissions.includes(permission));
    if (lacking.length > 0) throw errors.missingPermission(lacking);
    const userId = claims.type === 'userApiToken' ? claims.userId : undefined;
    return { kind: 'environment', tenantId: claims.tenantId, userId, apiTokenId: claims.sub };
  }
  // The account's IP restrictions, read on every request so that a change holds from the next one.
  await services.ipRestrictions.enforce(claims.tenantId, req.ip);
  if (claims.act && security.refuseImpersonation) throw errors.impersonationRefused();
  // A token without roles or permissions (addRolesToJwt / addPermissionsToJwt off): read them now.
  const grants =
    claims.roles && claims.permissions ? { roles: claims.roles, permissions: claims.permissions } : await services.auth.grantsFor(claims.sub, claims.tenantId);
  const missing = security.permissions.filter((permission) => !grants.permissions.includes(permission));
  if (missing.length > 0) throw errors.missingPermission(missing);
  return {
    kind: 'user',
    userId: claims.sub,
    tenantId: claims.tenantId,
    sessionId: claims.sid,
    roles: grants.roles,
    permissions: grants.permissions,
    ...(claims.act ? { act: claims.act } : {}),
  };
}

/**
 * The user a self-service route acts for: the token's user, or with an environment token the user and
 * account named by `frontegg-user-id` and `frontegg-tenant-id`.
 */
export function actingUser(caller: Caller): { tenantId: string; userId: string } {
  if (caller.kind === 'user') return { tenantId: caller.tenantId, userId: caller.userId };
  if (caller.kind === 'environment' && caller.tenantId && caller.userId) {
    return { tenantId: caller.tenantId, userId: caller.userId };
  }
  throw errors.missingActingUser();
}

/**
 * The account a self-service route acts in: the token's, or with an environment token the one named
 * by `frontegg-tenant-id`. `userId` is set only when a user acts: the environment acts as itself.
 */
export function actingAccount(caller: Caller): { tenantId: string; userId?: string } {
  if (caller.kind === 'user') return { tenantId: caller.tenantId, userId: caller.userId };
  if (caller.kind === 'environment' && caller.tenantId) return { tenantId: caller.tenantId };
  throw errors.missingTenant();
}

/**
 * The account a self-service route acts in: the token's account, or with an environment token the
 * account named by `frontegg-tenant-id`.
 */
export function actingTenant(caller: Caller): string {
  return actingAccount(caller).tenantId;
}

/**
 * Who acts on the v1 role and permission routes: a member in their token's account, or the
 * environment in the account named by `frontegg-tenant-id` (none: everywhere). The environment never
 * acts as a member.
 */
export function roleActor(caller: Caller): RoleActor {
  if (caller.kind === 'user') return { tenantId: caller.tenantId, userId: caller.userId };
  return caller.kind === 'environment' ? { tenantId: caller.tenantId } : {};
}

/** The account a list of user emails or usernames is about: the caller's; an environment token without `frontegg-tenant-id` sees every user. */
export function listedAccount(caller: Caller): string | undefined {
  return caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined;
}
