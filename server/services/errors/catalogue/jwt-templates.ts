import { DomainError, defineErrors } from '../domain-error';

/** JWT templates and their targeting. */
export default defineErrors('ER-074xx', {
  jwtTemplateNotFound: (id: string) => new DomainError('not_found', 'ER-07401', `JWT template not found: ${id}`),
  jwtTemplateKeyTaken: (key: string) => new DomainError('conflict', 'ER-07402', `A JWT template with key ${key} exists already`),
  jwtTemplateReservedClaims: (names: string[]) =>
    new DomainError('invalid', 'ER-07403', `templateSchema.claims cannot set claims every token must keep: ${names.join(', ')}`),
  jwtTemplateUnknownPlaceholder: (claim: string, placeholder: string) =>
    new DomainError('invalid', 'ER-07404', `templateSchema.claims.${claim}: unknown placeholder {{${placeholder}}}`),
  jwtTemplateInUse: (key: string) => new DomainError('conflict', 'ER-07405', `JWT template ${key} is named by a targeting rule: change the targeting first`),
  jwtTargetingUnknownTemplates: (keys: string[]) => new DomainError('invalid', 'ER-07406', `rules[].treatment names no JWT template: ${keys.join(', ')}`),
  jwtTargetingExists: () => new DomainError('conflict', 'ER-07407', 'A JWT template targeting exists already: change it with PUT or PATCH'),
  jwtTargetingNotFound: () => new DomainError('not_found', 'ER-07408', 'No JWT template targeting is set'),
  jwtTargetingBadCondition: (index: number, problem: string) => new DomainError('invalid', 'ER-07409', `rules[${index}]: ${problem}`),
  jwtTemplateAlgorithmUnsupported: (pinned: string) =>
    new DomainError('invalid', 'ER-07410', `algorithm must be the environment's jwtAlgorithm (${pinned}): tokens verify with that one algorithm`),
});
