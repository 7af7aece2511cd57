import { sign as signWithKey } from 'node:crypto';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import type { Keys } from './keys';

/** The kinds of JWT nestegg issues, as the `type` claim names them. */
const rsaSign = promisify(signWithKey);

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export type TokenType = 'userToken' | 'vendor';

export interface UserTokenClaims {
  sub: string;
  name: string;
  email: string;
  email_verified: boolean;
  metadata: Record<string, unknown>;
  roles: string[];
  permissions: string[];
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

export interface VendorTokenClaims {
  vendorId: string;
  scopes: string[];
  type: 'vendor';
}

export type VerifiedClaims = (UserTokenClaims | VendorTokenClaims) & { iat: number; exp: number; aud: string; iss: string };

export interface SignedToken {
  token: string;
  expiresIn: number;
  /** When the token expires, in seconds since the epoch. */
  exp: number;
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
 * Signs and verifies nestegg's JWTs. Verification pins the algorithm to RS256 and checks the key id,
 * signature, issuer, audience, expiry and the token's `type`. A user token's audience is the
 * environment's client id, or the id of the application its session was opened for.
 */
export function createTokens(
  keys: Keys,
  options: { issuer: string; audience: string; isApplicationAudience?: (aud: string) => Promise<boolean> },
) {
  return {
    async sign(claims: UserTokenClaims | VendorTokenClaims, expiresIn: number): Promise<SignedToken> {
      const key = await keys.activeKey();
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + expiresIn;
      const aud = claims.type === 'userToken' && claims.applicationId ? claims.applicationId : options.audience;
      const payload = { ...claims, aud, iss: options.issuer, iat, exp };
      // A JWS in compact form, RS256 (RSASSA-PKCS1-v1_5 with SHA-256). node:crypto's callback form
      // signs on libuv's thread pool: an RSA signature costs about a millisecond, too long for the
      // event loop. Verification below goes through jsonwebtoken, with the algorithm pinned.
      const signingInput = `${base64UrlJson({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64UrlJson(payload)}`;
      const signature = await rsaSign('sha256', Buffer.from(signingInput), key.privateKey);
      return { token: `${signingInput}.${signature.toString('base64url')}`, expiresIn, exp };
    },

    /** The token's claims when it is valid and of one of the given types; undefined otherwise. */
    async verify<T extends TokenType>(
      token: string,
      types: readonly T[],
    ): Promise<(VerifiedClaims & { type: T }) | undefined> {
      const decoded = jwt.decode(token, { complete: true });
      const kid = decoded?.header.kid;
      if (!decoded || decoded.header.alg !== 'RS256' || typeof kid !== 'string') return undefined;
      const key = await keys.keyById(kid);
      if (!key) return undefined;
      try {
        const claims = jwt.verify(token, key.publicKey, { algorithms: ['RS256'], issuer: options.issuer }) as VerifiedClaims;
        if (!(types as readonly string[]).includes(claims.type)) return undefined;
        return (await audienceAccepted(claims, options)) ? (claims as VerifiedClaims & { type: T }) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
