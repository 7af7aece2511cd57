import { actingUser } from '../caller';
import { sessionCookie } from '../cookies';
import type { Handler } from '../operations';
import { toAuthenticationResponse } from '../presenters/session';
import { toUser } from '../presenters/user';

/** POST /identity/resources/users/v1/{userId}/links/generate-activation-token */
export const generateUserActivationLink: Handler<'generateUserActivationLink'> = async ({ params, services }) => {
  return { status: 201, body: await services.userLinks.generateActivationLink(params.userId) };
};

/** POST /identity/resources/users/v1/{userId}/links/generate-password-reset-token */
export const generateUserPasswordResetLink: Handler<'generateUserPasswordResetLink'> = async ({ params, services }) => {
  return { status: 201, body: await services.userLinks.generatePasswordResetLink(params.userId) };
};

/** PUT /identity/resources/users/v1/{userId}/email */
export const updateUserEmail: Handler<'updateUserEmail'> = async ({ params, body, services }) => {
  return { status: 200, body: toUser(await services.userLinks.updateEmailByVendor(params.userId, body.email)) };
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

/** POST /identity/resources/users/v1/email/me */
export const updateEmailMe: Handler<'updateEmailMe'> = async ({ body, caller, services }) => {
  await services.userLinks.requestEmailChange(actingUser(caller).userId, body.email);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/users/v1/email/me/verify */
export const verifyEmailMe: Handler<'verifyEmailMe'> = async ({ body, caller, services }) => {
  await services.userLinks.verifyEmailChange(actingUser(caller).userId, body.code, body.email);
  return { status: 200, body: undefined };
};
