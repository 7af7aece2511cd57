import type { SignUpOutcome } from '../../services/sign-up';
import type { Schema } from './schema';
import { toAuthenticationResponse } from './session';

/** The answer of a sign-up: nothing but `shouldActivate` unless the user is logged in at once. */
export function toSignUpResponse(outcome: SignUpOutcome): Schema<'SignUpResponse'> {
  if (outcome.kind === 'pending') return { shouldActivate: true };
  return {
    shouldActivate: false,
    userId: outcome.userId,
    tenantId: outcome.tenantId,
    authResponse: toAuthenticationResponse(outcome.session),
  };
}
