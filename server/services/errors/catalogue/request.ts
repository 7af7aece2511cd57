import { DomainError, defineErrors } from '../domain-error';

/**
 * The request itself: its route, method, body and origin, before any feature reads it; and the
 * server's own failures (ER-005xx).
 */
export default defineErrors('ER-00xxx', {
  /** The request breaks the operation's schema; the validator's words, the first of them here. */
  validation: (message: string) => new DomainError('invalid', 'ER-00001', message),
  routeNotFound: () => new DomainError('not_found', 'ER-00002', 'No such route'),
  methodNotAllowed: () => new DomainError('method_not_allowed', 'ER-00003', 'This route does not take this method'),
  unsupportedMediaType: () => new DomainError('unsupported_media_type', 'ER-00004', 'This route does not take a body of this Content-Type'),
  // Frontegg answers ER-00006 for a body that is not JSON, in the same words.
  invalidJson: () => new DomainError('invalid', 'ER-00006', 'Invalid input json'),
  payloadTooLarge: () => new DomainError('too_large', 'ER-00007', 'The request body is too large'),
  // ER-00008 is Frontegg's "application id not specified": not ours to give another meaning.
  originNotAllowed: (origin: string) =>
    new DomainError(
      'forbidden',
      'ER-00009',
      `The origin ${origin.slice(0, 200)} may not call this API from a browser: add it to allowedOrigins (PUT /vendors)`,
    ),
  internal: () => new DomainError('internal', 'ER-00500', 'Internal server error'),
  /** Only where responses are checked against the spec (tests, NESTEGG_VALIDATE_RESPONSES): see http/errors.ts. */
  unlistedErrorCode: (code: string, operationId: string) =>
    new DomainError(
      'internal',
      'ER-00501',
      `${operationId} answered ${code}, which its x-nestegg-errors in the spec does not list: list it there, or answer another error`,
    ),
});
