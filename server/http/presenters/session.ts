import type { IssuedSession } from '../../services/sessions';
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
    userEmail: session.user.email,
    emailVerified: session.user.verified,
  };
}
