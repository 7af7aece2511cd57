import type { Knex } from 'knex';
import { ROLE_ORDER, roleColumns, type RoleRow } from './roles';

/** A role given directly to a user in one of their accounts. */
export type MemberRoleRow = RoleRow & { member_tenant_id: string };

/**
 * Whether the user is a member of the live account (with `enabled`, a member not disabled there); in
 * a transaction, the membership and the account stay until it ends.
 */
export async function isMember(db: Knex, userId: string, tenantId: string, options: { enabled?: boolean } = {}): Promise<boolean> {
  const row = await db('user_tenants as ut')
    .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
    .where({ 'ut.user_id': userId, 'ut.tenant_id': tenantId })
    .whereNull('t.deleted_at')
    .modify((query) => {
      if (options.enabled) query.where('ut.is_disabled', false);
    })
    .forShare('ut', 't')
    .first('ut.user_id');
  return row !== undefined;
}

/** The ids of the roles given directly to each member among `userIds` (UUIDs only) of the account; non-members are left out. */
export async function findMembersRoleIds(db: Knex, tenantId: string, userIds: string[]): Promise<Map<string, string[]>> {
  const rows: { user_id: string; role_ids: string[] }[] = await db('user_tenants as ut')
    .select('ut.user_id', db.raw(`coalesce(json_agg(utr.role_id order by utr.role_id) filter (where utr.role_id is not null), '[]'::json) as role_ids`))
    .leftJoin('user_tenant_roles as utr', (on) => on.on('utr.user_id', 'ut.user_id').andOn('utr.tenant_id', 'ut.tenant_id'))
    .where('ut.tenant_id', tenantId)
    .whereIn('ut.user_id', userIds)
    .groupBy('ut.user_id');
  return new Map(rows.map((row) => [row.user_id, row.role_ids]));
}

/** The roles given directly to the user, in every account they belong to (or only in `tenantId`), strongest first. */
export async function findMemberRoles(db: Knex, userId: string, tenantId?: string): Promise<MemberRoleRow[]> {
  const query = db('user_tenant_roles as utr')
    .join('roles', 'roles.id', 'utr.role_id')
    .select('utr.tenant_id as member_tenant_id', ...roleColumns(db))
    .where('utr.user_id', userId)
    .orderBy(ROLE_ORDER);
  if (tenantId !== undefined) query.where('utr.tenant_id', tenantId);
  return query;
}

export async function addMemberRoles(db: Knex, userId: string, tenantId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await db('user_tenant_roles')
    .insert(roleIds.map((roleId) => ({ user_id: userId, tenant_id: tenantId, role_id: roleId })))
    .onConflict(['user_id', 'tenant_id', 'role_id'])
    .ignore();
}

export async function removeMemberRoles(db: Knex, userId: string, tenantId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await db('user_tenant_roles').where({ user_id: userId, tenant_id: tenantId }).whereIn('role_id', roleIds).delete();
}
