import type { ErrorRequestHandler, Request } from 'express';
import type { OpenApiRequest } from 'express-openapi-validator/dist/framework/types';
import type { Logger } from 'pino';
import { firstOf } from '../lib/narrow';
import { DomainError, errors, type ErrorKind } from '../services/errors';

export interface ErrorBody {
  errors: string[];
  errorCode: string;
}

/** The one status of each kind of error: an error code is always answered with the same status. */
export const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * Codes any request may get from the plumbing around its operation (routing, body parsing, CORS,
 * a failure of the server), listed once in the README rather than in every operation's
 * `x-nestegg-errors`.
 */
export const ANY_OPERATION_CODES: ReadonlySet<string> = new Set(
  [
    errors.routeNotFound(),
    errors.methodNotAllowed(),
    errors.unsupportedMediaType(),
    errors.invalidJson(),
    errors.payloadTooLarge(),
    errors.originNotAllowed(''),
    errors.internal(),
  ].map((error) => error.code),
);

interface ValidatorError {
  status: number;
  message?: string;
  errors?: { path?: string; message?: string }[];
}

function isValidatorError(error: unknown): error is ValidatorError {
  return typeof error === 'object' && error !== null && typeof (error as ValidatorError).status === 'number';
}

/** The catalogue's error for what the validator or the body parser refused. */
function fromValidator(error: ValidatorError): { domain: DomainError; messages?: string[] } {
  switch (error.status) {
    case 404:
      return { domain: errors.routeNotFound() };
    case 405:
      return { domain: errors.methodNotAllowed() };
    case 413:
      return { domain: errors.payloadTooLarge() };
    case 415:
      return { domain: errors.unsupportedMediaType() };
    default: {
      // Every other refusal of the request (the validator's 400s, a body the parser gave up on) is a 400 naming what is wrong.
      const messages = error.errors?.length
        ? error.errors.map((item) => `request${item.path ?? ''} ${item.message ?? ''}`.trim())
        : [error.message ?? 'Bad request'];
      return { domain: errors.validation(firstOf(messages, 'a validation message')), messages };
    }
  }
}

function knownError(error: unknown): { domain: DomainError; messages?: string[] } | undefined {
  if (error instanceof DomainError) return { domain: error };
  if (error instanceof SyntaxError && 'body' in error) return { domain: errors.invalidJson() };
  if (isValidatorError(error) && error.status >= 400 && error.status < 500) return fromValidator(error);
  return undefined;
}

/** The one place that turns an error into an HTTP status and Frontegg's error body. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } | undefined {
  const known = knownError(error);
  if (!known) return undefined;
  return { status: STATUS[known.domain.kind], body: { errors: known.messages ?? [known.domain.message], errorCode: known.domain.code } };
}

/** Each operation's `x-nestegg-errors`: the codes it may answer besides ANY_OPERATION_CODES. */
export type ListedErrorCodes = ReadonlyMap<string, ReadonlySet<string>>;

/** The code the request answers that its operation does not list, if any (requests no operation matched are not checked). */
function unlistedCode(listed: ListedErrorCodes, req: Request, code: string): { operationId: string; code: string } | undefined {
  const operationId = (req as OpenApiRequest).openapi?.schema?.operationId;
  if (!operationId || ANY_OPERATION_CODES.has(code) || listed.get(operationId)?.has(code)) return undefined;
  return { operationId, code };
}

/**
 * Answers every error. With `listed` (where responses are checked against the spec: tests and
 * NESTEGG_VALIDATE_RESPONSES), an error code the operation's `x-nestegg-errors` does not list is
 * answered 500 (ER-00501), as a response that breaks the spec is, so the spec's lists stay true.
 */
export function errorHandler(logger: Logger, listed?: ListedErrorCodes): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let known = toHttpError(error);
    const unlisted = known && listed && unlistedCode(listed, req, known.body.errorCode);
    if (unlisted) {
      logger.error({ ...unlisted, method: req.method, path: req.path }, 'error code not listed in the spec');
      known = toHttpError(errors.unlistedErrorCode(unlisted.code, unlisted.operationId));
    }
    if (known) {
      res.status(known.status).json(known.body);
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path, traceId: res.getHeader('frontegg-trace-id') }, 'unhandled error');
    if (res.headersSent) return;
    const internal = errors.internal();
    res.status(STATUS[internal.kind]).json({ errors: [internal.message], errorCode: internal.code } satisfies ErrorBody);
  };
}
