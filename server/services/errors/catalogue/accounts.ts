import { DomainError, defineErrors } from '../domain-error';

/** Accounts (tenants) themselves: aliases, updates, metadata, migrations between accounts. */
export default defineErrors('ER-021xx', {
  tenantAliasTaken: (alias: string) => new DomainError('conflict', 'ER-02101', `Another account already has the alias ${alias}`),
  nothingToUpdate: () => new DomainError('invalid', 'ER-02102', 'Send at least one field to change'),
  invalidTenantMetadata: () => new DomainError('invalid', 'ER-02103', 'metadata must be a JSON object, or a JSON object sent as a string'),
  tenantAliasNotFound: (alias: string) => new DomainError('not_found', 'ER-02104', `No account has the alias ${alias}`),
  tenantMigrationNotFound: (id: string) => new DomainError('not_found', 'ER-02105', `Account migration not found: ${id}`),
  unstorableText: (field: string) => new DomainError('invalid', 'ER-02106', `${field} holds characters that cannot be stored (such as NUL)`),
  parentTenantNotFound: (id: string) => new DomainError('invalid', 'ER-02107', `No such parent account (tenant): ${id}`),
});
