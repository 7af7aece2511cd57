import { DomainError, defineErrors } from '../domain-error';

/** Roles, permissions and permission categories. */
export default defineErrors('ER-030xx', {
  rolesNotFound: (ids: string[]) => new DomainError('invalid', 'ER-03001', `No such role in this account: ${ids.join(', ')}`),
  missingTenant: () => new DomainError('invalid', 'ER-03002', 'The frontegg-tenant-id header is required with an environment token'),
  roleNotFound: (id: string) => new DomainError('not_found', 'ER-03003', `Role not found: ${id}`),
  roleKeysTaken: (keys: string[]) =>
    new DomainError('conflict', 'ER-03004', `A role with this key already exists where the account sees it: ${keys.join(', ')}`),
  builtInRole: (key: string) => new DomainError('invalid', 'ER-03005', `${key} is a built-in role: it cannot be deleted or given to one account`),
  roleHeldElsewhere: (key: string) =>
    new DomainError('conflict', 'ER-03006', `Role ${key} is held by members or groups of other accounts; take it from them first`),
  roleElevation: (keys: string[], level: number | undefined) =>
    new DomainError(
      'forbidden',
      'ER-03007',
      `You may not give or take roles stronger than your own strongest role (${level === undefined ? 'you hold none' : `level ${level}`}): ${keys.join(', ')}`,
    ),
  permissionNotFound: (id: string) => new DomainError('not_found', 'ER-03008', `Permission not found: ${id}`),
  permissionsNotFound: (ids: string[]) => new DomainError('invalid', 'ER-03009', `No such permission: ${ids.join(', ')}`),
  permissionKeysTaken: (keys: string[]) => new DomainError('conflict', 'ER-03010', `A permission with this key already exists: ${keys.join(', ')}`),
  builtInPermission: (key: string) =>
    new DomainError('invalid', 'ER-03011', `${key} is a built-in permission that guards nestegg's own routes: it cannot be deleted or change its key`),
  permissionsNotAssignable: (keys: string[]) =>
    new DomainError('invalid', 'ER-03012', `These permissions cannot be used in an account's own roles: ${keys.join(', ')}`),
  permissionsNotHeld: (keys: string[]) =>
    new DomainError('forbidden', 'ER-03013', `You may not put permissions you do not hold into a role: ${keys.join(', ')}`),
  categoryNotFound: (id: string) => new DomainError('not_found', 'ER-03014', `Permission category not found: ${id}`),
  unknownCategory: (id: string) => new DomainError('invalid', 'ER-03015', `No such permission category: ${id}`),
  categoryIdTaken: (id: string) => new DomainError('conflict', 'ER-03016', `A permission category with this id already exists: ${id}`),
  builtInCategory: (name: string) => new DomainError('invalid', 'ER-03017', `${name} is a built-in permission category: it cannot be deleted`),
  environmentWideRoles: (keys: string[]) =>
    new DomainError('forbidden', 'ER-03018', `Only the environment changes environment-wide roles; an account's members change its own: ${keys.join(', ')}`),
});
