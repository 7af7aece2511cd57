import { DomainError, defineErrors } from '../domain-error';

/** Bulk user jobs: roles given and taken across accounts. */
export default defineErrors('ER-025xx', {
  noRolesNamed: () => new DomainError('invalid', 'ER-02501', 'Name at least one role in addRoleIds or removeRoleIds'),
  notMemberOfTenants: (tenantIds: string[]) => new DomainError('invalid', 'ER-02502', `The user is not a member of these accounts: ${tenantIds.join(', ')}`),
  roleOfAnotherAccount: (roleId: string, tenantIds: string[]) =>
    new DomainError('invalid', 'ER-02503', `Role ${roleId} belongs to one account and cannot be given in: ${tenantIds.join(', ')}`),
  bulkRolesTaskNotFound: (id: string) => new DomainError('not_found', 'ER-02504', `Bulk roles task not found: ${id}`),
  notMemberOfTenant: (tenantId: string) => new DomainError('invalid', 'ER-02505', `The user is no longer a member of account ${tenantId}`),
});
