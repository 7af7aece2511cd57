import { clearSessionCookie, presentedRefreshToken, sessionCookie } from '../cookies';
import type { Handler } from '../operations';
import { toAuthenticationResponse, toExpiredPasswordResponse } from '../presenters/session';

/** GET /.well-known/jwks.json */
export const getJwks: Handler<'getJwks'> = async ({ services }) => {
  return { status: 200, body: await services.keys.jwks() };
};

/** POST /identity/resources/auth/v1/user */
export const authenticateLocalUser: Handler<'authenticateLocalUser'> = async ({ body, client, headers, services }) => {
  const session = await services.auth.login({ ...body, ...client, applicationId: headers['frontegg-application-id'] });
  if ('resetPasswordToken' in session) return { status: 200, body: toExpiredPasswordResponse(session) };
  return {
    status: 200,
    body: toAuthenticationResponse(session),
    cookies: [sessionCookie(services.environment, session)],
  };
};

/** POST /identity/resources/auth/v1/user/token/refresh */
export const refreshToken: Handler<'refreshToken'> = async ({ body, client, cookies, services }) => {
  const presented = presentedRefreshToken(services.environment, cookies, body);
  // The browser SDK sends `tenantId: null` on every page load: the same as no account named.
  const session = await services.auth.refresh(presented, body?.tenantId ?? undefined, client);
  return {
    status: 201,
    body: toAuthenticationResponse(session),
    cookies: [sessionCookie(services.environment, session)],
  };
};

/** POST /identity/resources/auth/v1/logout */
export const logout: Handler<'logout'> = async ({ body, cookies, services }) => {
  await services.auth.logout(presentedRefreshToken(services.environment, cookies, body));
  const { cookieSameSite } = await services.environment.settings();
  return { status: 201, body: undefined, cookies: [clearSessionCookie(services.environment, cookieSameSite)] };
};
