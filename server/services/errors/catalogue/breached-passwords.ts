import { DomainError, defineErrors } from '../domain-error';

/** Passwords found in data breaches (the range API). */
export default defineErrors('ER-066xx', {
  passwordBreached: (field: string) =>
    new DomainError('invalid', 'ER-06601', `${field} has appeared in a data breach and cannot be used; choose another password`),
});
