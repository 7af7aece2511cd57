import type { Caller } from '../caller';
import type { Handler } from '../operations';
import type { DomainRestrictionRow } from '../../repositories/domain-restrictions';

/** Whose restrictions: the user's account; with an environment token the account named, else the environment's (null). */
function scope(caller: Caller): string | null {
  if (caller.kind === 'user') return caller.tenantId;
  return caller.kind === 'environment' && caller.tenantId ? caller.tenantId : null;
}

const toRestriction = (row: DomainRestrictionRow) => ({ id: row.id, domain: row.domain, type: row.type });

/** GET /identity/resources/configurations/restrictions/v1/email-domain */
export const getDomainRestrictions: Handler<'getDomainRestrictions'> = async ({ caller, services }) => {
  const items = (await services.domainRestrictions.list(scope(caller))).map(toRestriction);
  return { status: 200, body: { items, _metadata: { totalItems: items.length } } };
};

/** POST /identity/resources/configurations/restrictions/v1/email-domain */
export const createDomainRestriction: Handler<'createDomainRestriction'> = async ({ body, caller, services }) => {
  return { status: 201, body: toRestriction(await services.domainRestrictions.create(scope(caller), body)) };
};

/** DELETE /identity/resources/configurations/restrictions/v1/email-domain/{id} */
export const deleteDomainRestriction: Handler<'deleteDomainRestriction'> = async ({ params, caller, services }) => {
  await services.domainRestrictions.remove(scope(caller), params.id);
  return { status: 200, body: undefined };
};

/** POST /identity/resources/configurations/restrictions/v1/email-domain/replace-bulk */
export const replaceDomainRestrictions: Handler<'replaceDomainRestrictions'> = async ({ body, caller, services }) => {
  return { status: 201, body: (await services.domainRestrictions.replaceBulk(scope(caller), body)).map(toRestriction) };
};

/** GET /identity/resources/configurations/restrictions/v1/email-domain/config */
export const getDomainRestrictionsConfig: Handler<'getDomainRestrictionsConfig'> = async ({ caller, services }) => {
  return { status: 200, body: await services.domainRestrictions.config(scope(caller)) };
};

/** POST /identity/resources/configurations/restrictions/v1/email-domain/config */
export const setDomainRestrictionsConfig: Handler<'setDomainRestrictionsConfig'> = async ({ body, caller, services }) => {
  return { status: 201, body: await services.domainRestrictions.setConfig(scope(caller), body) };
};
