import type { Knex } from 'knex';

/** Marks the user's membership of the account as invited and not yet accepted. */
export async function markInvitationPending(db: Knex, userId: string, tenantId: string): Promise<void> {
  await db('user_tenants').where({ user_id: userId, tenant_id: tenantId }).update({ invitation_pending: true });
}

/** Accepts the invitation to one account; false when the user is no longer a member there. */
export async function acceptInvitation(db: Knex, userId: string, tenantId: string): Promise<boolean> {
  const updated = await db('user_tenants').where({ user_id: userId, tenant_id: tenantId }).update({ invitation_pending: false }).returning('user_id');
  return updated.length === 1;
}

/** Accepts every invitation the user has (an activation proves the email they all went to). */
export async function acceptAllInvitations(db: Knex, userId: string): Promise<void> {
  await db('user_tenants').where({ user_id: userId, invitation_pending: true }).update({ invitation_pending: false });
}

/**
 * Of these accounts, those in which the user's invitation still waits: not accepted, or the user never
 * activated. Live accounts only.
 */
export async function findOpenInvitations(db: Knex, userId: string, tenantIds: string[]): Promise<string[]> {
  const rows = await db('user_tenants as ut')
    .join('users as u', 'u.id', 'ut.user_id')
    .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
    .whereNull('t.deleted_at')
    .where('ut.user_id', userId)
    .whereIn('ut.tenant_id', tenantIds)
    .where((query) => query.where('ut.invitation_pending', true).orWhere('u.verified', false))
    .orderBy('ut.created_at')
    .select<{ tenant_id: string }[]>('ut.tenant_id');
  return rows.map((row) => row.tenant_id);
}
