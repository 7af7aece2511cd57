import type { Knex } from 'knex';

export interface UserRow {
  id: string;
  email: string;
  email_normalized: string;
  name: string;
  password_hash: string | null;
  profile_picture_url: string | null;
  phone_number: string | null;
  metadata: Record<string, unknown>;
  vendor_metadata: Record<string, unknown>;
  external_id: string | null;
  provider: string;
  verified: boolean;
  mfa_bypass: boolean;
  is_locked: boolean;
  last_active_tenant_id: string | null;
  last_login: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface MembershipRow {
  user_id: string;
  tenant_id: string;
  is_disabled: boolean;
  created_at: Date;
}

export type NewUser = Omit<UserRow, 'is_locked' | 'last_active_tenant_id' | 'last_login' | 'created_at' | 'updated_at'>;

/** Inserts the user; false when the email is taken. */
export async function insertUser(db: Knex, row: NewUser): Promise<boolean> {
  const inserted = await db('users').insert(row).onConflict('email_normalized').ignore().returning('id');
  return inserted.length === 1;
}

export async function insertMembership(db: Knex, userId: string, tenantId: string): Promise<void> {
  await db('user_tenants').insert({ user_id: userId, tenant_id: tenantId });
}

export async function findUserById(db: Knex, id: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ id }).first();
}

export async function findUserByEmail(db: Knex, emailNormalized: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ email_normalized: emailNormalized }).first();
}

/** The user's memberships, oldest first. */
export async function listMemberships(db: Knex, userId: string): Promise<MembershipRow[]> {
  return db<MembershipRow>('user_tenants as ut')
    .join('tenants as t', 't.tenant_id', 'ut.tenant_id')
    .whereNull('t.deleted_at')
    .where('ut.user_id', userId)
    .orderBy('ut.created_at')
    .select('ut.*');
}

export async function recordLogin(db: Knex, userId: string, tenantId: string): Promise<void> {
  await db('users').where({ id: userId }).update({ last_login: db.fn.now(), last_active_tenant_id: tenantId });
}

export async function updatePasswordHash(db: Knex, userId: string, passwordHash: string): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: db.fn.now() });
}
