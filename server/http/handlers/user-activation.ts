import type { Handler } from '../operations';
import { toActivationStrategy } from '../presenters/tenant-invite';
import { sessionCookie } from '../cookies';
import { toAuthenticationResponse } from '../presenters/session';

// the environment setting of activation

/** GET /identity/resources/configurations/v1/activation/strategies */
export const getActivationStrategySetting: Handler<'getActivationStrategySetting'> = async ({ services }) => {
  return { status: 200, body: toActivationStrategy(await services.environment.settings()) };
};

/** POST /identity/resources/configurations/v1/activation/strategies */
export const setActivationStrategySetting: Handler<'setActivationStrategySetting'> = async ({ body, services }) => {
  await services.environment.updateSettings({ activationStrategy: body.strategy, activationCodeExpiration: body.codeExpiration });
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/v1/{userId}/links/generate-activation-token */
export const generateUserActivationLink: Handler<'generateUserActivationLink'> = async ({ params, services }) => {
  return { status: 201, body: await services.userLinks.generateActivationLink(params.userId) };
};

/** POST /identity/resources/users/v1/activate */
export const activateUser: Handler<'activateUser'> = async ({ body, client, services }) => {
  const session = await services.userLinks.activate(body, client);
  return { status: 200, body: toAuthenticationResponse(session), cookies: [sessionCookie(services.environment, session)] };
};

/** POST /identity/resources/users/v1/activate/code */
export const activateUserWithCode: Handler<'activateUserWithCode'> = async ({ body, client, services }) => {
  const session = await services.userLinks.activate(body, client);
  return { status: 200, body: toAuthenticationResponse(session), cookies: [sessionCookie(services.environment, session)] };
};

/** GET /identity/resources/users/v1/activate/strategy */
export const getActivationStrategy: Handler<'getActivationStrategy'> = async ({ query, services }) => {
  return { status: 200, body: await services.userLinks.activationStrategy(query.userId, query.token) };
};

/** POST /identity/resources/users/v1/activate/reset */
export const resetActivationToken: Handler<'resetActivationToken'> = async ({ body, services }) => {
  await services.userLinks.resendActivation(body.email);
  return { status: 201, body: undefined };
};
