import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { findTenant } from '../repositories/tenants';
import { errors } from './errors';
import type { JobView, Jobs } from './jobs';
import type { MembersService } from './members';
import type { Passwords } from './passwords';
import { metadataObject, normalizeEmail } from './users';

export type BulkInviteInput = components['schemas']['BulkInviteUsersRequest'];
type Invitee = BulkInviteInput['users'][number];

const BULK_INVITE = 'bulk-invite';

/** One user of a bulk invite: what a background item holds. The password is already hashed. */
interface InviteItem {
  tenantId: string;
  user: Omit<Invitee, 'password'> & { email: string };
  passwordHash: string | null;
}

/**
 * Invites many users to one account in the background. The request is checked as a whole first
 * (every user has an email, none twice, metadata is JSON); each user is then one job item, added and
 * sent their invitation in one transaction, so that no one is invited twice however many processes
 * work on the job, and a restart picks up where it stopped.
 */
export function createBulkInvitesService(deps: { db: Db; jobs: Jobs; passwords: Passwords; members: MembersService }) {
  const { db, jobs, passwords, members } = deps;
  jobs.define(BULK_INVITE, async (trx, input) => {
    const item = input as unknown as InviteItem;
    await members.addMember(trx, item.tenantId, item.user, item.passwordHash);
  });

  function check(users: Invitee[]): void {
    const withoutEmail = users.flatMap((user, position) => (user.email ? [] : [position]));
    if (withoutEmail.length > 0) throw errors.inviteeEmailRequired(withoutEmail);
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const user of users) {
      const email = normalizeEmail(user.email!);
      if (seen.has(email)) twice.add(email);
      seen.add(email);
    }
    if (twice.size > 0) throw errors.duplicateInvitees([...twice]);
    for (const [position, user] of users.entries()) metadataObject(`users[${position}].metadata`, user.metadata);
  }

  return {
    /** Stores the invite as a job of one item per user and starts it; answers the job's id. */
    async invite(tenantId: string, input: BulkInviteInput): Promise<{ id: string }> {
      check(input.users);
      if (!(await findTenant(db, tenantId))) throw errors.tenantNotFound();
      await members.requireTemporaryUsers(input.users);
      const items = await Promise.all(
        input.users.map(async ({ password, ...user }) => ({
          key: user.email!,
          input: {
            tenantId,
            user: { ...user, email: user.email! },
            passwordHash: password === undefined ? null : await passwords.hash(password),
          } satisfies InviteItem as unknown as Record<string, unknown>,
        })),
      );
      return { id: await jobs.start(BULK_INVITE, items, { tenantId }) };
    },

    /** How the invite is going; a member sees only their account's invites. */
    async status(id: string, tenantId: string | undefined): Promise<JobView> {
      const view = await jobs.status(BULK_INVITE, id, { tenantId });
      if (!view) throw errors.bulkInviteNotFound(id);
      return view;
    },
  };
}
