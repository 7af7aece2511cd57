import type { Impersonation } from '../../services/impersonation';
import type { Schema } from './schema';

/** The answer of an impersonation: the session's tokens. */
export function toImpersonationResponse(impersonation: Impersonation): Schema<'ImpersonationResponse'> {
  return {
    accessToken: impersonation.accessToken.token,
    tokenType: 'bearer',
    refreshToken: impersonation.refreshToken,
    expiresIn: impersonation.accessToken.expiresIn,
    expires: new Date(impersonation.accessToken.exp * 1000).toUTCString(),
  };
}
