import type { Caller } from '../caller';
import type { Handler } from '../operations';
import { toPasswordHistoryPolicy, toPasswordRotationPolicy } from '../presenters/password-policy';

/**
 * The account a policy call is about: a member's own account (the token's); for the environment,
 * `frontegg-tenant-id`, and without it the environment itself.
 */
function scopeOf(caller: Caller): string | undefined {
  return caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined;
}

/** GET /identity/resources/configurations/v1/password */
export const getPasswordPolicy: Handler<'getPasswordPolicy'> = async ({ caller, services }) => {
  return { status: 200, body: await services.passwordPolicies.config(scopeOf(caller)) };
};

/** POST /identity/resources/configurations/v1/password */
export const setPasswordPolicy: Handler<'setPasswordPolicy'> = async ({ caller, body, services }) => {
  return { status: 201, body: await services.passwordPolicies.setConfig(scopeOf(caller), body) };
};

/** GET /identity/resources/configurations/v1/password-history-policy */
export const getPasswordHistoryPolicy: Handler<'getPasswordHistoryPolicy'> = async ({ caller, services }) => {
  return { status: 200, body: toPasswordHistoryPolicy(await services.passwordPolicies.history(scopeOf(caller))) };
};

/** GET /identity/resources/configurations/v1/password-history-policy/vendor */
export const getVendorPasswordHistoryPolicy: Handler<'getVendorPasswordHistoryPolicy'> = async ({ services }) => {
  return { status: 200, body: toPasswordHistoryPolicy(await services.passwordPolicies.vendorHistory()) };
};

/** POST /identity/resources/configurations/v1/password-history-policy */
export const createPasswordHistoryPolicy: Handler<'createPasswordHistoryPolicy'> = async ({ caller, body, services }) => {
  return { status: 201, body: toPasswordHistoryPolicy(await services.passwordPolicies.createHistory(scopeOf(caller), body)) };
};

/** PATCH /identity/resources/configurations/v1/password-history-policy */
export const updatePasswordHistoryPolicy: Handler<'updatePasswordHistoryPolicy'> = async ({ caller, body, services }) => {
  return { status: 200, body: toPasswordHistoryPolicy(await services.passwordPolicies.updateHistory(scopeOf(caller), body)) };
};

/** GET /identity/resources/configurations/v1/password-rotation */
export const getPasswordRotationPolicy: Handler<'getPasswordRotationPolicy'> = async ({ caller, services }) => {
  return { status: 200, body: toPasswordRotationPolicy(await services.passwordPolicies.rotation(scopeOf(caller))) };
};

/** GET /identity/resources/configurations/v1/password-rotation/vendor */
export const getVendorPasswordRotationPolicy: Handler<'getVendorPasswordRotationPolicy'> = async ({ services }) => {
  return { status: 200, body: toPasswordRotationPolicy(await services.passwordPolicies.vendorRotation()) };
};

/** POST /identity/resources/configurations/v1/password-rotation */
export const setPasswordRotationPolicy: Handler<'setPasswordRotationPolicy'> = async ({ caller, body, services }) => {
  return { status: 200, body: toPasswordRotationPolicy(await services.passwordPolicies.setRotation(scopeOf(caller), body)) };
};
