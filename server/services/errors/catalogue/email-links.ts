import { DomainError, defineErrors } from '../domain-error';

/** Email and the one-time links it carries: activation, verification, email change. */
export default defineErrors('ER-027xx', {
  invalidLinkToken: () => new DomainError('invalid', 'ER-02701', 'The link is invalid or has expired'),
  userAlreadyActivated: () => new DomainError('invalid', 'ER-02702', 'The user is already activated'),
  passwordRequired: () => new DomainError('invalid', 'ER-02703', 'Set a password: send password'),
  emailChangeNotAllowed: () =>
    new DomainError('forbidden', 'ER-02704', 'Users may not change their email in this environment (user emails policy: allowEmailChange is off)'),
});
