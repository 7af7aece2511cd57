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

export interface UserWithMemberships {
  user: UserRow;
  /** The user's memberships in live accounts, oldest first. */
  memberships: MembershipRow[];
}

/** SQL for the memberships of the user row `u`, as a JSON array, oldest first. */
export const MEMBERSHIPS_JSON = `coalesce((
  select json_agg(json_build_object(
           'user_id', ut.user_id, 'tenant_id', ut.tenant_id, 'is_disabled', ut.is_disabled, 'created_at', ut.created_at
         ) order by ut.created_at, ut.tenant_id)
  from user_tenants ut join tenants t on t.tenant_id = ut.tenant_id and t.deleted_at is null
  where ut.user_id = u.id), '[]'::json) as memberships`;

export type UserRowWithMemberships = UserRow & { memberships: (Omit<MembershipRow, 'created_at'> & { created_at: string })[] };

export function splitMemberships(row: UserRowWithMemberships | undefined): UserWithMemberships | undefined {
  if (!row) return undefined;
  const { memberships, ...user } = row;
  return { user, memberships: memberships.map((membership) => ({ ...membership, created_at: new Date(membership.created_at) })) };
}

/** A user with their memberships, in one statement. */
export async function findUserWithMemberships(
  db: Knex,
  by: { id: string } | { emailNormalized: string },
): Promise<UserWithMemberships | undefined> {
  const [column, value] = 'id' in by ? ['u.id', by.id] : ['u.email_normalized', by.emailNormalized];
  const row = await db('users as u').where(column, value).first<UserRowWithMemberships | undefined>('u.*', db.raw(MEMBERSHIPS_JSON));
  return splitMemberships(row);
}

export async function recordLogin(db: Knex, userId: string, tenantId: string): Promise<void> {
  await db('users').where({ id: userId }).update({ last_login: db.fn.now(), last_active_tenant_id: tenantId });
}

export async function updatePasswordHash(db: Knex, userId: string, passwordHash: string): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: db.fn.now() });
}
