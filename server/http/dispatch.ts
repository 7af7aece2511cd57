import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler } from 'express';
import type { OpenApiRequest } from 'express-openapi-validator/dist/framework/types';
import type { Services } from '../services';
import { authenticate, type Caller, type OperationSecurity } from './caller';
import type { CookieInstruction } from './cookies';
import { registry, type HandlerContext, type OperationId, type UploadedFile } from './operations';

function clientInfo(req: Request) {
  return { ipAddress: req.ip, userAgent: req.get('user-agent') };
}

/** A handler as the dispatcher sees it; the registry's types already checked each one against its operation. */
type DispatchedHandler = (
  context: Omit<HandlerContext<OperationId>, 'params' | 'query' | 'headers' | 'body'> & {
    params: unknown;
    query: unknown;
    headers: unknown;
    body: unknown;
  },
) => Promise<{ status: number; body: unknown; cookies?: CookieInstruction[]; contentType?: string; headers?: Record<string, string> }>;

function operationOf(req: Request): OperationId | undefined {
  return (req as OpenApiRequest).openapi?.schema.operationId as OperationId | undefined;
}

/** Resolves the caller of the matched operation (the validator has matched it; it validates after this). */
export function authentication(services: Services, operations: Map<string, OperationSecurity>): RequestHandler {
  return async (req, res, next) => {
    const operationId = operationOf(req);
    const security = operationId && operations.get(operationId);
    if (security) res.locals.caller = await authenticate(req, security, services);
    next();
  };
}

/** The files multer took from a multipart body (the validator runs it for operations that take one). */
function uploadedFiles(req: Request): UploadedFile[] {
  const files = (req as Request & { files?: unknown }).files;
  return Array.isArray(files) ? (files as UploadedFile[]) : [];
}

/** Calls the matched operation's handler with its typed input, and writes its answer. */
export function dispatch(services: Services): RequestHandler {
  return async (req, res, next) => {
    const operationId = operationOf(req);
    const caller = res.locals.caller as Caller | undefined;
    if (!operationId || !caller) return next();
    const handler = registry[operationId] as unknown as DispatchedHandler;
    const result = await handler({
      params: (req as OpenApiRequest).openapi?.pathParams ?? {},
      query: req.query,
      headers: req.headers,
      body: req.body,
      caller,
      services,
      client: clientInfo(req),
      cookies: parseCookies(req.headers.cookie ?? ''),
      files: uploadedFiles(req),
    });
    for (const cookie of result.cookies ?? []) {
      if (cookie.value === undefined) res.clearCookie(cookie.name, cookie.options);
      else res.cookie(cookie.name, cookie.value, cookie.options);
    }
    if (result.headers) res.set(result.headers);
    if (result.body === undefined) res.status(result.status).end();
    else if (result.contentType) res.status(result.status).type(result.contentType).send(result.body);
    else res.status(result.status).json(result.body);
  };
}
