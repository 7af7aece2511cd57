import { DomainError, defineErrors } from '../domain-error';

/** Passwords: length, change and recovery. */
export default defineErrors('ER-050xx', {
  passwordTooShort: (field: string, min: number) => new DomainError('invalid', 'ER-05001', `${field} is too weak: it must be at least ${min} characters long`),
  passwordTooLong: (field: string, max: number) => new DomainError('invalid', 'ER-05002', `${field} is too long: it must be at most ${max} characters long`),
  wrongCurrentPassword: () => new DomainError('invalid', 'ER-05003', 'password is not the current password'),
  resetLinkGone: () => new DomainError('gone', 'ER-05004', 'The password-reset link is invalid, used or expired'),
  resetIdentifierMissing: () => new DomainError('invalid', 'ER-05005', 'Name the user: send email, or identifier with identifierType'),
  resetByPhoneUnavailable: () =>
    new DomainError('invalid', 'ER-05006', 'Password recovery by phone number needs SMS, which is not configured: use email or username'),
  resetIdentifierInvalid: (type: string) => new DomainError('invalid', 'ER-05007', `identifier is not a valid ${type}`),
});
