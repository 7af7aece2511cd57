import { DomainError, defineErrors } from '../domain-error';

/** The lockout policy. */
export default defineErrors('ER-060xx', {
  lockoutPolicyExists: () => new DomainError('conflict', 'ER-06001', 'Lockout Policy already exists'),
  lockoutPolicyNotFound: () => new DomainError('not_found', 'ER-06002', 'Lockout policy is not defined'),
  lockoutMaxAttemptsInvalid: () => new DomainError('invalid', 'ER-06003', 'maxAttempts must be a whole number of at least 1'),
  lockoutPolicyIdStale: (id: string) =>
    new DomainError('not_found', 'ER-06004', `The lockout policy ${id} is not the one that applies here: read the policy again and save that`),
});
