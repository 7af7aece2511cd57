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

/**
 * Signs and verifies nestegg's JWTs. Verification pins the algorithm to RS256 and checks the key id,
 * signature, issuer, audience, expiry and the token's `type`.
 */
export function createTokens(keys: Keys, options: { issuer: string; audience: string }) {
  return {
    async sign(claims: UserTokenClaims | VendorTokenClaims, expiresIn: number): Promise<SignedToken> {
      const key = await keys.activeKey();
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + expiresIn;
      const payload = { ...claims, aud: options.audience, iss: options.issuer, iat, exp };
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
        const claims = jwt.verify(token, key.publicKey, {
          algorithms: ['RS256'],
          audience: options.audience,
          issuer: options.issuer,
        }) as VerifiedClaims;
        return (types as readonly string[]).includes(claims.type) ? (claims as VerifiedClaims & { type: T }) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
