/**
 * The error catalogue, one module per feature in `catalogue/` (each with its own code range),
 * assembled by `npm run generate` into `generated/errors.ts`: a feature adds a file, not a line here.
 * Services throw `errors.*`; `http/errors.ts` alone turns them into HTTP answers.
 */
export { DomainError, describeError, type ErrorKind } from './domain-error';
export { errorModules, errors } from '../../../generated/errors';
