import { DomainError, defineErrors } from '../domain-error';

/** Email-domain restrictions. */
export default defineErrors('ER-063xx', {
  invalidDomain: (domain: string) => new DomainError('invalid', 'ER-06301', `Not a domain name: ${domain}`),
  domainRestrictionNotFound: (id: string) => new DomainError('not_found', 'ER-06302', `Domain restriction not found: ${id}`),
  emailDomainNotAllowed: (domain: string) => new DomainError('invalid', 'ER-06303', `Emails of the domain ${domain} are not allowed here`),
  emailRequiredByDomainRestrictions: () =>
    new DomainError('invalid', 'ER-06304', 'email is required: this environment restricts the email domains a user may have'),
});
