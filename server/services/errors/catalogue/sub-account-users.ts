import { DomainError, defineErrors } from '../domain-error';

/** Users of the accounts beneath the caller's account. */
export default defineErrors('ER-029xx', {
  subAccountAccessDenied: (tenantId: string) =>
    new DomainError('forbidden', 'ER-02901', `You have no access to the accounts beneath your account, such as ${tenantId}`),
  tenantNamedTwice: (tenantId: string) => new DomainError('invalid', 'ER-02902', `Account ${tenantId} is named more than once`),
  userNamedTwice: (email: string) => new DomainError('invalid', 'ER-02903', `User ${email} is named more than once`),
});
