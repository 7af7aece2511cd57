import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { parseJsonObject } from '../lib/json';
import { assignInitialRoles } from '../repositories/grants';
import { findMemberRoles, type MemberRoleRow } from '../repositories/member-roles';
import { findPermissionsOfRoles, type PermissionRow } from '../repositories/permissions';
import { findTenant } from '../repositories/tenants';
import { insertMembership, insertUser, findUserWithMemberships, type MembershipRow, type UserRow } from '../repositories/users';
import { setUsername } from '../repositories/usernames';
import { setTemporaryExpiry } from '../repositories/vendor-users';
import type { DomainRestrictionsService } from './domain-restrictions';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import { normalizeUsername } from './usernames';
import type { Passwords } from './passwords';

/** A user with every account they belong to, and the account they act in. */
export interface UserProfile {
  user: UserRow;
  memberships: MembershipRow[];
  activeTenantId: string;
  /** The environment's id (`vendorId` in roles). */
  vendorId: string;
  /** The roles given to the user directly, in every account. */
  roles: MemberRoleRow[];
  /** The permissions of the user's direct roles in the active account. */
  permissions: PermissionRow[];
}

/** What creating a user as the environment takes: the spec's request body. */
export type NewVendorUserInput = components['schemas']['CreateVendorUserRequest'];

/** Emails compare without case and surrounding space. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A `metadata`-style field: a JSON object sent as a string; empty or left out is `{}`. */
export function metadataObject(field: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  const parsed = parseJsonObject(text);
  if (!parsed) throw errors.invalidMetadata(field);
  return parsed;
}

/** Whether a temporary user's time is up: they can no longer log in or refresh. */
export function temporaryAccessEnded(user: Pick<UserRow, 'temporary_expires_at'>): boolean {
  return user.temporary_expires_at !== null && user.temporary_expires_at.getTime() <= Date.now();
}

/** The account a user acts in: the last one they used while still a live member, else their oldest. */
export function pickActiveTenant(user: UserRow, memberships: MembershipRow[]): MembershipRow | undefined {
  const usable = memberships.filter((membership) => !membership.is_disabled);
  return usable.find((membership) => membership.tenant_id === user.last_active_tenant_id) ?? usable[0];
}

export function createUsersService(
  db: Db,
  passwords: Passwords,
  vendorId: string,
  environment: EnvironmentService,
  domainRestrictions: DomainRestrictionsService,
) {
  async function profile(userId: string, activeTenantId?: string): Promise<UserProfile> {
    const found = isUuid(userId) ? await findUserWithMemberships(db, { id: userId }) : undefined;
    if (!found) throw errors.userNotFound();
    const { user, memberships } = found;
    const active = activeTenantId ?? pickActiveTenant(user, memberships)?.tenant_id ?? memberships[0]?.tenant_id ?? '';
    const roles = await findMemberRoles(db, user.id);
    const activeRoleIds = roles.filter((role) => role.member_tenant_id === active).map((role) => role.id);
    const permissions = await findPermissionsOfRoles(db, activeRoleIds, { tenantId: active });
    return { user, memberships, activeTenantId: active, vendorId, roles, permissions };
  }

  return {
    /** A user created by the environment: verified, in one account, able to log in at once. */
    async createByVendor(input: NewVendorUserInput): Promise<UserProfile> {
      const metadata = metadataObject('metadata', input.metadata);
      const vendorMetadata = metadataObject('vendorMetadata', input.vendorMetadata);
      if (input.expirationInSeconds !== undefined && !(await environment.settings()).temporaryUsersEnabled) throw errors.temporaryUsersDisabled();
      const passwordHash = input.password === undefined ? null : await passwords.hash(input.password);
      const id = randomUUID();
      await db.transaction(async (trx) => {
        if (!(await findTenant(trx, input.tenantId))) throw errors.tenantNotFound();
        await domainRestrictions.check(trx, input.tenantId, input.email);
        const inserted = await insertUser(trx, {
          id,
          email: input.email.trim(),
          email_normalized: normalizeEmail(input.email),
          name: input.name ?? '',
          password_hash: passwordHash,
          profile_picture_url: input.profilePictureUrl ?? null,
          phone_number: input.phoneNumber ?? null,
          metadata,
          vendor_metadata: vendorMetadata,
          external_id: input.externalId ?? null,
          provider: 'local',
          verified: true,
          mfa_bypass: input.mfaBypass ?? false,
        });
        if (!inserted) throw errors.userEmailTaken();
        await insertMembership(trx, id, input.tenantId);
        const unknownRoles = (input.roleIds ?? []).filter((roleId) => !isUuid(roleId));
        if (unknownRoles.length === 0) unknownRoles.push(...(await assignInitialRoles(trx, id, input.tenantId, input.roleIds)));
        if (unknownRoles.length > 0) throw errors.rolesNotFound(unknownRoles);
        if (input.expirationInSeconds !== undefined) await setTemporaryExpiry(trx, id, input.expirationInSeconds);
        if (input.username !== undefined && (await setUsername(trx, id, normalizeUsername(input.username))) === 'taken') {
          throw errors.usernameTaken(normalizeUsername(input.username));
        }
      });
      return profile(id, input.tenantId);
    },

    /** The user with all of their accounts; the active account is the one they would log in to. */
    getWithTenants: (userId: string) => profile(userId),

    /** The user as seen from inside one account; not found unless they are a member there. */
    async getInTenant(tenantId: string, userId: string): Promise<UserProfile> {
      const found = await profile(userId, tenantId);
      if (!found.memberships.some((membership) => membership.tenant_id === tenantId)) throw errors.userNotFound();
      return found;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
