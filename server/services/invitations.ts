import type { Db } from '../db/knex';
import { sha256Hex } from '../lib/crypto';
import { acceptInvitation, findOpenInvitations, markInvitationPending } from '../repositories/invitations';
import { findSubtree } from '../repositories/hierarchy';
import { findTenant, type TenantRow } from '../repositories/tenants';
import { findUserWithMemberships, type UserRow } from '../repositories/users';
import { errors } from './errors';
import type { LinkTokens } from './link-tokens';
import { createLinks, oneTimeCode } from './links';
import type { Mail } from './mail';
import { normalizeEmail } from './users';

export interface InvitationLink {
  userId: string;
  tenantId: string;
  link: string;
  token: string;
}

/**
 * Invitations to join an account. A user with a password is sent a link to accept the invitation;
 * a user without one (new to the environment) is sent an activation link instead, and activating
 * accepts their invitations. Both links come with a code to type instead, and work once.
 */
export function createInvitationsService(deps: { db: Db; appUrl: string; linkTokens: LinkTokens; mail: Mail }) {
  const { db, linkTokens, mail } = deps;
  const links = createLinks(deps.appUrl);

  /** A fresh link (earlier ones to the same account stop working) and its email, both in `trx`. */
  async function send(trx: Db, user: UserRow, tenant: Pick<TenantRow, 'tenant_id' | 'name'>): Promise<InvitationLink> {
    const code = oneTimeCode();
    const options = { trx, payload: { codeHash: sha256Hex(code) }, tenantId: tenant.tenant_id };
    let token: string;
    let link: string;
    if (user.password_hash === null) {
      token = await linkTokens.issue('activation', user.id, options);
      link = links.activation(user.id, token);
    } else {
      token = await linkTokens.issue('invitation', user.id, options);
      link = links.invitation(user.id, token);
    }
    const expiresInSeconds = await linkTokens.lifetime(user.password_hash === null ? 'activation' : 'invitation', trx);
    await mail.enqueue(trx, user.email, 'invitation', { name: user.name, link, code, tenantName: tenant.name, expiresInSeconds });
    return { userId: user.id, tenantId: tenant.tenant_id, link, token };
  }

  /** The account's member with this email whose invitation still waits, in the accounts given. */
  async function openInvitations(email: string, tenantIds: string[]) {
    const found = await findUserWithMemberships(db, { emailNormalized: normalizeEmail(email) });
    const open = found ? await findOpenInvitations(db, found.user.id, tenantIds) : [];
    if (!found || open.length === 0) throw errors.noOpenInvitation(email);
    return { user: found.user, tenantIds: open };
  }

  async function resend(user: UserRow, tenantIds: string[]): Promise<InvitationLink[]> {
    return db.transaction(async (trx) => {
      const sent: InvitationLink[] = [];
      for (const tenantId of tenantIds) {
        const tenant = await findTenant(trx, tenantId);
        if (tenant) sent.push(await send(trx, user, tenant));
      }
      return sent;
    });
  }

  return {
    /**
     * The user just joined the account (in `trx`): their invitation waits until they accept it.
     * Unless `sendEmail` is false, the invitation email goes out once `trx` commits.
     */
    async invite(trx: Db, user: UserRow, tenant: Pick<TenantRow, 'tenant_id' | 'name'>, options: { sendEmail: boolean }): Promise<void> {
      await markInvitationPending(trx, user.id, tenant.tenant_id);
      if (options.sendEmail) await send(trx, user, tenant);
    },

    /**
     * Sends the member's invitation to the account again (in `trx`), with a fresh link; false, with
     * nothing sent, when no invitation of theirs waits there (they accepted it).
     */
    async reinvite(trx: Db, user: UserRow, tenant: Pick<TenantRow, 'tenant_id' | 'name'>): Promise<boolean> {
      if ((await findOpenInvitations(trx, user.id, [tenant.tenant_id])).length === 0) return false;
      await send(trx, user, tenant);
      return true;
    },

    /**
     * Accepts the invitation of the link (with `code`, the code from its email must match too). The
     * email it went to is proven, so the user counts as verified. Every failure is the one invalid-link
     * error.
     */
    async accept(input: { userId: string; token: string; code?: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const row = await linkTokens.consume(trx, 'invitation', input.userId, input.token, input.code);
        const tenantId = typeof row.payload.tenantId === 'string' ? row.payload.tenantId : '';
        if (!(await findTenant(trx, tenantId)) || !(await acceptInvitation(trx, input.userId, tenantId))) throw errors.invalidLinkToken();
        await trx('users').where({ id: input.userId, verified: false }).update({ verified: true, updated_at: trx.fn.now() });
      });
    },

    /** A new invitation link for the member with this email, emailed again; the earlier link stops working. */
    async reset(tenantId: string, email: string): Promise<InvitationLink> {
      const { user } = await openInvitations(email, [tenantId]);
      const [sent] = await resend(user, [tenantId]);
      if (!sent) throw errors.noOpenInvitation(email);
      return sent;
    },

    /** New links for every invitation of this email waiting in the account or its sub-accounts, each emailed again. */
    async resetAll(tenantId: string, email: string): Promise<InvitationLink[]> {
      const subtree = (await findSubtree(db, tenantId)).map((row) => row.tenant_id);
      const { user, tenantIds } = await openInvitations(email, subtree.length > 0 ? subtree : [tenantId]);
      return resend(user, tenantIds);
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
