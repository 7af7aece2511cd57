import type { NesteggClient } from '../../../client';
import { HIERARCHY_SETTINGS } from '../../support/hierarchy';
import { claimsOf } from '../../support/roles';

export const SUB_USERS = '/identity/resources/sub-tenants/users/v1';
export const SUB_USER_ROLES = '/identity/resources/sub-tenants/users/v1/{userId}/roles';
export const SUB_USER_ACCESS = '/identity/resources/sub-tenants/users/v1/{userId}/access';
export const SUB_USERS_V2 = '/identity/resources/sub-tenants/users/v2';
export const MY_HIERARCHY = '/identity/resources/users/v2/me/hierarchy';

/** The id of the user whose access token this is. */
export function userIdOf(member: { accessToken: string }): string {
  return claimsOf(member.accessToken).sub;
}

/** Sets the account's sub-account access type with the environment token. */
export async function setAccessType(vendor: NesteggClient, tenantId: string, subAccountAccessType: 'defaultOff' | 'defaultOn' | 'alwaysOn') {
  const { response } = await vendor.PUT(HIERARCHY_SETTINGS, { params: { path: { tenantId } }, body: { subAccountAccessType } });
  if (response.status !== 200) throw new Error(`set access type failed: ${response.status}`);
}

/** Every user the client sees across the hierarchy whose email or name holds `text`. */
export async function findListed(client: NesteggClient, text: string) {
  const { data, response, error } = await client.GET(SUB_USERS, { params: { query: { _filter: text === '' ? undefined : text, _limit: 200 } } });
  if (response.status !== 200 || !data) throw new Error(`list failed: ${response.status} ${JSON.stringify(error)}`);
  return data.items;
}

/** The role ids of the listed user in each of their accounts, by tenantId. */
export function rolesByTenant(user: { tenants: { tenantId: string; roles: { id: string }[] }[] }): Record<string, string[]> {
  return Object.fromEntries(user.tenants.map((tenant) => [tenant.tenantId, tenant.roles.map((role) => role.id).sort()]));
}
