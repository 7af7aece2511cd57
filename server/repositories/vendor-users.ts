import type { Knex } from 'knex';

/** The fields of a user only the environment manages, kept apart from UserRow. */
export interface UserModes {
  invisible: boolean;
  super_user: boolean;
  temporary_expires_at: Date | null;
}

export async function findUserModes(db: Knex, userId: string): Promise<UserModes | undefined> {
  return db('users').where({ id: userId }).first('invisible', 'super_user', 'temporary_expires_at');
}

export type UserChanges = Partial<{
  name: string;
  phone_number: string;
  profile_picture_url: string | null;
  metadata: Record<string, unknown>;
  vendor_metadata: Record<string, unknown>;
  mfa_bypass: boolean;
  external_id: string;
  verified: boolean;
  is_locked: boolean;
  failed_login_attempts: number;
  invisible: boolean;
  super_user: boolean;
  last_active_tenant_id: string;
}>;

/** Changes the user; false when there is no such user. */
export async function updateUser(db: Knex, userId: string, changes: UserChanges): Promise<boolean> {
  const row: Record<string, unknown> = { ...changes, updated_at: db.fn.now() };
  for (const key of ['metadata', 'vendor_metadata'] as const) {
    if (changes[key] !== undefined) row[key] = JSON.stringify(changes[key]);
  }
  const updated = await db('users').where({ id: userId }).update(row).returning('id');
  return updated.length === 1;
}

/** Ends every live session of the user, or only those in one account. */
export async function revokeUserSessions(db: Knex, userId: string, reason: string, tenantId?: string): Promise<void> {
  const query = db('sessions').where({ user_id: userId }).whereNull('revoked_at');
  if (tenantId !== undefined) query.where({ tenant_id: tenantId });
  await query.update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

/** The user's membership in the account, locked until the transaction ends; undefined when none. */
export async function findMembership(db: Knex, userId: string, tenantId: string): Promise<{ is_disabled: boolean } | undefined> {
  return db('user_tenants').where({ user_id: userId, tenant_id: tenantId }).forUpdate().first('is_disabled');
}

/** Ids among `userIds` that name a user. */
export async function existingUserIds(db: Knex, userIds: string[]): Promise<string[]> {
  return db('users').whereIn('id', userIds).pluck('id');
}

/** Locks the user row, so that concurrent changes to one user's memberships run one after the other. */
export async function lockUserRow(db: Knex, userId: string): Promise<boolean> {
  const row = await db('users').where({ id: userId }).forUpdate().first('id');
  return row !== undefined;
}

/** The ids of the members of an account. */
async function memberIds(db: Knex, tenantId: string): Promise<string[]> {
  const rows: { user_id: string }[] = await db('user_tenants').where({ tenant_id: tenantId }).orderBy('user_id').forUpdate().select('user_id');
  return rows.map((row) => row.user_id);
}

/**
 * Moves every member of `source` to `target`: those not yet in `target` join it (their roles are
 * given by the caller afterwards), all leave `source` with their roles there, their sessions in
 * `source` end, and those who acted in `source` act in `target`. Returns the ids that joined.
 */
export async function moveMembers(db: Knex, source: string, target: string): Promise<string[]> {
  const members = await memberIds(db, source);
  if (members.length === 0) return [];
  // Groups belong to one account: the movers leave the source account's groups.
  await db('group_users')
    .whereIn('group_id', db('groups').where({ tenant_id: source }).select('id'))
    .whereIn('user_id', members)
    .delete();
  const joined: { user_id: string }[] = await db('user_tenants')
    .insert(members.map((userId) => ({ user_id: userId, tenant_id: target })))
    .onConflict(['user_id', 'tenant_id'])
    .ignore()
    .returning('user_id');
  await db('user_tenants').where({ tenant_id: source }).delete();
  await db('sessions').where({ tenant_id: source }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: 'tenant_migrated' });
  await db('users').whereIn('id', members).where({ last_active_tenant_id: source }).update({ last_active_tenant_id: target });
  return joined.map((row) => row.user_id);
}

export interface TenantStatusRow {
  user_id: string;
  tenant_id: string;
  verified: boolean;
  logged_in: boolean;
  invitation_pending: boolean;
}

/** Each user's memberships in live accounts, with whether they have ever opened a session there. */
export async function findTenantStatuses(db: Knex, userIds: string[]): Promise<TenantStatusRow[]> {
  const result = await db.raw<{ rows: TenantStatusRow[] }>(
    `select ut.user_id, ut.tenant_id, u.verified, ut.invitation_pending,
            exists (select 1 from sessions s where s.user_id = ut.user_id and s.tenant_id = ut.tenant_id) as logged_in
     from user_tenants ut
     join users u on u.id = ut.user_id
     join tenants t on t.tenant_id = ut.tenant_id and t.deleted_at is null
     where ut.user_id = any(?::uuid[])
     order by ut.created_at, ut.tenant_id`,
    [userIds],
  );
  return result.rows;
}

export interface PhoneNumberRow {
  id: string;
  user_id: string;
  phone_number: string;
  created_at: Date;
}

/** Stores the phone number; undefined when the user has it already. */
export async function insertPhoneNumber(db: Knex, row: Pick<PhoneNumberRow, 'id' | 'user_id' | 'phone_number'>): Promise<PhoneNumberRow | undefined> {
  const existing = await db('user_phone_numbers').where({ user_id: row.user_id, phone_number: row.phone_number }).first('id');
  if (existing) return undefined;
  const [inserted] = await db('user_phone_numbers').insert(row).returning(['id', 'user_id', 'phone_number', 'created_at']);
  return inserted as PhoneNumberRow;
}

/** Deletes one of the user's phone numbers; false when the user has no such number. */
export async function deletePhoneNumber(db: Knex, userId: string, phoneId: string): Promise<boolean> {
  const deleted = await db('user_phone_numbers').where({ id: phoneId, user_id: userId }).delete().returning('id');
  return deleted.length === 1;
}

/** Sets when a temporary user expires (null: permanent); false when there is no such user. */
export async function setTemporaryExpiry(db: Knex, userId: string, expiresInSeconds: number | null, tenantId?: string): Promise<boolean> {
  const expiresAt = expiresInSeconds === null ? null : db.raw('now() + make_interval(secs => ?)', [expiresInSeconds]);
  const query = db('users').where({ id: userId });
  // In one account's view, only a member of that account.
  if (tenantId !== undefined) query.whereExists(db('user_tenants').where({ user_id: userId, tenant_id: tenantId }));
  const updated = await query.update({ temporary_expires_at: expiresAt, updated_at: db.fn.now() }).returning('id');
  return updated.length === 1;
}

/** Disables or enables a membership; false when the user is not a member of the account. */
export async function setMembershipDisabled(db: Knex, userId: string, tenantId: string, disabled: boolean): Promise<boolean> {
  const updated = await db('user_tenants').where({ user_id: userId, tenant_id: tenantId }).update({ is_disabled: disabled }).returning('user_id');
  return updated.length === 1;
}
