import { DomainError, defineErrors } from '../domain-error';

/** Accounts (tenants) and users as every feature names them: found, taken, their metadata. */
export default defineErrors('ER-020xx', {
  tenantNotFound: () => new DomainError('not_found', 'ER-02001', 'Account (tenant) not found'),
  tenantIdTaken: () => new DomainError('conflict', 'ER-02002', 'An account with this tenantId already exists'),
  userNotFound: () => new DomainError('not_found', 'ER-02003', 'User not found'),
  userEmailTaken: () => new DomainError('conflict', 'ER-02004', 'A user with this email already exists'),
  invalidMetadata: (field: string) => new DomainError('invalid', 'ER-02005', `${field} must be a JSON object sent as a string`),
});
