import { randomInt } from 'node:crypto';

/**
 * The addresses in emails. They all point at the configured app URL (the login box), never at a
 * request's Host or X-Forwarded-Host header.
 */
export function createLinks(appUrl: string) {
  const link = (path: string, query: Record<string, string>) => `${appUrl}${path}?${new URLSearchParams(query).toString()}`;
  return {
    activation: (userId: string, token: string) => link('/account/activate', { userId, token }),
    passwordReset: (userId: string, token: string) => link('/account/reset-password', { userId, token }),
    emailChange: (email: string, code: string) => link('/account/verify-email-change', { email, code }),
    invitation: (userId: string, token: string) => link('/account/invitation/accept', { userId, token }),
    unlock: (token: string) => link('/account/unlock', { token }),
    emailVerification: (email: string, code: string) => link('/account/verify-email', { email, code }),
    login: () => `${appUrl}/account/login`,
    forgotPassword: () => `${appUrl}/account/forget-password`,
  };
}

/** Six random digits, for an email that offers a code to type as well as a link. */
export function oneTimeCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}
