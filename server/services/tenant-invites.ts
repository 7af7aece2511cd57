import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { randomSecret, sha256Hex } from '../lib/crypto';
import { isUuid } from '../lib/ids';
import { assignInitialRoles } from '../repositories/grants';
import {
  addMembership,
  deleteInvites,
  findInvite,
  findInvites,
  findUsableInvite,
  insertInvite,
  lockMembership,
  updateInvite,
  type TenantInviteRow,
} from '../repositories/tenant-invites';
import { holdTenant } from '../repositories/tenants';
import { findUserWithMemberships } from '../repositories/users';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import { assertNoElevation, memberAuthority, requireRoles, type MemberAuthority } from './role-lookups';
import { assertStorable } from './tenants';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** Lifetime of a token made without `expiresInMinutes`: 7 days. */
const DEFAULT_INVITE_MINUTES = 7 * 24 * 60;

/** An invitation; `token` only where the caller is allowed to see it (the answer that made it, verify). */
export interface TenantInvite {
  row: TenantInviteRow;
  token?: string;
}

/** A member acting on their own link: `checkElevation` when the member themself calls (not the environment for them). */
export interface InviteActor {
  tenantId: string;
  userId: string;
  checkElevation: boolean;
}

/** What a user joining by an invitation token got. */
export interface RedeemedInvitation {
  tenantId: string;
  roleIds: string[];
  shouldSendEmail: boolean;
}

const usableToken = (token: string) => token.length > 0 && token.length <= 512;

/**
 * Invitation tokens of an account: shareable links that let whoever holds them join the account with
 * the roles they name, until they expire or are deleted. A token is 32 random bytes; only its SHA-256
 * is kept (it has too much entropy for a slow hash to add anything), so it is shown once, when made.
 * Tokens work any number of times: one link brings in many colleagues. Every way a token fails
 * (unknown, deleted, expired, of a deleted account) is the same error.
 */
export function createTenantInvitesService(deps: { db: Db; environment: EnvironmentService; emailsEnabled: boolean }) {
  const { db, environment } = deps;

  async function insert(
    trx: Knex.Transaction,
    invite: { tenantId: string; userId: string | null; createdBy: string | null; minutes: number; shouldSendEmail: boolean; roleIds: string[] },
  ): Promise<TenantInvite> {
    const token = randomSecret(32);
    const id = randomUUID();
    if (invite.userId !== null) await deleteInvites(trx, { tenantId: invite.tenantId, userId: invite.userId });
    await insertInvite(
      trx,
      {
        id,
        tenant_id: invite.tenantId,
        user_id: invite.userId,
        created_by: invite.createdBy,
        token_hash: sha256Hex(token),
        should_send_email: invite.shouldSendEmail,
      },
      invite.minutes,
      invite.roleIds,
    );
    return { row: (await findInvite(trx, { id }))!, token };
  }

  /**
   * The live account, held until the transaction ends, and the member in it (404s otherwise). The
   * membership stays locked, so that two requests replacing one member's link take turns.
   */
  async function requireMember(trx: Knex.Transaction, tenantId: string, userId: string | undefined): Promise<void> {
    if (!(await holdTenant(trx, tenantId))) throw errors.tenantNotFound();
    if (userId !== undefined && (!isUuid(userId) || !(await lockMembership(trx, userId, tenantId)))) throw errors.userNotFound();
  }

  async function roleIdsFor(trx: Knex.Transaction, tenantId: string, roleIds: string[], authority?: MemberAuthority): Promise<string[]> {
    const roles = await requireRoles(trx, roleIds, { tenantId });
    if (authority) assertNoElevation(authority, roles);
    return roles.map((role) => role.id);
  }

  async function own(actor: Pick<InviteActor, 'tenantId' | 'userId'>): Promise<TenantInviteRow> {
    const row = isUuid(actor.userId) ? await findInvite(db, { tenantId: actor.tenantId, userId: actor.userId }) : undefined;
    if (!row) throw errors.inviteTokenNotFound();
    return row;
  }

  return {
    /** The environment makes a token for an account; with `userId`, that member's own link (replacing theirs). One transaction. */
    async createForAccount(input: Schema<'CreateInviteTokenRequest'>): Promise<TenantInvite> {
      assertStorable('tenantId', input.tenantId);
      return db.transaction(async (trx) => {
        await requireMember(trx, input.tenantId, input.userId);
        return insert(trx, {
          tenantId: input.tenantId,
          userId: input.userId ?? null,
          createdBy: null,
          minutes: input.expiresInMinutes ?? DEFAULT_INVITE_MINUTES,
          shouldSendEmail: input.shouldSendEmail ?? false,
          roleIds: await roleIdsFor(trx, input.tenantId, input.roleIds ?? []),
        });
      });
    },

    /**
     * The member's own link to their account, replacing their earlier one. Its roles must be roles the
     * account sees and, when the member calls, none stronger than their own. One transaction.
     */
    async createForMember(actor: InviteActor, input: { expiresInMinutes: number; shouldSendEmail: boolean; roleIds?: string[] }): Promise<TenantInvite> {
      // Read before the transaction: PGlite has one connection, which the transaction holds.
      const authority = actor.checkElevation && isUuid(actor.userId) ? await memberAuthority(db, environment, actor) : undefined;
      return db.transaction(async (trx) => {
        await requireMember(trx, actor.tenantId, actor.userId);
        return insert(trx, {
          tenantId: actor.tenantId,
          userId: actor.userId,
          createdBy: actor.userId,
          minutes: input.expiresInMinutes,
          shouldSendEmail: input.shouldSendEmail,
          roleIds: await roleIdsFor(trx, actor.tenantId, input.roleIds ?? [], authority),
        });
      });
    },

    /** The tokens of the account (undefined: of every account), newest first, without their secrets. */
    async list(tenantId: string | undefined): Promise<TenantInvite[]> {
      return (await findInvites(db, { tenantId })).map((row) => ({ row }));
    },

    /** Deletes a token of the account (undefined: of any account); another account's id is a 404. */
    async remove(id: string, tenantId: string | undefined): Promise<void> {
      if (!isUuid(id) || (await deleteInvites(db, { id, tenantId })) === 0) throw errors.inviteTokenNotFound();
    },

    /** The member's own link, without its secret. */
    async ofMember(actor: Pick<InviteActor, 'tenantId' | 'userId'>): Promise<TenantInvite> {
      return { row: await own(actor) };
    },

    /** Changes the member's own link: its lifetime counted from now, and whether email is wanted. */
    async updateOfMember(
      actor: Pick<InviteActor, 'tenantId' | 'userId'>,
      changes: { expiresInMinutes?: number; shouldSendEmail?: boolean },
    ): Promise<TenantInvite> {
      const scope = { tenantId: actor.tenantId, userId: actor.userId };
      const updated =
        isUuid(actor.userId) && (await updateInvite(db, scope, { lifetimeMinutes: changes.expiresInMinutes, shouldSendEmail: changes.shouldSendEmail }));
      if (!updated) throw errors.inviteTokenNotFound();
      return { row: await own(actor) };
    },

    async removeOfMember(actor: Pick<InviteActor, 'tenantId' | 'userId'>): Promise<void> {
      if (!isUuid(actor.userId) || (await deleteInvites(db, { tenantId: actor.tenantId, userId: actor.userId })) === 0) throw errors.inviteTokenNotFound();
    },

    /** The invitation of a token that works now; anything else is the one invalid-invitation error. */
    async verify(token: string): Promise<TenantInvite> {
      const row = usableToken(token) ? await findUsableInvite(db, sha256Hex(token)) : undefined;
      if (!row) throw errors.invalidInviteToken();
      return { row, token };
    },

    /**
     * For sign-up by invitation link: checks the token inside the caller's transaction `trx` and makes
     * the user (already in `trx`) a member of its account with the token's roles (none: the account's
     * defaults). The token stays usable (a shared link serves many people). No email is sent: the
     * answer says whether the invitation asked for one. Throws the invalid-invitation error for a token
     * that does not work, `userAlreadyMember` when the user is in the account already.
     */
    async redeemInvitationToken(trx: Knex.Transaction, token: string, userId: string): Promise<RedeemedInvitation> {
      const row = usableToken(token) ? await findUsableInvite(trx, sha256Hex(token)) : undefined;
      if (!row || !(await holdTenant(trx, row.tenant_id))) throw errors.invalidInviteToken();
      if (!isUuid(userId) || !(await findUserWithMemberships(trx, { id: userId }))) throw errors.userNotFound();
      if (!(await addMembership(trx, userId, row.tenant_id))) throw errors.userAlreadyMember(row.tenant_id);
      const unknownRoles = await assignInitialRoles(trx, userId, row.tenant_id, row.role_ids);
      if (unknownRoles.length > 0) throw errors.rolesNotFound(unknownRoles);
      return { tenantId: row.tenant_id, roleIds: row.role_ids, shouldSendEmail: row.should_send_email };
    },

    /** Whether tokens can be made (always) and whether email goes out over SMTP. */
    configuration(): Schema<'InvitationConfiguration'> {
      return { tenantInvitationsAllowed: true, emailsEnabled: deps.emailsEnabled };
    },
  };
}

export type TenantInvitesService = ReturnType<typeof createTenantInvitesService>;
