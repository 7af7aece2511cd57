import type { Knex } from 'knex';

/** An invitation token of an account, with its roles (in the order given) and its account's name. */
export interface TenantInviteRow {
  id: string;
  tenant_id: string;
  user_id: string | null;
  created_by: string | null;
  should_send_email: boolean;
  expires_at: Date;
  created_at: Date;
  role_ids: string[];
  tenant_name: string;
}

export interface NewTenantInvite {
  id: string;
  tenant_id: string;
  user_id: string | null;
  created_by: string | null;
  token_hash: string;
  should_send_email: boolean;
}

/** Which invitations a lookup is about; every key given must match. */
export interface InviteScope {
  id?: string;
  tenantId?: string;
  userId?: string;
}

const ROLE_IDS = `coalesce((select json_agg(tir.role_id order by tir.position) from tenant_invite_roles tir
  where tir.invite_id = ti.id), '[]'::json) as role_ids`;

/** Invitations of live accounts only: a deleted account's tokens are neither listed nor usable. */
function selectInvites(db: Knex) {
  return db('tenant_invites as ti')
    .join('tenants as t', 't.tenant_id', 'ti.tenant_id')
    .whereNull('t.deleted_at')
    .select(
      'ti.id',
      'ti.tenant_id',
      'ti.user_id',
      'ti.created_by',
      'ti.should_send_email',
      'ti.expires_at',
      'ti.created_at',
      't.name as tenant_name',
      db.raw(ROLE_IDS),
    );
}

function scoped<Query extends Knex.QueryBuilder>(query: Query, scope: InviteScope): Query {
  if (scope.id !== undefined) query.where('ti.id', scope.id);
  if (scope.tenantId !== undefined) query.where('ti.tenant_id', scope.tenantId);
  if (scope.userId !== undefined) query.where('ti.user_id', scope.userId);
  return query;
}

/** Stores a new invitation that expires `lifetimeMinutes` from now on the database clock. */
export async function insertInvite(db: Knex, row: NewTenantInvite, lifetimeMinutes: number, roleIds: string[]): Promise<void> {
  await db('tenant_invites').insert({ ...row, expires_at: db.raw("now() + (? * interval '1 minute')", [lifetimeMinutes]) });
  if (roleIds.length > 0) {
    await db('tenant_invite_roles').insert(roleIds.map((roleId, position) => ({ invite_id: row.id, role_id: roleId, position })));
  }
}

/** The invitations in scope, newest first. */
export async function findInvites(db: Knex, scope: InviteScope): Promise<TenantInviteRow[]> {
  return scoped(selectInvites(db), scope).orderBy([{ column: 'ti.created_at', order: 'desc' }, { column: 'ti.id' }]);
}

export async function findInvite(db: Knex, scope: InviteScope): Promise<TenantInviteRow | undefined> {
  const [row] = await scoped(selectInvites(db), scope).limit(1);
  return row as TenantInviteRow | undefined;
}

/**
 * The invitation of this token hash if it works now: not expired, of a live account, and for a
 * member's own link, while that user is still a member of the account.
 */
export async function findUsableInvite(db: Knex, tokenHash: string): Promise<TenantInviteRow | undefined> {
  const [row] = await selectInvites(db)
    .where('ti.token_hash', tokenHash)
    .where('ti.expires_at', '>', db.fn.now())
    .where((query) =>
      query
        .whereNull('ti.user_id')
        .orWhereExists(db('user_tenants as ut').whereRaw('ut.user_id = ti.user_id').whereRaw('ut.tenant_id = ti.tenant_id').select(db.raw('1'))),
    )
    .limit(1);
  return row as TenantInviteRow | undefined;
}

/** Whether the user is a member of the account; the membership stays locked until the transaction ends (one change of their link at a time). */
export async function lockMembership(db: Knex, userId: string, tenantId: string): Promise<boolean> {
  const row = await db('user_tenants').where({ user_id: userId, tenant_id: tenantId }).forUpdate().first('user_id');
  return row !== undefined;
}

/** Deletes the invitations in scope; answers how many there were (rows returned: PGlite answers no count). */
export async function deleteInvites(db: Knex, scope: InviteScope): Promise<number> {
  const query = db('tenant_invites as ti');
  const deleted = await scoped(query, scope).delete().returning('ti.id');
  return deleted.length;
}

/** Changes the member's own invitation; false when they have none. */
export async function updateInvite(db: Knex, scope: InviteScope, changes: { lifetimeMinutes?: number; shouldSendEmail?: boolean }): Promise<boolean> {
  const update: Record<string, unknown> = {};
  if (changes.lifetimeMinutes !== undefined) update.expires_at = db.raw("now() + (? * interval '1 minute')", [changes.lifetimeMinutes]);
  if (changes.shouldSendEmail !== undefined) update.should_send_email = changes.shouldSendEmail;
  const query = db('tenant_invites as ti');
  if (Object.keys(update).length === 0) return (await scoped(query, scope).first('ti.id')) !== undefined;
  const updated = await scoped(query, scope).update(update).returning('ti.id');
  return updated.length > 0;
}

/** Makes the user a member of the account (invitation accepted: they came by its link); false when they already are. */
export async function addMembership(db: Knex, userId: string, tenantId: string): Promise<boolean> {
  const inserted = await db('user_tenants').insert({ user_id: userId, tenant_id: tenantId }).onConflict(['user_id', 'tenant_id']).ignore().returning('user_id');
  return inserted.length > 0;
}
