import { DomainError, defineErrors } from '../domain-error';

/** Account invitation tokens (shareable links). */
export default defineErrors('ER-052xx', {
  invalidInviteToken: () => new DomainError('invalid', 'ER-05201', 'The invitation is invalid or has expired'),
  inviteTokenNotFound: () => new DomainError('not_found', 'ER-05202', 'Invitation not found'),
});
