import { DomainError, defineErrors } from '../domain-error';

/** Applications, their assignments to accounts and users, and their credentials and clients. */
export default defineErrors(
  'ER-040xx',
  {
    applicationNotFound: (id: string) => new DomainError('not_found', 'ER-04001', `Application not found: ${id}`),
    noDefaultApplication: () => new DomainError('not_found', 'ER-04002', 'The environment has no default application'),
    defaultApplicationStays: () =>
      new DomainError('conflict', 'ER-04003', 'The default application stays default and active: make another application the default first'),
    defaultApplicationDelete: () =>
      new DomainError('conflict', 'ER-04004', 'The default application cannot be deleted while other applications exist: make another one the default first'),
    applicationAlreadyAssigned: (id: string, tenantId: string) =>
      new DomainError('conflict', 'ER-04005', `Application ${id} is already assigned to account ${tenantId}`),
    applicationNotAssigned: (id: string, tenantId: string) =>
      new DomainError('not_found', 'ER-04006', `Application ${id} is not assigned to account ${tenantId}`),
    applicationsNotFound: (ids: string[]) => new DomainError('invalid', 'ER-04008', `No such application: ${ids.join(', ')}`),
    applicationsNotAssigned: (ids: string[], tenantId: string) =>
      new DomainError('invalid', 'ER-04009', `These applications are not assigned to account ${tenantId}: ${ids.join(', ')}`),
    applicationUnavailable: () => new DomainError('forbidden', 'ER-04010', 'The requested application does not exist or is not active'),
    applicationAccessDenied: () => new DomainError('forbidden', 'ER-04011', 'The user may not use the requested application'),
    activeTenantNotAllowed: (id: string, tenantId: string) =>
      new DomainError('invalid', 'ER-04012', `The user cannot use application ${id} in account ${tenantId}`),
    applicationClientNotFound: (id: string) => new DomainError('not_found', 'ER-04020', `Application client not found: ${id}`),
    applicationSecretUnreadable: (reason: string) => new DomainError('unavailable', 'ER-04021', `${reason}: start it with the key the secret was sealed with`),
    redirectUrlInvalid: (url: string, reason: string) => new DomainError('invalid', 'ER-04022', `redirectURLs: "${url}" ${reason}`),
    clientNameBlank: () => new DomainError('invalid', 'ER-04023', 'clientName must not be blank'),
  },
  {
    'ER-04007': 'users to assign to an application are not members of the account (now ER-03105, the same message)',
  },
);
