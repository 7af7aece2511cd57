import { sessionCookie } from '../cookies';
import type { Handler, HandlerResult } from '../operations';
import { toSignUpResponse } from '../presenters/sign-up';
import type { SignUpOutcome } from '../../services/sign-up';
import type { Services } from '../../services';

/** The 201 of either sign-up route, with the refresh cookie when the user is logged in at once. */
function signedUp(services: Services, outcome: SignUpOutcome): HandlerResult<'signUpUser'> {
  const cookies = outcome.kind === 'loggedIn' ? [sessionCookie(services.environment, outcome.session)] : undefined;
  return { status: 201, body: toSignUpResponse(outcome), ...(cookies ? { cookies } : {}) };
}

/** POST /identity/resources/users/v1/signUp */
export const signUpUser: Handler<'signUpUser'> = async ({ body, client, headers, services }) => {
  const outcome = await services.signUp.signUp(body, { ...client, applicationId: headers['frontegg-application-id'] });
  return signedUp(services, outcome);
};

/** POST /identity/resources/users/v1/signUp/username */
export const signUpUserWithUsername: Handler<'signUpUserWithUsername'> = async ({ body, client, headers, services }) => {
  const outcome = await services.signUp.signUp(body, { ...client, applicationId: headers['frontegg-application-id'] });
  return signedUp(services, outcome);
};

/** POST /identity/resources/users/v1/signUp/phoneNumber */
export const signUpUserWithPhoneNumber: Handler<'signUpUserWithPhoneNumber'> = async ({ services }) => {
  return services.signUp.signUpWithPhoneNumber();
};

/** GET /identity/resources/configurations/v1/sign-up/strategies */
export const getSignUpStrategies: Handler<'getSignUpStrategies'> = async ({ services }) => {
  return { status: 200, body: services.signUp.strategies() };
};
