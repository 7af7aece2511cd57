import { DomainError, defineErrors } from '../domain-error';

/** Users managed with the environment token: memberships, migrations, phone numbers, temporary users. */
export default defineErrors('ER-023xx', {
  userAlreadyMember: (tenantId: string) => new DomainError('conflict', 'ER-02301', `The user is already a member of account ${tenantId}`),
  userNotMemberOf: (tenantId: string) => new DomainError('invalid', 'ER-02302', `The user is not an active member of account ${tenantId}`),
  sameMigrationTenant: (tenantId: string) => new DomainError('invalid', 'ER-02303', `The source and target accounts are the same: ${tenantId}`),
  phoneNumberTaken: (phoneNumber: string) => new DomainError('conflict', 'ER-02304', `The user already has the phone number ${phoneNumber}`),
  phoneNumberNotFound: (id: string) => new DomainError('not_found', 'ER-02305', `Phone number not found: ${id}`),
  temporaryUsersDisabled: () =>
    new DomainError('invalid', 'ER-02306', 'Temporary users are not enabled: enable them in the temporary users configuration first'),
  userExpired: () => new DomainError('forbidden', 'ER-02307', 'The user was temporary and has expired'),
});
