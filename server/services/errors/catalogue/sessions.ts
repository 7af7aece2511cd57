import { DomainError, defineErrors } from '../domain-error';

/** Sessions and the session policy. */
export default defineErrors('ER-062xx', {
  sessionNotFound: () => new DomainError('not_found', 'ER-06201', 'Session not found'),
  noCurrentSession: () => new DomainError('not_found', 'ER-06202', 'The caller has no session: only a user token belongs to one'),
  sessionConfigurationEmpty: () =>
    new DomainError(
      'invalid',
      'ER-06203',
      'request/body must have sessionIdleTimeoutConfiguration, sessionTimeoutConfiguration or sessionConcurrentConfiguration',
    ),
});
