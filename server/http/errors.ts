import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { firstOf } from '../lib/narrow';
import { DomainError, errors, type ErrorKind } from '../services/errors';

interface ErrorBody {
  errors: string[];
  errorCode: string;
}

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
};

interface ValidatorError {
  status: number;
  message?: string;
  errors?: { path?: string; message?: string }[];
}

function isValidatorError(error: unknown): error is ValidatorError {
  return typeof error === 'object' && error !== null && typeof (error as ValidatorError).status === 'number';
}

/** The one place that turns an error into an HTTP status and Frontegg's error body. */
function toHttpError(error: unknown): { status: number; body: ErrorBody } | undefined {
  if (error instanceof DomainError) {
    return { status: STATUS[error.kind], body: { errors: [error.message], errorCode: error.code } };
  }
  if (error instanceof SyntaxError && 'body' in error) {
    const domain = errors.invalidJson();
    return { status: 400, body: { errors: [domain.message], errorCode: domain.code } };
  }
  if (isValidatorError(error) && error.status >= 400 && error.status < 500) {
    if (error.status === 413) {
      const domain = errors.payloadTooLarge();
      return { status: 413, body: { errors: [domain.message], errorCode: domain.code } };
    }
    if (error.status === 404 || error.status === 405) {
      const domain = errors.routeNotFound();
      return { status: error.status, body: { errors: [domain.message], errorCode: domain.code } };
    }
    const messages = error.errors?.length
      ? error.errors.map((item) => `request${item.path ?? ''} ${item.message ?? ''}`.trim())
      : [error.message ?? 'Bad request'];
    const domain = errors.validation(firstOf(messages, 'a validation message'));
    return { status: error.status, body: { errors: messages, errorCode: domain.code } };
  }
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toHttpError(error);
    if (known) {
      res.status(known.status).json(known.body);
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path, traceId: res.getHeader('frontegg-trace-id') }, 'unhandled error');
    if (res.headersSent) return;
    res.status(500).json({ errors: ['Internal server error'], errorCode: 'ER-00500' } satisfies ErrorBody);
  };
}
