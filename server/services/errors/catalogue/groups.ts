import { DomainError, defineErrors } from '../domain-error';

/** Groups of users in an account. */
export default defineErrors(
  'ER-031xx',
  {
    groupsDisabled: () => new DomainError('forbidden', 'ER-03101', 'Groups are disabled in this environment'),
    groupRolesDisabled: () => new DomainError('forbidden', 'ER-03102', 'Roles on groups are disabled in this environment'),
    groupNotFound: () => new DomainError('not_found', 'ER-03103', 'Group not found'),
    groupNameTaken: (name: string) => new DomainError('conflict', 'ER-03104', `A group named "${name}" already exists in this account`),
    /** Users named to join something of the account (a group, an application) who are not its members. */
    usersNotMembers: (ids: string[]) => new DomainError('invalid', 'ER-03105', `No such member of this account: ${ids.join(', ')}`),
  },
  {
    'ER-03106': 'frontegg-tenant-id required with an environment token (now ER-03002, for roles and groups alike)',
  },
);
