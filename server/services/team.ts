import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { captured } from '../lib/narrow';
import { findProfileImage, replaceProfileImage, type ProfileImageRow } from '../repositories/profile-images';
import type { RoleRow } from '../repositories/roles';
import { countMembers, type MemberCounts } from '../repositories/team-stats';
import { requireTenant } from './tenants';
import { errors } from './errors';
import type { MemberRolesService } from './member-roles';
import type { ListedUser, MembersService, UsersListRequest } from './members';
import type { RolesService } from './roles';
import type { AccountActor } from './role-lookups';
import type { UserLinksService } from './user-links';
import type { UserProfile, UsersService } from './users';

/** The largest profile picture kept, in bytes. */
export const PROFILE_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/** The image types kept, by the bytes they start with (the declared type is not trusted). */
const IMAGE_SIGNATURES: { type: string; matches: (data: Buffer) => boolean }[] = [
  { type: 'image/png', matches: (data) => data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', matches: (data) => data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff },
  { type: 'image/gif', matches: (data) => ['GIF87a', 'GIF89a'].includes(data.subarray(0, 6).toString('latin1')) },
  { type: 'image/webp', matches: (data) => data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The picture of a data URL (`data:image/...;base64,...`), or undefined when the text is not one. */
function fromDataUrl(text: string): Buffer | undefined {
  const match = /^data:image\/[A-Za-z0-9.+-]+;base64,([A-Za-z0-9+/=\s]+)$/.exec(text);
  return match ? Buffer.from(captured(match, 1), 'base64') : undefined;
}

/** A team-service list request: `pageOffset` is the page, `search` is matched in emails and names. */
export interface TeamListRequest {
  page: number;
  limit: number;
  sortBy: 'name' | 'email' | 'createdAt' | 'id' | 'verified';
  order: 'asc' | 'desc';
  search?: string;
}

/**
 * The legacy team service (`/team/resources/...`): the same members, roles and invitations as the
 * identity routes, read and changed through their services, in the wire shape the browser SDK's
 * `api.teams` still uses. Only profile pictures are its own.
 */
export function createTeamService(deps: {
  db: Db;
  baseUrl: string;
  users: UsersService;
  members: MembersService;
  memberRoles: MemberRolesService;
  roles: RolesService;
  userLinks: UserLinksService;
}) {
  const { db, users, members, memberRoles, roles, userLinks } = deps;

  return {
    /** One page of the account's own members (not those of sub-accounts); a member asking does not see invisible users. */
    async list(actor: AccountActor, request: TeamListRequest): Promise<{ items: ListedUser[]; total: number }> {
      const search = request.search?.trim();
      const listRequest: UsersListRequest = {
        page: request.page,
        limit: request.limit,
        sortBy: request.sortBy,
        order: request.order === 'desc' ? 'DESC' : 'ASC',
        phraseContains: search ? [search] : undefined,
        includeSubTenants: false,
        hideInvisible: actor.userId !== undefined,
      };
      return members.list(actor.tenantId, listRequest);
    },

    /** Sets the member's roles in the account (left out: unchanged; `[""]` or `[]`: none) and answers the member. */
    async setRoles(actor: AccountActor, userId: string, roleIds: string[] | undefined): Promise<UserProfile> {
      if (roleIds !== undefined)
        await memberRoles.replace(
          actor,
          userId,
          roleIds.filter((roleId) => roleId !== ''),
        );
      return users.getInTenant(actor.tenantId, userId);
    },

    /** Removes the member from the account (see `members.remove`); answers them as they were. */
    async remove(tenantId: string, userId: string): Promise<UserProfile> {
      const member = await users.getInTenant(tenantId, userId);
      await members.remove(tenantId, userId);
      return member;
    },

    /** Emails the member a new activation link when they are not activated yet. */
    async resendActivation(tenantId: string, userId: string): Promise<void> {
      const { user } = await users.getInTenant(tenantId, userId);
      if (!user.verified && user.email !== null) await userLinks.resendActivation(user.email);
    },

    /** The roles the account's members can hold: environment-wide ones and the account's own. */
    async roles(tenantId: string): Promise<RoleRow[]> {
      await requireTenant(db, tenantId);
      return roles.list({ tenantId });
    },

    async stats(tenantId: string): Promise<MemberCounts> {
      await requireTenant(db, tenantId);
      return countMembers(db, tenantId);
    },

    /**
     * Keeps the picture (a file's bytes, or a data URL) as the user's only one and makes its URL their
     * `profilePictureUrl`; answers the URL. PNG, JPEG, GIF and WebP only, recognised by their bytes.
     */
    async uploadProfileImage(tenantId: string, userId: string, upload: { data?: Buffer; dataUrl?: string }): Promise<string> {
      await users.getInTenant(tenantId, userId);
      const data = upload.data ?? (upload.dataUrl === undefined ? undefined : fromDataUrl(upload.dataUrl));
      if (upload.data === undefined && upload.dataUrl === undefined) throw errors.profileImageMissing();
      if (data === undefined) throw errors.profileImageNotImage();
      if (data.length > PROFILE_IMAGE_MAX_BYTES) throw errors.profileImageTooLarge(PROFILE_IMAGE_MAX_BYTES);
      const type = IMAGE_SIGNATURES.find((signature) => signature.matches(data))?.type;
      if (!type) throw errors.profileImageNotImage();
      const id = randomUUID();
      const url = `${deps.baseUrl}/team/resources/profile/images/v1/${id}`;
      await replaceProfileImage(db, { id, user_id: userId, content_type: type, data }, url);
      return url;
    },

    async profileImage(imageId: string): Promise<ProfileImageRow> {
      const image = isUuid(imageId) ? await findProfileImage(db, imageId) : undefined;
      if (!image) throw errors.profileImageNotFound();
      return image;
    },
  };
}
