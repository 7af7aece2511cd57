import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import {
  countUsernames,
  deleteUsername,
  findUsernameOfUser,
  listUsernames,
  setUsername,
  type UsernameRow,
  type UsernamesSort,
} from '../repositories/usernames';
import { errors } from './errors';
import { readPage } from './paging';
import { requireUser } from './user-emails';

export interface UsernamesListRequest {
  page: number;
  limit: number;
  sortBy?: 'userId' | 'username';
  order?: 'ASC' | 'DESC';
  prefix?: string;
  userIds?: string[];
  usernames?: string[];
}

const SORT_COLUMNS: Record<NonNullable<UsernamesListRequest['sortBy']>, UsernamesSort> = { userId: 'user_id', username: 'username' };

/** Usernames are compared and stored in lower case. */
export const normalizeUsername = (username: string) => username.toLowerCase();

/** Usernames: one per user at most, unique in the environment without case. */
export function createUsernamesService(db: Db) {
  return {
    /** One page of usernames: of the members of `tenantId`, or of every user without it. */
    async list(tenantId: string | undefined, request: UsernamesListRequest) {
      const filter = {
        tenantId,
        userIds: request.userIds?.filter(isUuid),
        usernames: request.usernames?.map(normalizeUsername),
        prefix: request.prefix === undefined ? undefined : normalizeUsername(request.prefix),
      };
      const order = { by: SORT_COLUMNS[request.sortBy ?? 'username'], direction: request.order === 'DESC' ? ('desc' as const) : ('asc' as const) };
      return readPage(
        request,
        () => countUsernames(db, filter),
        (slice) => listUsernames(db, filter, order, slice),
      );
    },

    /** Gives the user this username in place of any earlier one; `created` is false when it already was theirs. */
    async set(userId: string, username: string, tenantId?: string): Promise<{ created: boolean }> {
      const normalized = normalizeUsername(username);
      return db.transaction(async (trx) => {
        await requireUser(trx, userId, tenantId);
        if ((await findUsernameOfUser(trx, userId))?.username === normalized) return { created: false };
        if ((await setUsername(trx, userId, normalized)) === 'taken') throw errors.usernameTaken(normalized);
        return { created: true };
      });
    },

    /** Deletes the username; with `userId`, only when it is that user's. */
    async remove(username: string, userId?: string): Promise<void> {
      const outcome = await deleteUsername(db, normalizeUsername(username), userId);
      if (outcome === 'missing') throw errors.usernameNotFound(username);
      if (outcome === 'only') throw errors.onlyIdentifier();
    },

    async ofUser(userId: string, tenantId?: string): Promise<UsernameRow> {
      await requireUser(db, userId, tenantId);
      const found = await findUsernameOfUser(db, userId);
      if (!found) throw errors.noUsername();
      return found;
    },
  };
}
