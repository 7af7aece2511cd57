import type { Knex } from 'knex';
import { prepared } from '../db/knex';
import { firstOf } from '../lib/narrow';

/** The role keys and permission keys a member holds in an account. */
export interface Grants {
  roles: string[];
  permissions: string[];
}

/**
 * The roles of a member: given to them directly in the account, plus (when `groupRoles`) those of
 * the account's groups they are in. Parameters: user id, account id, account id, user id, groupRoles.
 */
const MEMBER_ROLE_IDS = `
    select utr.role_id from user_tenant_roles utr where utr.user_id = ? and utr.tenant_id = ?
    union
    select gr.role_id
    from group_users gu
    join groups g on g.id = gu.group_id and g.tenant_id = ?
    join group_roles gr on gr.group_id = g.id
    where gu.user_id = ? and ?::boolean`;

/** The member's role keys and the keys of these roles' permissions. One statement. */
const GRANTS = `
  with member_roles as (${MEMBER_ROLE_IDS}
  )
  select
    coalesce((select json_agg(r.key order by r.key) from roles r join member_roles m on m.role_id = r.id), '[]'::json) as roles,
    coalesce((select json_agg(distinct p.key) from role_permissions rp join member_roles m on m.role_id = rp.role_id
              join permissions p on p.id = rp.permission_id), '[]'::json) as permissions`;

export async function findGrants(db: Knex, userId: string, tenantId: string, options: { groupRoles: boolean }): Promise<Grants> {
  const result = await db.raw<{ rows: Grants[] }>(GRANTS, [userId, tenantId, tenantId, userId, options.groupRoles]).options(prepared('grants'));
  return firstOf(result.rows, 'the row of the grants query');
}

/** The ids of the roles a member holds in an account, as their tokens count them. */
export async function findMemberRoleIds(db: Knex, userId: string, tenantId: string, options: { groupRoles: boolean }): Promise<string[]> {
  const result = await db.raw<{ rows: { role_id: string }[] }>(MEMBER_ROLE_IDS, [userId, tenantId, tenantId, userId, options.groupRoles]);
  return result.rows.map((row) => row.role_id);
}

/**
 * Gives a new member of an account their first roles: the ones asked for; otherwise, for the first
 * member of the account, the roles marked `firstUserRole`; otherwise the roles marked `isDefault`.
 * Only roles the account can see (global ones and its own) are given: returns the asked-for ids that
 * are not such roles (and gives nothing then). Ids must be UUIDs.
 */
export async function assignInitialRoles(db: Knex, userId: string, tenantId: string, roleIds?: string[]): Promise<string[]> {
  const visible = db('roles').where((q) => q.whereNull('tenant_id').orWhere('tenant_id', tenantId));
  if (roleIds && roleIds.length > 0) {
    visible.whereIn('id', roleIds);
  } else {
    const others = await db('user_tenants').where({ tenant_id: tenantId }).whereNot({ user_id: userId }).first('user_id');
    visible.where(others ? { is_default: true } : { first_user_role: true });
  }
  const roles: { id: string }[] = await visible.forShare().select('id');
  const missing = (roleIds ?? []).filter((id) => !roles.some((role) => role.id === id));
  if (missing.length > 0 || roles.length === 0) return missing;
  await db('user_tenant_roles')
    .insert(roles.map((role) => ({ user_id: userId, tenant_id: tenantId, role_id: role.id })))
    .onConflict(['user_id', 'tenant_id', 'role_id'])
    .ignore();
  return [];
}
