import { DomainError, defineErrors } from '../domain-error';

/** Environment settings and signing keys. */
export default defineErrors('ER-071xx', {
  settingNotSupported: (field: string, value: unknown) =>
    new DomainError(
      'invalid',
      'ER-07101',
      `${field} cannot be changed: nestegg does not support it yet and always behaves as ${field}=${JSON.stringify(value)}`,
    ),
  settingOutOfRange: (field: string, min: number, max: number) =>
    new DomainError('invalid', 'ER-07102', `${field} must be a whole number of seconds from ${min} to ${max}`),
  invalidAllowedOrigin: (value: string) =>
    new DomainError(
      'invalid',
      'ER-07103',
      `allowedOrigins: "${value.slice(0, 200)}" is not an origin (scheme, host and port only, such as https://app.example.com)`,
    ),
});
