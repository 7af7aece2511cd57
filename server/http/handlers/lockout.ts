import type { Caller } from '../caller';
import type { Handler } from '../operations';
import { toLockoutPolicy } from '../presenters/lockout';

/** The level a call is about: the member's account, or `frontegg-tenant-id`; the environment's default without it. */
function levelOf(caller: Caller): string | undefined {
  return caller.kind === 'user' || caller.kind === 'environment' ? caller.tenantId : undefined;
}

/** POST /identity/resources/configurations/v1/lockout-policy */
export const createLockoutPolicy: Handler<'createLockoutPolicy'> = async ({ body, caller, services }) => {
  return { status: 201, body: toLockoutPolicy(await services.lockout.create(levelOf(caller), body)) };
};

/** PATCH /identity/resources/configurations/v1/lockout-policy */
export const updateLockoutPolicy: Handler<'updateLockoutPolicy'> = async ({ body, caller, services }) => {
  return { status: 200, body: toLockoutPolicy(await services.lockout.update(levelOf(caller), body)) };
};

/** GET /identity/resources/configurations/v1/lockout-policy */
export const getLockoutPolicy: Handler<'getLockoutPolicy'> = async ({ caller, services }) => {
  return { status: 200, body: toLockoutPolicy(await services.lockout.get(levelOf(caller))) };
};

/** GET /identity/resources/configurations/v1/lockout-policy/vendor */
export const getVendorLockoutPolicy: Handler<'getVendorLockoutPolicy'> = async ({ services }) => {
  return { status: 200, body: toLockoutPolicy(await services.lockout.get(undefined)) };
};

/** POST /identity/resources/users/v3/me/unlock */
export const unlockUserWithToken: Handler<'unlockUserWithToken'> = async ({ body, services }) => {
  await services.userLinks.unlock(body.token);
  return { status: 200, body: undefined };
};
