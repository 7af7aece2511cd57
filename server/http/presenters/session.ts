import type { ExpiredPasswordLogin, IssuedSession } from '../../services/auth';
import type { Schema } from './schema';

/** The answer of a login or refresh (Frontegg's `AuthenticationResponseDto`). */
export function toAuthenticationResponse(session: IssuedSession): Schema<'AuthenticationResponse'> {
  return {
    tokenType: 'bearer',
    mfaRequired: false,
    accessToken: session.accessToken.token,
    refreshToken: session.refreshToken,
    expiresIn: session.accessToken.expiresIn,
    expires: new Date(session.accessToken.exp * 1000).toUTCString(),
    userId: session.user.id,
    ...(session.user.email !== null ? { userEmail: session.user.email } : {}),
    emailVerified: session.user.verified,
    ...(session.isBreachedPassword !== undefined ? { isBreachedPassword: session.isBreachedPassword } : {}),
    ...(session.passwordExpiry ?? {}),
  };
}

/** The answer of a login whose password expired: no session (empty tokens), a reset token. */
export function toExpiredPasswordResponse(login: ExpiredPasswordLogin): Schema<'AuthenticationResponse'> {
  return {
    tokenType: 'bearer',
    mfaRequired: false,
    accessToken: '',
    refreshToken: '',
    expiresIn: 0,
    expires: '',
    resetPasswordToken: login.resetPasswordToken,
    userId: login.user.id,
    ...(login.user.email !== null ? { userEmail: login.user.email } : {}),
    emailVerified: login.user.verified,
    isBreachedPassword: login.isBreachedPassword,
  };
}
