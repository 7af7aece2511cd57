import { DomainError, defineErrors } from '../domain-error';

/** API tokens (client credentials) of accounts and users. */
export default defineErrors(
  'ER-070xx',
  {
    creatorLacksRoles: (keys: string[]) => new DomainError('forbidden', 'ER-07004', `You cannot give a token roles you do not hold: ${keys.join(', ')}`),
    creatorLacksPermissions: (keys: string[]) =>
      new DomainError('forbidden', 'ER-07005', `You cannot give a token permissions you do not hold: ${keys.join(', ')}`),
    apiTokenNotFound: (id: string) => new DomainError('not_found', 'ER-07006', `API token not found: ${id}`),
    apiTokensDisabled: () => new DomainError('forbidden', 'ER-07007', 'Api tokens are disabled'),
    invalidApiTokenRefresh: () => new DomainError('unauthenticated', 'ER-07008', 'Invalid or expired refresh token'),
    apiTokenNeedsMember: (userId: string, tenantId: string) =>
      new DomainError('not_found', 'ER-07009', `User ${userId} is not a member of account ${tenantId}`),
  },
  {
    'ER-07001': 'client id and secret do not match (now ER-01001, the same message for every client credential)',
    'ER-07002': 'no such role in this account (now ER-03001, the same message)',
    'ER-07003': 'no such permission (now ER-03009, the same message)',
  },
);
