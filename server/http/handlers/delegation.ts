import { errors } from '../../services/errors';
import type { ImpersonationCaller } from '../../services/impersonation';
import type { Caller } from '../caller';
import type { Handler } from '../operations';
import { toImpersonationResponse } from '../presenters/impersonation';

/** GET /identity/resources/configurations/v1/delegation */
export const getDelegationConfiguration: Handler<'getDelegationConfiguration'> = async ({ services }) => {
  return { status: 200, body: { enabled: await services.impersonation.delegationEnabled() } };
};

/** POST /identity/resources/configurations/v1/delegation */
export const setDelegationConfiguration: Handler<'setDelegationConfiguration'> = async ({ body, services }) => {
  await services.impersonation.setDelegationEnabled(body.enabled);
  return { status: 200, body: undefined };
};

/** Who impersonates: the member of the token (with its session), or the environment in `frontegg-tenant-id`. */
function impersonator(caller: Caller): ImpersonationCaller {
  if (caller.kind === 'user') return { type: 'user', userId: caller.userId, tenantId: caller.tenantId, sessionId: caller.sessionId };
  if (caller.kind === 'environment') return { type: 'environment', tenantId: caller.tenantId };
  throw errors.unauthenticated();
}

/** POST /identity/resources/impersonation/v1 */
export const impersonateUser: Handler<'impersonateUser'> = async ({ body, caller, services, client }) => {
  const impersonation = await services.impersonation.impersonate(impersonator(caller), { ...body, ...client });
  return { status: 201, body: toImpersonationResponse(impersonation) };
};
