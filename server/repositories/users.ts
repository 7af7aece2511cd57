import type { Knex } from 'knex';
import { prepared } from '../db/knex';
import type { SubAccountAccessType } from './hierarchy';

export interface UserRow {
  id: string;
  email: string | null;
  email_normalized: string | null;
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
  /** Wrong passwords since the last successful login or unlock (the lockout policy counts them). */
  failed_login_attempts: number;
  /** A temporary user's end of access; null for a permanent user. */
  temporary_expires_at: Date | null;
  last_active_tenant_id: string | null;
  last_login: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The columns of UserRow, named rather than `*`: a prepared statement with `*` breaks when a later
 * migration adds a column while the process runs.
 */
const USER_COLUMNS = [
  'id',
  'email',
  'email_normalized',
  'name',
  'password_hash',
  'profile_picture_url',
  'phone_number',
  'metadata',
  'vendor_metadata',
  'external_id',
  'provider',
  'verified',
  'mfa_bypass',
  'is_locked',
  'failed_login_attempts',
  'temporary_expires_at',
  'last_active_tenant_id',
  'last_login',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof UserRow)[];

export interface MembershipRow {
  user_id: string;
  tenant_id: string;
  is_disabled: boolean;
  created_at: Date;
  /** The member's own choice of sub-account access here (null: none), and the account's access type. */
  sub_account_access: boolean | null;
  sub_account_access_type: SubAccountAccessType;
}

export type NewUser = Omit<
  UserRow,
  'is_locked' | 'failed_login_attempts' | 'temporary_expires_at' | 'last_active_tenant_id' | 'last_login' | 'created_at' | 'updated_at'
>;

/**
 * Inserts the user; false when the email is taken: by another user's primary email, or by one of
 * their other emails (the primary email's row in `user_emails`, written by a trigger, then violates
 * its unique index; a savepoint keeps the caller's transaction usable).
 */
export async function insertUser(db: Knex, row: NewUser): Promise<boolean> {
  try {
    return await db.transaction(async (savepoint) => {
      const inserted = await savepoint('users').insert(row).onConflict('email_normalized').ignore().returning('id');
      return inserted.length === 1;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  }
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
           'user_id', ut.user_id, 'tenant_id', ut.tenant_id, 'is_disabled', ut.is_disabled, 'created_at', ut.created_at,
           'sub_account_access', ut.sub_account_access, 'sub_account_access_type', coalesce(s.sub_account_access_type, 'defaultOff')
         ) order by ut.created_at, ut.tenant_id)
  from user_tenants ut join tenants t on t.tenant_id = ut.tenant_id and t.deleted_at is null
  left join tenant_hierarchy_settings s on s.tenant_id = ut.tenant_id
  where ut.user_id = u.id), '[]'::json) as memberships`;

export type UserRowWithMemberships = UserRow & { memberships: (Omit<MembershipRow, 'created_at'> & { created_at: string })[] };

export function splitMemberships(row: UserRowWithMemberships | undefined): UserWithMemberships | undefined {
  if (!row) return undefined;
  const { memberships, ...user } = row;
  return { user, memberships: memberships.map((membership) => ({ ...membership, created_at: new Date(membership.created_at) })) };
}

/** The user columns, as SQL on the alias `u`. */
export const USER_SELECT = USER_COLUMNS.map((column) => `u.${column}`).join(', ');

const USER_WITH_MEMBERSHIPS = {
  id: `select ${USER_SELECT}, ${MEMBERSHIPS_JSON} from users u where u.id = ?`,
  email: `select ${USER_SELECT}, ${MEMBERSHIPS_JSON} from users u where u.email_normalized = ?`,
  username: `select ${USER_SELECT}, ${MEMBERSHIPS_JSON} from users u join usernames n on n.user_id = u.id where n.username = ?`,
};

/** A user with their memberships, in one prepared statement. */
export async function findUserWithMemberships(
  db: Knex,
  by: { id: string } | { emailNormalized: string } | { username: string },
): Promise<UserWithMemberships | undefined> {
  const [key, value] =
    'id' in by ? (['id', by.id] as const) : 'username' in by ? (['username', by.username] as const) : (['email', by.emailNormalized] as const);
  const result = await db.raw<{ rows: UserRowWithMemberships[] }>(USER_WITH_MEMBERSHIPS[key], [value]).options(prepared(`user_with_memberships_by_${key}`));
  return splitMemberships(result.rows[0]);
}

export async function recordLogin(db: Knex, userId: string, tenantId: string): Promise<void> {
  await db('users').where({ id: userId }).update({ last_login: db.fn.now(), last_active_tenant_id: tenantId });
}

export async function updatePasswordHash(db: Knex, userId: string, passwordHash: string): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: db.fn.now() });
}
