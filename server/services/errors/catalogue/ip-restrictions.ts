import { DomainError, defineErrors } from '../domain-error';

/** IP restrictions. */
export default defineErrors('ER-064xx', {
  ipNotAllowed: (ip: string) => new DomainError('forbidden', 'ER-06401', `Access from IP address ${ip} is not allowed for this account`),
  invalidIpRule: (field: string, value: string) => new DomainError('invalid', 'ER-06402', `${field} is not an IPv4 or IPv6 address or CIDR range: ${value}`),
  ipRestrictionNotFound: (id: string) => new DomainError('not_found', 'ER-06403', `IP restriction not found: ${id}`),
  ipChangeWouldLockOut: (ip: string) =>
    new DomainError(
      'conflict',
      'ER-06404',
      `This change would refuse your own IP address ${ip}: allow it first (or stop blocking it), or make the change with the environment token`,
    ),
});
