import type { CookieOptions } from 'express';
import type { EnvironmentIdentity, EnvironmentSettings } from '../services/environment';
import type { IssuedSession } from '../services/auth';

export interface CookieInstruction {
  name: string;
  /** undefined clears the cookie. */
  value?: string;
  options: CookieOptions;
}

/** `fe_refresh_<client id without dashes>`, the name Frontegg's SDKs look for. */
function refreshCookieName(clientId: string): string {
  return `fe_refresh_${clientId.replace(/-/g, '')}`;
}

function baseOptions(sameSite: EnvironmentSettings['cookieSameSite'], secureOrigin: boolean): CookieOptions {
  const value = sameSite.toLowerCase() as 'strict' | 'lax' | 'none';
  // Browsers drop SameSite=None cookies that are not Secure.
  return { httpOnly: true, path: '/', sameSite: value, secure: secureOrigin || value === 'none' };
}

/** The refresh cookie of a session just issued: HttpOnly, for as long as the refresh token lives. */
export function sessionCookie(environment: EnvironmentIdentity, session: IssuedSession): CookieInstruction {
  return {
    name: refreshCookieName(environment.clientId),
    value: session.refreshToken,
    options: { ...baseOptions(session.cookieSameSite, environment.secureOrigin), maxAge: session.refreshTokenLifetime * 1000 },
  };
}

export function clearSessionCookie(environment: EnvironmentIdentity, sameSite: EnvironmentSettings['cookieSameSite']): CookieInstruction {
  return { name: refreshCookieName(environment.clientId), options: baseOptions(sameSite, environment.secureOrigin) };
}

/** The refresh token a request carries: the cookie first, then the body for clients without cookies. */
export function presentedRefreshToken(
  environment: EnvironmentIdentity,
  cookies: Record<string, string | undefined>,
  body: { refreshToken?: string } | undefined,
): string | undefined {
  return cookies[refreshCookieName(environment.clientId)] || body?.refreshToken || undefined;
}
