import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { assignInitialRoles } from '../repositories/grants';
import { findTenant } from '../repositories/tenants';
import { findUserWithMemberships, insertMembership } from '../repositories/users';
import { randomUUID } from 'node:crypto';
import {
  deletePhoneNumber,
  existingUserIds,
  findMembership,
  findTenantStatuses,
  findUserModes,
  insertPhoneNumber,
  setMembershipDisabled,
  setTemporaryExpiry,
  lockUserRow,
  moveMembers,
  revokeUserSessions,
  updateUser,
  type PhoneNumberRow,
  type TenantStatusRow,
  type UserChanges,
  type UserModes,
} from '../repositories/vendor-users';
import type { components } from '../../generated/schema';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import type { Passwords } from './passwords';
import { metadataObject, normalizeEmail, type UsersService, type UserProfile } from './users';

/** A user as the environment sees them: the profile and the modes only the environment sets. */
export interface VendorUser {
  profile: UserProfile;
  modes: UserModes;
}

/** A phone number stored for a user. */
export type PhoneNumber = PhoneNumberRow;

export type UpdateVendorUserInput = components['schemas']['UpdateVendorUserRequest'];

/**
 * What the environment does with users beyond creating them: find, edit, verify, lock, hide, mark
 * as super user, add to accounts, choose their active account, move an account's members.
 */
export type UserTenantStatus = components['schemas']['UserTenantStatus'];

export interface UserTenantStatuses {
  userId: string;
  tenantsStatuses: { tenantId: string; status: UserTenantStatus }[];
}

/** Logged in there: Activated; else invited and not accepted: PendingInvitation; else verified or not. */
function tenantStatus(row: TenantStatusRow): UserTenantStatus {
  if (row.logged_in) return 'Activated';
  if (row.invitation_pending) return 'PendingInvitation';
  return row.verified ? 'PendingLogin' : 'NotActivated';
}

export function createVendorUsersService(db: Db, passwords: Passwords, users: UsersService, environment: EnvironmentService) {
  const validUser = (userId: string) => {
    if (!isUuid(userId)) throw errors.userNotFound();
  };

  async function withModes(profile: UserProfile): Promise<VendorUser> {
    const modes = await findUserModes(db, profile.user.id);
    if (!modes) throw errors.userNotFound();
    return { profile, modes };
  }

  async function change(userId: string, changes: UserChanges, after?: (trx: Db) => Promise<void>): Promise<void> {
    validUser(userId);
    await db.transaction(async (trx) => {
      if (!(await updateUser(trx, userId, changes))) throw errors.userNotFound();
      await after?.(trx);
    });
  }

  return {
    async getByEmail(email: string): Promise<VendorUser> {
      const found = await findUserWithMemberships(db, { emailNormalized: normalizeEmail(email) });
      if (!found) throw errors.userNotFound();
      return withModes(await users.getWithTenants(found.user.id));
    },

    async get(userId: string): Promise<VendorUser> {
      return withModes(await users.getWithTenants(userId));
    },

    async getInTenant(tenantId: string, userId: string): Promise<VendorUser> {
      return withModes(await users.getInTenant(tenantId, userId));
    },

    /** Without enumeration: an unknown email costs a dummy hash and answers like a wrong password. */
    async verifyPassword(email: string, password: string): Promise<void> {
      const found = await findUserWithMemberships(db, { emailNormalized: normalizeEmail(email) });
      const check = await passwords.verify(password, found?.user.password_hash);
      if (!found || !check.ok) throw errors.invalidUserCredentials();
    },

    async update(userId: string, input: UpdateVendorUserInput): Promise<VendorUser> {
      const changes: UserChanges = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.phoneNumber !== undefined ? { phone_number: input.phoneNumber } : {}),
        ...(input.profilePictureUrl !== undefined ? { profile_picture_url: input.profilePictureUrl } : {}),
        ...(input.metadata !== undefined ? { metadata: metadataObject('metadata', input.metadata) } : {}),
        ...(input.vendorMetadata !== undefined ? { vendor_metadata: metadataObject('vendorMetadata', input.vendorMetadata) } : {}),
        ...(input.mfaBypass !== undefined ? { mfa_bypass: input.mfaBypass } : {}),
        ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
      };
      await change(userId, changes);
      return this.get(userId);
    },

    verify: (userId: string) => change(userId, { verified: true }),

    /** Locks the user and ends every session of theirs in the same transaction. */
    lock: (userId: string) => change(userId, { is_locked: true }, (trx) => revokeUserSessions(trx, userId, 'user_locked')),

    /** Unlocks the user; the count of wrong passwords starts again from zero. */
    unlock: (userId: string) => change(userId, { is_locked: false, failed_login_attempts: 0 }),

    async setInvisible(userId: string, invisible: boolean): Promise<VendorUser> {
      await change(userId, { invisible });
      return this.get(userId);
    },

    async setSuperUser(userId: string, superUser: boolean): Promise<VendorUser> {
      await change(userId, { super_user: superUser });
      return this.get(userId);
    },

    /** Adds the user to the account with its default roles (or its first-user roles when they are first). */
    async addToTenant(userId: string, tenantId: string): Promise<VendorUser> {
      validUser(userId);
      await db.transaction(async (trx) => {
        if (!(await lockUserRow(trx, userId))) throw errors.userNotFound();
        if (!(await findTenant(trx, tenantId))) throw errors.tenantNotFound();
        if (await findMembership(trx, userId, tenantId)) throw errors.userAlreadyMember(tenantId);
        await insertMembership(trx, userId, tenantId);
        await assignInitialRoles(trx, userId, tenantId);
      });
      return withModes(await users.getInTenant(tenantId, userId));
    },

    /** The account the user's next login opens in; they must be a live member of it. */
    async setActiveTenant(userId: string, tenantId: string): Promise<VendorUser> {
      validUser(userId);
      await db.transaction(async (trx) => {
        if (!(await lockUserRow(trx, userId))) throw errors.userNotFound();
        if (!(await findTenant(trx, tenantId))) throw errors.tenantNotFound();
        const membership = await findMembership(trx, userId, tenantId);
        if (!membership || membership.is_disabled) throw errors.userNotMemberOf(tenantId);
        await updateUser(trx, userId, { last_active_tenant_id: tenantId });
      });
      return withModes(await users.getInTenant(tenantId, userId));
    },

    /** Moves every member of one account to another, in one transaction. */
    async moveAllUsers(source: string, target: string): Promise<void> {
      if (source === target) throw errors.sameMigrationTenant(source);
      await db.transaction(async (trx) => {
        if (!(await findTenant(trx, source))) throw errors.tenantNotFound();
        if (!(await findTenant(trx, target))) throw errors.tenantNotFound();
        const joined = await moveMembers(trx, source, target);
        for (const userId of joined) await assignInitialRoles(trx, userId, target);
      });
    },

    /** Each known user's status in each of their accounts, in the order asked; unknown ids are left out. */
    async tenantStatuses(userIds: string[], only?: UserTenantStatus[]): Promise<UserTenantStatuses[]> {
      const ids = [...new Set(userIds)];
      const rows = await findTenantStatuses(db, ids);
      const known = await existingUserIds(db, ids);
      return ids
        .filter((id) => known.includes(id))
        .map((userId) => ({
          userId,
          tenantsStatuses: rows
            .filter((row) => row.user_id === userId)
            .map((row) => ({
              tenantId: row.tenant_id,
              status: tenantStatus(row),
            }))
            .filter((entry) => !only || only.length === 0 || only.includes(entry.status)),
        }));
    },

    async addPhoneNumber(userId: string, phoneNumber: string): Promise<PhoneNumberRow> {
      validUser(userId);
      return db.transaction(async (trx) => {
        if (!(await lockUserRow(trx, userId))) throw errors.userNotFound();
        const stored = await insertPhoneNumber(trx, { id: randomUUID(), user_id: userId, phone_number: phoneNumber });
        if (!stored) throw errors.phoneNumberTaken(phoneNumber);
        return stored;
      });
    },

    async deletePhoneNumber(userId: string, phoneId: string): Promise<void> {
      validUser(userId);
      if (!isUuid(phoneId) || !(await deletePhoneNumber(db, userId, phoneId))) throw errors.phoneNumberNotFound(phoneId);
    },

    async temporaryUsersEnabled(): Promise<boolean> {
      return (await environment.settings()).temporaryUsersEnabled;
    },

    async setTemporaryUsersEnabled(enabled: boolean): Promise<boolean> {
      return (await environment.updateSettings({ temporaryUsersEnabled: enabled })).temporaryUsersEnabled;
    },

    /** The user expires `seconds` from now (by the database clock); temporary users must be enabled. */
    /** With `tenantId` (a member, or the environment in one account), the user must be a member of that account. */
    async setTimeLimit(userId: string, seconds: number, tenantId?: string): Promise<void> {
      validUser(userId);
      // Another account's user is unknown here, whatever the configuration.
      if (tenantId !== undefined && !(await findMembership(db, userId, tenantId))) throw errors.userNotFound();
      if (!(await this.temporaryUsersEnabled())) throw errors.temporaryUsersDisabled();
      if (!(await setTemporaryExpiry(db, userId, seconds, tenantId))) throw errors.userNotFound();
    },

    async makePermanent(userId: string, tenantId?: string): Promise<void> {
      validUser(userId);
      if (!(await setTemporaryExpiry(db, userId, null, tenantId))) throw errors.userNotFound();
    },

    /** Disables the member in the account and ends their sessions there, in one transaction. */
    async disableInTenant(tenantId: string, userId: string): Promise<void> {
      validUser(userId);
      await db.transaction(async (trx) => {
        if (!(await setMembershipDisabled(trx, userId, tenantId, true))) throw errors.userNotFound();
        await revokeUserSessions(trx, userId, 'user_disabled', tenantId);
      });
    },

    async enableInTenant(tenantId: string, userId: string): Promise<void> {
      validUser(userId);
      if (!(await setMembershipDisabled(db, userId, tenantId, false))) throw errors.userNotFound();
    },
  };
}
