import { DomainError, defineErrors } from '../domain-error';

/** Delegation and impersonation. */
export default defineErrors('ER-072xx', {
  delegationDisabled: () => new DomainError('forbidden', 'ER-07201', 'Delegation is off for the environment: nobody can impersonate a user'),
  impersonationRefused: () =>
    new DomainError(
      'forbidden',
      'ER-07202',
      'An impersonation token cannot do this: impersonate again, or change the password or emails of the user it acts for',
    ),
  actorTokenMismatch: () => new DomainError('invalid', 'ER-07203', 'actorToken must be the access token the request is made with'),
  impersonationTargetOutranks: () =>
    new DomainError('forbidden', 'ER-07204', 'The user holds permissions in the account that the impersonator lacks: they cannot be impersonated by this user'),
  impersonationTargetNotFound: () => new DomainError('not_found', 'ER-07205', 'User not found in the account'),
  impersonationOfSelf: () => new DomainError('invalid', 'ER-07206', 'impersonatedUserId names the caller: a user cannot impersonate themselves'),
  impersonationTargetUnavailable: () =>
    new DomainError('forbidden', 'ER-07207', 'The user cannot be impersonated: locked, expired, or not an active member of the account'),
});
