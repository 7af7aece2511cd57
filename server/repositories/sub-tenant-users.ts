import type { Knex } from 'knex';
import type { SubAccountAccessType } from './hierarchy';
import { MEMBERSHIPS_JSON, splitMemberships, USER_SELECT, type UserRowWithMemberships, type UserWithMemberships } from './users';

/** A member's sub-account access in one live account: their own choice (null: none) and the account's access type. */
export interface MemberAccessRow {
  tenant_id: string;
  sub_account_access: boolean | null;
  sub_account_access_type: SubAccountAccessType;
}

export type SubTenantUsersSortColumn = 'created_at' | 'name' | 'email_normalized';

/** What a users list of a part of the hierarchy is narrowed to. */
export interface SubTenantUsersFilter {
  /** Members of any of these accounts. */
  tenantIds: string[];
  /** Lower-cased text that the email or the name holds. */
  text?: string;
  hideInvisible?: boolean;
}

function escapedLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The sub-account access of the user in each of their live accounts (only `tenantId` when given),
 * with each account's access type (`defaultOff` where none is stored). In a transaction, the
 * memberships read stay until it ends.
 */
export async function findMemberAccess(db: Knex, userId: string, tenantId?: string): Promise<MemberAccessRow[]> {
  const query = db('user_tenants as ut')
    .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
    .leftJoin('tenant_hierarchy_settings as s', 's.tenant_id', 'ut.tenant_id')
    .where('ut.user_id', userId)
    .whereNull('t.deleted_at')
    .select('ut.tenant_id', 'ut.sub_account_access', db.raw(`coalesce(s.sub_account_access_type, 'defaultOff') as sub_account_access_type`));
  if (tenantId !== undefined) query.where('ut.tenant_id', tenantId);
  if (db.isTransaction) query.forShare('ut');
  return query;
}

/** Stores the member's own choice of sub-account access in the live account; false when they are not a member there. */
export async function saveMemberAccess(db: Knex, userId: string, tenantId: string, allow: boolean): Promise<boolean> {
  const updated = await db('user_tenants')
    .where({ user_id: userId, tenant_id: tenantId })
    .whereExists(db('tenants').where('tenants.tenant_id', tenantId).whereNull('tenants.deleted_at').select(db.raw('1')))
    .update({ sub_account_access: allow });
  return updated > 0;
}

/** Share-locks the live accounts until the transaction ends: none of them moves in the hierarchy or goes away meanwhile. */
export async function holdTenants(trx: Knex.Transaction, tenantIds: string[]): Promise<void> {
  if (tenantIds.length === 0) return;
  await trx('tenants').whereIn('tenant_id', tenantIds).whereNull('deleted_at').forShare().select('tenant_id');
}

function filtered(db: Knex, filter: SubTenantUsersFilter): Knex.QueryBuilder {
  const query = db('users as u').whereExists(
    db('user_tenants as ut').whereRaw('ut.user_id = u.id').whereIn('ut.tenant_id', filter.tenantIds).select(db.raw('1')),
  );
  if (filter.hideInvisible) query.where('u.invisible', false);
  if (filter.text !== undefined && filter.text !== '') {
    const pattern = escapedLike(filter.text);
    query.where((any) => any.whereRaw(`u.email_normalized like ? escape '\\'`, [pattern]).orWhereRaw(`lower(u.name) like ? escape '\\'`, [pattern]));
  }
  return query;
}

export async function countSubTenantUsers(db: Knex, filter: SubTenantUsersFilter): Promise<number> {
  if (filter.tenantIds.length === 0) return 0;
  const row = await filtered(db, filter).count<{ count: string | number }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/** `limit` users from row `offset` on, in the order asked for (ties by id). */
export async function pageSubTenantUsers(
  db: Knex,
  filter: SubTenantUsersFilter,
  page: { limit: number; offset: number; sortBy: SubTenantUsersSortColumn; order: 'asc' | 'desc' },
): Promise<UserWithMemberships[]> {
  if (filter.tenantIds.length === 0) return [];
  const rows: UserRowWithMemberships[] = await filtered(db, filter)
    .select(db.raw(`${USER_SELECT}, ${MEMBERSHIPS_JSON}`))
    .orderBy([
      { column: `u.${page.sortBy}`, order: page.order },
      { column: 'u.id', order: page.order },
    ])
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((row) => splitMemberships(row) as UserWithMemberships);
}
