import { DomainError, defineErrors } from '../domain-error';

/** Sub-accounts and the account hierarchy (resellers, parents and children). */
export default defineErrors('ER-022xx', {
  accountNotInHierarchy: (id: string) => new DomainError('not_found', 'ER-02201', `Account (tenant) not found: ${id}`),
  subAccountManagementNotAllowed: (id: string) =>
    new DomainError('forbidden', 'ER-02202', `Account ${id} may not manage sub-accounts: it has a parent account and is not a reseller`),
  ownAccountNotSubAccount: (id: string) => new DomainError('invalid', 'ER-02203', `${id} is your own account: this route acts only on the accounts beneath it`),
  ownParent: (id: string) => new DomainError('invalid', 'ER-02204', `An account cannot be its own parent: ${id}`),
  alreadyInHierarchy: (child: string, parent: string) =>
    new DomainError('invalid', 'ER-02205', `Account ${child} is already a sub-account of ${parent}: take it from there first`),
  hierarchyWouldLoop: (parent: string, child: string) =>
    new DomainError('invalid', 'ER-02206', `Account ${parent} is ${child} or beneath it: placing ${child} under it would make a loop`),
  notParentAndChild: (parent: string, child: string) => new DomainError('not_found', 'ER-02207', `Account ${child} is not a sub-account of ${parent}`),
  hierarchyLoop: (id: string) => new DomainError('invalid', 'ER-02208', `The stored hierarchy holds a loop at account ${id}`),
  alreadyChildOf: (child: string, parent: string) => new DomainError('conflict', 'ER-02209', `Account ${child} is already a sub-account of ${parent}`),
});
