import { DomainError, defineErrors } from '../domain-error';

/** The password policy and password history policy, and the rules they put on a password. */
export default defineErrors(
  'ER-061xx',
  {
    passwordMissingClass: (field: string, what: string) => new DomainError('invalid', 'ER-06101', `${field} is too weak: it must contain ${what}`),
    passwordTooGuessable: (field: string) =>
      new DomainError('invalid', 'ER-06102', `${field} is too weak: it is too easy to guess; use a longer phrase of uncommon words`),
    passwordRepeatsCharacters: (field: string) => new DomainError('invalid', 'ER-06103', `${field} must not repeat a character three times in a row`),
    passwordReused: (field: string) => new DomainError('invalid', 'ER-06104', `${field} was used recently; choose a password not used before`),
    passwordPolicyLengthsCrossed: () => new DomainError('invalid', 'ER-06105', 'minLength must not be more than maxLength'),
    historyPolicyExists: () => new DomainError('conflict', 'ER-06106', 'A password history policy exists already: update it with PATCH'),
    historyPolicyNotFound: () => new DomainError('not_found', 'ER-06107', 'No password history policy is set'),
    historyPolicyIdStale: (id: string) =>
      new DomainError('not_found', 'ER-06109', `The password history policy ${id} is not the one that applies here: read the policy again and save that`),
  },
  {
    'ER-06108': 'no password expiration policy is set (its reads now answer the built-in policy)',
  },
);
