import { actingAccount, actingUser } from '../caller';
import type { Handler } from '../operations';

/** POST /identity/resources/users/v1/passwords/reset */
export const resetPassword: Handler<'resetPassword'> = async ({ body, client, services }) => {
  services.passwordRecovery.requestReset(body, client);
  return { status: 201, body: undefined };
};

/** POST /identity/resources/users/v2/passwords/reset/email */
export const resetPasswordViaEmail: Handler<'resetPasswordViaEmail'> = async ({ body, client, services }) => {
  return { status: 200, body: services.passwordRecovery.requestReset(body, client) };
};

/** POST /identity/resources/users/v1/passwords/reset/validate */
export const validateResetPasswordToken: Handler<'validateResetPasswordToken'> = async ({ body, services }) => {
  await services.passwordRecovery.validateReset(body.userId, body.token);
  return { status: 201, body: undefined };
};

/** POST /identity/resources/users/v1/passwords/reset/verify */
export const verifyResetPassword: Handler<'verifyResetPassword'> = async ({ body, services }) => {
  await services.passwordRecovery.verifyReset(body);
  return { status: 201, body: undefined };
};

/** POST /identity/resources/users/v1/passwords/change */
export const changePassword: Handler<'changePassword'> = async ({ body, caller, services }) => {
  const currentSession = caller.kind === 'user' ? caller.sessionId : undefined;
  await services.passwordRecovery.changePassword(actingUser(caller).userId, body, currentSession);
  return { status: 201, body: undefined };
};

/** GET /identity/resources/users/v1/passwords/config */
export const getPasswordConfig: Handler<'getPasswordConfig'> = async ({ query, services }) => {
  return { status: 200, body: await services.passwordRecovery.passwordConfig(query.userId) };
};

/** GET /identity/resources/configurations/v1/password-recovery/strategies */
export const getPasswordRecoveryStrategies: Handler<'getPasswordRecoveryStrategies'> = async ({ services }) => {
  return { status: 200, body: services.passwordRecovery.recoveryStrategies() };
};

/** POST /identity/resources/users/v1/passwords/breached/reset/bulk */
export const resetBreachedPasswords: Handler<'resetBreachedPasswords'> = async ({ caller, services }) => {
  const tenantId = caller.kind === 'environment' ? caller.tenantId : actingAccount(caller).tenantId;
  await services.passwordRecovery.resetBreachedPasswords(tenantId);
  return { status: 201, body: undefined };
};

/** POST /identity/resources/users/v1/{userId}/links/generate-password-reset-token */
export const generateUserPasswordResetLink: Handler<'generateUserPasswordResetLink'> = async ({ params, services }) => {
  return { status: 201, body: await services.userLinks.generatePasswordResetLink(params.userId) };
};
