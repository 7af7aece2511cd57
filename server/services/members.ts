import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { assignInitialRoles } from '../repositories/grants';
import type { MemberRoleRow } from '../repositories/member-roles';
import { findPermissions, type PermissionRow } from '../repositories/permissions';
import {
  countUsers,
  deleteMembership,
  hasTrigrams,
  deleteUser,
  findRolesOfUsers,
  pageUsers,
  revokeUserSessions,
  updateProfile,
  type UsersFilter,
  type UsersSortColumn,
} from '../repositories/members';
import { findTenant } from '../repositories/tenants';
import { requireTenant } from './tenants';
import { setTemporaryExpiry } from '../repositories/vendor-users';
import { findUserWithMemberships, insertUser, type MembershipRow, type UserRow } from '../repositories/users';
import type { DomainRestrictionsService } from './domain-restrictions';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import type { InvitationsService } from './invitations';
import { readPage } from './paging';
import type { Passwords } from './passwords';
import { readableAccounts } from './sub-tenant-users';
import { metadataObject, normalizeEmail, type UsersService } from './users';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** A user in a list: their accounts, the roles given to them in each, and the account the list is about. */
export interface ListedUser {
  user: UserRow;
  memberships: MembershipRow[];
  roles: MemberRoleRow[];
  /** The permissions of the user's roles in `tenantId`. */
  permissions: PermissionRow[];
  /** The account the list was asked for, else the one the user last acted in (or their oldest). */
  tenantId: string;
}

/** A users list request, as the routes' query parameters say it. */
export interface UsersListRequest {
  page: number;
  limit: number;
  sortBy?: 'createdAt' | 'name' | 'email' | 'id' | 'verified' | 'isLocked' | 'provider' | 'tenantId';
  order?: 'ASC' | 'DESC';
  email?: string;
  namePrefix?: string;
  identifier?: string;
  identifierType?: 'email' | 'phoneNumber' | 'username';
  ids?: string;
  externalIds?: string;
  phraseContains?: string[];
  phraseExcludes?: string[];
  phraseOptional?: string[];
  /** Phrases also match similar words (misspelled or partial), where the database has pg_trgm. */
  phraseApproximate?: boolean;
  /** Leave out users in invisible mode (lists a member asks for; the environment sees everyone). */
  hideInvisible?: boolean;
  /**
   * Also the members of the accounts beneath the account (true unless false), those the caller may
   * read: all of them for the environment, for a member only with sub-account access.
   */
  includeSubTenants?: boolean;
  /** The member asking, for the sub-account access rule; undefined for the environment. */
  actorUserId?: string;
}

const SORT_COLUMNS: Record<NonNullable<UsersListRequest['sortBy']>, UsersSortColumn> = {
  createdAt: 'created_at',
  name: 'name',
  email: 'email_normalized',
  id: 'id',
  verified: 'verified',
  isLocked: 'is_locked',
  provider: 'provider',
  tenantId: 'last_active_tenant_id',
};

/** PostgreSQL text cannot hold NUL: a field with one (also escaped inside metadata) is a 400 naming it. */
function requireStorable(input: object): void {
  for (const [field, value] of Object.entries(input)) {
    const texts = Array.isArray(value) ? value : [value];
    for (const text of texts) {
      if (typeof text === 'string' && (text.includes('\u0000') || (field === 'metadata' && /\\u0000/i.test(text)))) {
        throw errors.unstorableText(field);
      }
    }
  }
}

function commaList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The filter of a list request; ids that are not UUIDs can name no user, so they are dropped. */
function toFilter(tenantId: string | undefined, request: UsersListRequest): UsersFilter {
  requireStorable(request);
  if ((request.identifier === undefined) !== (request.identifierType === undefined)) throw errors.identifierWithoutType();
  const filter: UsersFilter = { tenantId, hideInvisible: request.hideInvisible };
  const ids = commaList(request.ids);
  if (ids) filter.ids = ids.filter(isUuid).map((id) => id.toLowerCase());
  filter.externalIds = commaList(request.externalIds);
  if (request.email !== undefined) filter.emailPrefix = normalizeEmail(request.email);
  if (request.namePrefix !== undefined) filter.namePrefix = request.namePrefix.toLowerCase();
  const phrases = (list: string[] | undefined) => {
    const cleaned = (list ?? [])
      .flatMap((item) => item.split(','))
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item !== '');
    return cleaned.length > 0 ? cleaned : undefined;
  };
  filter.contains = phrases(request.phraseContains);
  filter.excludes = phrases(request.phraseExcludes);
  filter.optional = phrases(request.phraseOptional);
  if (request.identifier !== undefined) {
    if (request.identifierType === 'email') filter.emailPrefix = normalizeEmail(request.identifier);
    else if (request.identifierType === 'phoneNumber') filter.phonePrefix = request.identifier.trim();
    else filter.none = true;
  }
  return filter;
}

/** What adding a member takes: the spec's request body. */
export type NewMemberInput = Schema<'CreateMemberRequest'>;
export type ProfileChanges = Schema<'UpdateOwnProfileRequest'>;

/** What a bulk invite may say of a user beyond what adding a member says. */
export interface InviteExtras {
  verified?: boolean;
  expirationInSeconds?: number;
  /** A member whose invitation still waits is sent it again instead of refused (409). */
  resendWaiting?: boolean;
}

export function createMembersService(deps: {
  db: Db;
  passwords: Passwords;
  users: UsersService;
  environment: EnvironmentService;
  invitations: InvitationsService;
  domainRestrictions: DomainRestrictionsService;
}) {
  const { db, passwords, users, environment, invitations, domainRestrictions } = deps;

  /** Users made temporary (`expirationInSeconds`) need temporary users enabled. Checked before a transaction starts. */
  async function requireTemporaryUsers(inputs: InviteExtras[]): Promise<void> {
    if (inputs.some((input) => input.expirationInSeconds !== undefined) && !(await environment.settings()).temporaryUsersEnabled) {
      throw errors.temporaryUsersDisabled();
    }
  }

  /**
   * Adds a user to the account inside `trx` (see `add`; a bulk invite does one per item): call
   * `requireTemporaryUsers` first. The
   * password, if any, comes hashed. Answers the user's id.
   */
  async function addMember(trx: Knex.Transaction, tenantId: string, input: NewMemberInput & InviteExtras, passwordHash: string | null): Promise<string> {
    requireStorable(input);
    const metadata = metadataObject('metadata', input.metadata);
    const roleIds = input.roleIds ?? [];
    const malformed = roleIds.filter((roleId) => !isUuid(roleId));
    if (malformed.length > 0) throw errors.rolesNotFound(malformed);
    const tenant = await findTenant(trx, tenantId);
    if (!tenant) throw errors.tenantNotFound();
    await domainRestrictions.check(trx, tenantId, input.email);
    const emailNormalized = normalizeEmail(input.email);
    let found = await findUserWithMemberships(trx, { emailNormalized });
    if (!found) {
      const inserted = await insertUser(trx, {
        id: randomUUID(),
        email: input.email.trim(),
        email_normalized: emailNormalized,
        name: input.name ?? '',
        password_hash: passwordHash,
        profile_picture_url: input.profilePictureUrl ?? null,
        phone_number: input.phoneNumber ?? null,
        metadata,
        vendor_metadata: {},
        external_id: null,
        provider: input.provider ?? 'local',
        verified: input.verified ?? false,
        mfa_bypass: false,
      });
      // Not inserted: created by a concurrent request since we looked, so that user is added instead;
      // or the email is another user's secondary email.
      found = await findUserWithMemberships(trx, { emailNormalized });
      if (!found) throw errors.userEmailTaken();
      if (inserted && input.expirationInSeconds !== undefined) await setTemporaryExpiry(trx, found!.user.id, input.expirationInSeconds);
    }
    const user = found!.user;
    const member = await trx('user_tenants')
      .insert({ user_id: user.id, tenant_id: tenantId })
      .onConflict(['user_id', 'tenant_id'])
      .ignore()
      .returning('user_id');
    if (member.length === 0) {
      // Frontegg's resendInvitationLink posts the member again: a waiting invitation goes out anew.
      if (input.resendWaiting && input.skipInviteEmail !== true && (await invitations.reinvite(trx, user, tenant))) return user.id;
      throw errors.userAlreadyMember(tenantId);
    }
    const unknownRoles = await assignInitialRoles(trx, user.id, tenantId, roleIds);
    if (unknownRoles.length > 0) throw errors.rolesNotFound(unknownRoles);
    await invitations.invite(trx, user, tenant, { sendEmail: input.skipInviteEmail !== true });
    return user.id;
  }

  return {
    /**
     * One page of users: the members of `tenantId`, or every user of the environment when it is
     * undefined. Two queries for the page (count, rows with memberships) and one for their roles.
     */
    async list(tenantId: string | undefined, request: UsersListRequest): Promise<{ items: ListedUser[]; total: number }> {
      const filter = toFilter(tenantId, request);
      if (request.phraseApproximate) filter.approximate = await hasTrigrams(db);
      if (tenantId !== undefined) await requireTenant(db, tenantId);
      if (tenantId !== undefined && request.includeSubTenants !== false) {
        const accounts = await readableAccounts(db, { tenantId, userId: request.actorUserId });
        if (accounts.length > 1) filter.tenantIds = accounts.map((account) => account.tenant_id);
      }
      const order = { sortBy: SORT_COLUMNS[request.sortBy ?? 'createdAt'], order: request.order === 'DESC' ? 'desc' : 'asc' } as const;
      const { rows, total } = await readPage(
        request,
        () => countUsers(db, filter),
        (slice) => pageUsers(db, filter, { ...slice, ...order }),
      );
      const roles = await findRolesOfUsers(
        db,
        rows.map((row) => row.user.id),
      );
      // The permissions of those roles, read once for the page; their role ids are those the listed account sees.
      const permissions = await findPermissions(db, [...new Set(roles.flatMap((role) => role.permission_ids))], { tenantId });
      const items = rows.map(({ user, memberships }) => ({
        user,
        memberships,
        roles: roles.filter((role) => role.user_id === user.id),
        permissions,
        tenantId:
          (tenantId !== undefined && filter.tenantIds
            ? (memberships.find((membership) => membership.tenant_id === tenantId) ??
              memberships.find((membership) => filter.tenantIds!.includes(membership.tenant_id)))
            : undefined
          )?.tenant_id ??
          tenantId ??
          (memberships.find((membership) => membership.tenant_id === user.last_active_tenant_id) ?? memberships[0])?.tenant_id ??
          '',
      }));
      return {
        items: items.map((item) => {
          const held = new Set(item.roles.filter((role) => role.member_tenant_id === item.tenantId).flatMap((role) => role.permission_ids));
          return { ...item, permissions: permissions.filter((permission) => held.has(permission.id)) };
        }),
        total,
      };
    },

    /**
     * Adds a user to the account with the roles asked for (else the account's defaults): the user of
     * the environment with this email, or a new unverified one. They are invited: the email goes out
     * unless `skipInviteEmail`. A member whose invitation waits is sent it again. One transaction.
     */
    async add(tenantId: string, input: NewMemberInput) {
      const passwordHash = input.password === undefined ? null : await passwords.hash(input.password);
      const userId = await db.transaction((trx) => addMember(trx, tenantId, { ...input, resendWaiting: true }, passwordHash));
      return users.getInTenant(tenantId, userId);
    },

    addMember,
    requireTemporaryUsers,

    /**
     * Removes the member from the account and revokes their sessions there at once. A user removed
     * from their last account is deleted from the environment, as Frontegg does. With no account
     * (the environment acting for itself), the user is deleted. One transaction: the caller's
     * `within` when given.
     */
    async remove(tenantId: string | undefined, userId: string, within?: Knex.Transaction): Promise<void> {
      if (!isUuid(userId)) throw errors.memberNotFound(userId);
      const removeMember = async (trx: Knex.Transaction) => {
        const found = await findUserWithMemberships(trx, { id: userId });
        if (tenantId === undefined) {
          if (!found) throw errors.memberNotFound(userId);
          await revokeUserSessions(trx, userId, 'user deleted');
          await deleteUser(trx, userId);
          return;
        }
        if (!found?.memberships.some((membership) => membership.tenant_id === tenantId)) throw errors.memberNotFound(userId);
        await revokeUserSessions(trx, userId, 'removed from account', tenantId);
        await deleteMembership(trx, userId, tenantId);
        if (found.memberships.length === 1) await deleteUser(trx, userId);
      };
      await (within ? removeMember(within) : db.transaction(removeMember));
    },

    /** Changes the fields sent of the user's own profile; answers the user as seen in the account. */
    async updateProfile(tenantId: string, userId: string, changes: ProfileChanges) {
      requireStorable(changes);
      await users.getInTenant(tenantId, userId);
      const metadata = changes.metadata === undefined ? undefined : metadataObject('metadata', changes.metadata);
      await updateProfile(db, userId, {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.phoneNumber !== undefined ? { phone_number: changes.phoneNumber } : {}),
        ...(changes.profilePictureUrl !== undefined ? { profile_picture_url: changes.profilePictureUrl } : {}),
        ...(metadata !== undefined ? { metadata } : {}),
      });
      return users.getInTenant(tenantId, userId);
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
