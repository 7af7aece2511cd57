import { actingTenant, type Caller } from '../caller';
import type { Handler } from '../operations';
import { toPage } from '../presenters/pagination';
import type { IpRestrictionRow } from '../../repositories/ip-restrictions';
import type { ChangeMaker } from '../../services/ip-restrictions';
import type { ClientInfo } from '../../services/auth';

const ROUTE = '/identity/resources/configurations/v1/restrictions/ip';

/** A user changing the restrictions must keep their own address in; the environment token is never restricted. */
const maker = (caller: Caller, client: ClientInfo): ChangeMaker => (caller.kind === 'user' ? { address: client.ipAddress } : null);

const toIpRestriction = (row: IpRestrictionRow) => ({
  id: row.id,
  ip: row.ip,
  description: row.description,
  strategy: row.strategy,
  isActive: row.is_active,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** GET /identity/resources/configurations/v1/restrictions/ip */
export const getIpRestrictions: Handler<'getIpRestrictions'> = async ({ caller, query, services }) => {
  const { _limit: limit = 50, _offset: page = 0, _filter: filter } = query;
  const { rows, total } = await services.ipRestrictions.page(actingTenant(caller), { page, limit, filter });
  return { status: 200, body: toPage(rows.map(toIpRestriction), { page, limit, total }, ROUTE, { _filter: filter }) };
};

/** POST /identity/resources/configurations/v1/restrictions/ip */
export const createIpRestriction: Handler<'createIpRestriction'> = async ({ body, caller, client, services }) => {
  return { status: 201, body: toIpRestriction(await services.ipRestrictions.create(actingTenant(caller), body, maker(caller, client))) };
};

/** POST /identity/resources/configurations/v1/restrictions/ip/bulk */
export const bulkCreateIpRestrictions: Handler<'bulkCreateIpRestrictions'> = async ({ body, caller, client, services }) => {
  const rows = await services.ipRestrictions.bulkCreate(actingTenant(caller), body.ips, maker(caller, client));
  return { status: 201, body: rows.map(toIpRestriction) };
};

/** DELETE /identity/resources/configurations/v1/restrictions/ip/{id} */
export const deleteIpRestriction: Handler<'deleteIpRestriction'> = async ({ params, caller, client, services }) => {
  await services.ipRestrictions.remove(actingTenant(caller), params.id, maker(caller, client));
  return { status: 200, body: undefined };
};

/** GET /identity/resources/configurations/v1/restrictions/ip/config */
export const getIpRestrictionsConfig: Handler<'getIpRestrictionsConfig'> = async ({ caller, services }) => {
  return { status: 200, body: await services.ipRestrictions.config(actingTenant(caller)) };
};

/** POST /identity/resources/configurations/v1/restrictions/ip/config */
export const setIpRestrictionsConfig: Handler<'setIpRestrictionsConfig'> = async ({ body, caller, client, services }) => {
  return { status: 201, body: await services.ipRestrictions.setConfig(actingTenant(caller), body, maker(caller, client)) };
};

/** POST /identity/resources/configurations/v1/restrictions/ip/verify */
export const verifyCurrentIp: Handler<'verifyCurrentIp'> = async ({ caller, client, services }) => {
  return { status: 201, body: { valid: await services.ipRestrictions.verify(actingTenant(caller), client.ipAddress) } };
};

/** POST /identity/resources/configurations/v1/restrictions/ip/verify/allow */
export const verifyCurrentIpInAllowList: Handler<'verifyCurrentIpInAllowList'> = async ({ caller, client, services }) => {
  return { status: 201, body: { valid: await services.ipRestrictions.inAllowList(actingTenant(caller), client.ipAddress) } };
};
