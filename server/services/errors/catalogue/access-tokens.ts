import { DomainError, defineErrors } from '../domain-error';

/** Access tokens (`x-api-key`) of accounts and users. */
export default defineErrors('ER-073xx', {
  accessTokenNotFound: (id: string) => new DomainError('not_found', 'ER-07301', `Access token not found: ${id}`),
  accessTokenBeyondCreator: (permissionKeys: string[]) =>
    new DomainError('forbidden', 'ER-07302', `An access token cannot hold permissions its creator does not: ${permissionKeys.join(', ')}`),
});
