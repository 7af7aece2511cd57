import type { Knex } from 'knex';
import type { TenantRow } from './tenants';

/** The user's live accounts, oldest membership first, with whether the membership is disabled. */
export async function findTenantsOfUser(db: Knex, userId: string): Promise<(TenantRow & { is_disabled: boolean })[]> {
  return db('user_tenants as ut')
    .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
    .where('ut.user_id', userId)
    .whereNull('t.deleted_at')
    .orderBy([{ column: 'ut.created_at' }, { column: 'ut.tenant_id' }])
    .select('t.*', 'ut.is_disabled');
}

/** Moves the user's live sessions (only `sessionId` when given) to the account and records it as the one they act in. */
export async function moveUserToTenant(db: Knex, userId: string, tenantId: string, sessionId?: string): Promise<void> {
  const sessions = db('sessions').where({ user_id: userId }).whereNull('revoked_at');
  if (sessionId !== undefined) sessions.where({ id: sessionId });
  else sessions.whereNull('impersonated_by_type'); // delegation and impersonation: an impersonated session stays in its account
  await sessions.update({ tenant_id: tenantId, last_active_at: db.fn.now() });
  await db('users').where({ id: userId }).update({ last_active_tenant_id: tenantId });
}

/** For each account, its members and its members that are not disabled, in one query. */
export async function countMembers(
  db: Knex,
  tenantIds: string[],
  options: { excludeInvisible?: boolean } = {},
): Promise<Map<string, { total: number; allowed: number }>> {
  if (tenantIds.length === 0) return new Map();
  const query = db('user_tenants as ut').join('tenants as t', 't.tenant_id', 'ut.tenant_id');
  if (options.excludeInvisible) query.join('users as u', 'u.id', 'ut.user_id').where('u.invisible', false);
  const rows: { tenant_id: string; total: string | number; allowed: string | number }[] = await query
    .whereIn('ut.tenant_id', tenantIds)
    .whereNull('t.deleted_at')
    .groupBy('ut.tenant_id')
    .select('ut.tenant_id', db.raw('count(*) as total'), db.raw('count(*) filter (where not ut.is_disabled) as allowed'));
  return new Map(rows.map((row) => [row.tenant_id, { total: Number(row.total), allowed: Number(row.allowed) }]));
}
