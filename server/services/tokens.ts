import { createHmac, sign as signWithKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import type { Keys } from './keys';

/** The kinds of JWT nestegg issues, as the `type` claim names them. */
const rsaSign = promisify(signWithKey);

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export type TokenType = 'userToken' | 'vendor' | 'tenantApiToken' | 'userApiToken';

export interface UserTokenClaims {
  sub: string;
  name: string;
  /** Left out for a user known by a username alone. */
  email?: string;
  email_verified: boolean;
  metadata: Record<string, unknown>;
  /** Left out when the environment's addRolesToJwt / addPermissionsToJwt is off. */
  roles?: string[];
  permissions?: string[];
  tenantId: string;
  tenantIds: string[];
  profilePictureUrl: string | null;
  sid: string;
  type: 'userToken';
  /** Set when the session was opened for an application: the token's `aud` is then that id. */
  applicationId?: string;
  /** Impersonation (RFC 8693 actor claim): who acts for the user. `sub` is a user id, or the environment's client id. */
  act?: { sub: string; type: 'user' | 'environment' };
}

interface VendorTokenClaims {
  vendorId: string;
  scopes: string[];
  type: 'vendor';
}

/**
 * An access token (`x-api-key`): a JWT naming the token's row; its roles and permissions are
 * placeholders, as in Frontegg: backends fetch the real ones through the M2M routes.
 */
export interface AccessTokenClaims {
  sub: string;
  type: 'tenantAccessToken' | 'userAccessToken';
  tenantId: string;
  userId?: string;
  createdByUserId?: string | null;
  roles: ['FETCH-ROLES-BY-API'];
  permissions: ['FETCH-PERMISSIONS-BY-API'];
}

/** A client-credentials token of an account (`sub` is the API token's client id). */
export interface TenantApiTokenClaims {
  sub: string;
  tenantId: string;
  roles: string[];
  permissions: string[];
  metadata: Record<string, unknown>;
  createdByUserId: string | null;
  type: 'tenantApiToken';
}

/** A client-credentials token of a user's personal token (`sub` is the client id, `userId` the user). */
export interface UserApiTokenClaims {
  sub: string;
  tenantId: string;
  userId: string;
  createdByUserId: string;
  email: string;
  roles: string[];
  permissions: string[];
  metadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  type: 'userApiToken';
}

export type SignableClaims = UserTokenClaims | VendorTokenClaims | TenantApiTokenClaims | UserApiTokenClaims;

export type VerifiedClaims = SignableClaims & { iat: number; exp: number; aud: string; iss: string };

export interface SignedToken {
  token: string;
  expiresIn: number;
  /** When the token expires, in seconds since the epoch. */
  exp: number;
}

/** The algorithm the environment signs its tokens with (environment tokens are always RS256), and the HS256 secret. */
export interface JwtSigning {
  algorithm: 'RS256' | 'HS256';
  secret?: string;
}

/** The algorithm a token of this type must carry: environment (vendor) tokens are always RS256. */
function pinnedAlgorithm(type: unknown, signing: JwtSigning): JwtSigning['algorithm'] {
  return type === 'vendor' ? 'RS256' : signing.algorithm;
}

/** Whether the audience is right: the environment's client id, or for a user token of an application that application, while it exists and is active. */
async function audienceAccepted(
  claims: VerifiedClaims,
  options: { audience: string; isApplicationAudience?: (aud: string) => Promise<boolean> },
): Promise<boolean> {
  if (claims.aud === options.audience) return true;
  if (claims.type !== 'userToken' || typeof claims.aud !== 'string' || claims.applicationId !== claims.aud) return false;
  return (await options.isApplicationAudience?.(claims.aud)) ?? false;
}

/**
 * Signs and verifies nestegg's JWTs: RS256 with the signing key of the moment (keys.ts), or HS256 with
 * the environment's secret when `jwtAlgorithm` says so. Verification pins the algorithm to the one
 * configured and checks the key id, signature, issuer, audience, expiry and the token's `type`. A
 * user token's audience is the environment's client id, or the id of the application its session
 * was opened for.
 */
export function createTokens(
  keys: Keys,
  options: {
    issuer: string;
    audience: string;
    isApplicationAudience?: (aud: string) => Promise<boolean>;
    /** The environment's `jwtAlgorithm` setting (RS256 when not given). */
    signing?: () => Promise<JwtSigning>;
  },
) {
  const signing = options.signing ?? (async (): Promise<JwtSigning> => ({ algorithm: 'RS256' }));

  return {
    async sign(claims: SignableClaims, expiresIn: number): Promise<SignedToken> {
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + expiresIn;
      const aud = claims.type === 'userToken' && claims.applicationId ? claims.applicationId : options.audience;
      const payload = { ...claims, aud, iss: options.issuer, iat, exp };
      const settings = await signing();
      if (pinnedAlgorithm(claims.type, settings) === 'HS256' && settings.secret) {
        const input = `${base64UrlJson({ alg: 'HS256', typ: 'JWT' })}.${base64UrlJson(payload)}`;
        return { token: `${input}.${createHmac('sha256', settings.secret).update(input).digest('base64url')}`, expiresIn, exp };
      }
      const key = await keys.activeKey();
      // A JWS in compact form, RS256 (RSASSA-PKCS1-v1_5 with SHA-256). node:crypto's callback form
      // signs on libuv's thread pool: an RSA signature costs about a millisecond, too long for the
      // event loop. Verification below goes through jsonwebtoken, with the algorithm pinned.
      const signingInput = `${base64UrlJson({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64UrlJson(payload)}`;
      const signature = await rsaSign('sha256', Buffer.from(signingInput), key.privateKey);
      return { token: `${signingInput}.${signature.toString('base64url')}`, expiresIn, exp };
    },

    /**
     * Signs an access token with the active key; `exp` (seconds since the epoch) only when it
     * expires. Answers the `kid` too: the key must stay published while the token works.
     */
    async signAccessToken(claims: AccessTokenClaims, exp?: number): Promise<{ token: string; kid: string }> {
      const key = await keys.activeKey();
      const iat = Math.floor(Date.now() / 1000);
      const payload = { ...claims, aud: options.audience, iss: options.issuer, iat, ...(exp === undefined ? {} : { exp }) };
      const signingInput = `${base64UrlJson({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64UrlJson(payload)}`;
      const signature = await rsaSign('sha256', Buffer.from(signingInput), key.privateKey);
      return { token: `${signingInput}.${signature.toString('base64url')}`, kid: key.kid };
    },

    /** The token's claims when it is valid and of one of the given types; undefined otherwise. */
    async verify<T extends TokenType>(token: string, types: readonly T[]): Promise<(VerifiedClaims & { type: T }) | undefined> {
      const decoded = jwt.decode(token, { complete: true });
      if (!decoded || typeof decoded.payload !== 'object') return undefined;
      // The algorithm is pinned by the settings (and by the claimed type: environment tokens are
      // RS256), never taken from the token: a token of the other algorithm is refused.
      const settings = await signing();
      const algorithm = pinnedAlgorithm(decoded.payload.type, settings);
      if (decoded.header.alg !== algorithm) return undefined;
      let secretOrKey: string | KeyObject;
      if (algorithm === 'HS256') {
        if (!settings.secret) return undefined;
        secretOrKey = settings.secret;
      } else {
        const kid = decoded.header.kid;
        const key = typeof kid === 'string' ? await keys.keyById(kid) : undefined;
        if (!key) return undefined;
        secretOrKey = key.publicKey;
      }
      try {
        const claims = jwt.verify(token, secretOrKey, { algorithms: [algorithm], issuer: options.issuer }) as VerifiedClaims;
        if (!(types as readonly string[]).includes(claims.type)) return undefined;
        return (await audienceAccepted(claims, options)) ? (claims as VerifiedClaims & { type: T }) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
