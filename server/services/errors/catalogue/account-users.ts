import { DomainError, defineErrors } from '../domain-error';

/** An account's users as its members manage them (self-service), and the accounts a user switches between. */
export default defineErrors(
  'ER-024xx',
  {
    identifierWithoutType: () => new DomainError('invalid', 'ER-02402', '_identifier and _identifierType must be sent together'),
    memberNotFound: (userId: string) => new DomainError('not_found', 'ER-02403', `User not found in this account: ${userId}`),
    /** Switching accounts: an account the user is not an active member of is not found, whether it exists or not. */
    notAMemberOf: (tenantId: string) => new DomainError('not_found', 'ER-02404', `No account ${tenantId} among the user's active accounts`),
  },
  {
    'ER-02401': 'the user is already a member of this account (now ER-02301, which names the account)',
  },
);
