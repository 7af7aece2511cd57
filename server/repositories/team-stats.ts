import type { Knex } from 'knex';

export interface MemberCounts {
  total: number;
  addedThisWeek: number;
  strongest: number;
}

/**
 * The account's members: all of them, those who joined in the last seven days (database clock), and
 * those holding a role at level 0 in the account. One query.
 */
export async function countMembers(db: Knex, tenantId: string): Promise<MemberCounts> {
  const row: { total: string | number; added: string | number; strongest: string | number } = await db('user_tenants as ut')
    .where('ut.tenant_id', tenantId)
    .first(
      db.raw('count(*) as total'),
      db.raw(`count(*) filter (where ut.created_at > now() - interval '7 days') as added`),
      db.raw(
        `count(*) filter (where exists (select 1 from user_tenant_roles utr join roles r on r.id = utr.role_id
           where utr.user_id = ut.user_id and utr.tenant_id = ut.tenant_id and r.level = 0)) as strongest`,
      ),
    );
  return { total: Number(row.total), addedThisWeek: Number(row.added), strongest: Number(row.strongest) };
}
