import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCookies } from 'cookie';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { OpenApiRequest } from 'express-openapi-validator/dist/framework/types';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Services } from './services';
import { errors } from './services/errors';
import { authenticate, type Caller, type OperationSecurity } from './http/auth';
import { errorHandler } from './http/errors';
import type { CookieInstruction } from './http/cookies';
import { registry, type HandlerContext, type OperationId } from './http/operations';
import { validatorWithAuthentication } from './http/validator';

export interface AppDeps {
  services: Services;
  logger: Logger;
  validateResponses: boolean;
}

const generatedDir = path.join(__dirname, '..', 'generated');

interface SpecOperation {
  operationId: string;
  security?: Record<string, string[]>[];
  'x-nestegg-permissions'?: string[];
}

export function loadSpec(): Record<string, unknown> & { paths: Record<string, Record<string, SpecOperation>> } {
  return JSON.parse(fs.readFileSync(path.join(generatedDir, 'openapi.json'), 'utf8'));
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** Every operation of the spec with who may call it. */
export function specOperations(spec: ReturnType<typeof loadSpec>): Map<string, OperationSecurity> {
  const operations = new Map<string, OperationSecurity>();
  for (const item of Object.values(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      operations.set(operation.operationId, {
        schemes: (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)),
        permissions: operation['x-nestegg-permissions'] ?? [],
      });
    }
  }
  return operations;
}

/** Start-up fails unless the handler registry and the spec name the same operations. */
function assertRegistryMatchesSpec(operations: Map<string, OperationSecurity>): void {
  const handlers = new Set(Object.keys(registry));
  const withoutHandler = [...operations.keys()].filter((id) => !handlers.has(id));
  const withoutOperation = [...handlers].filter((id) => !operations.has(id));
  if (withoutHandler.length > 0 || withoutOperation.length > 0) {
    throw new Error(
      `handler registry and spec disagree: no handler for [${withoutHandler.join(', ')}]; no operation for [${withoutOperation.join(', ')}]`,
    );
  }
}

/** The browser SDKs call `/frontegg/identity/...`: the same routes as `/identity/...`. */
const fronteggPrefix: RequestHandler = (req, _res, next) => {
  if (req.url.startsWith('/frontegg/identity/')) req.url = req.url.slice('/frontegg'.length);
  next();
};

function traceAndLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const traceId = randomUUID();
    const started = process.hrtime.bigint();
    res.setHeader('frontegg-trace-id', traceId);
    // Tokens and per-user data: no cache may keep an answer.
    res.setHeader('cache-control', 'no-store');
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ traceId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}

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
) => Promise<{ status: number; body: unknown; cookies?: CookieInstruction[] }>;

function operationOf(req: Request): OperationId | undefined {
  return (req as OpenApiRequest).openapi?.schema.operationId as OperationId | undefined;
}

/** Resolves the caller of the matched operation (the validator has matched it; it validates after this). */
function authentication(services: Services, operations: Map<string, OperationSecurity>): RequestHandler {
  return async (req, res, next) => {
    const operationId = operationOf(req);
    const security = operationId && operations.get(operationId);
    if (security) res.locals.caller = await authenticate(req, security, services);
    next();
  };
}

function dispatch(services: Services): RequestHandler {
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
    });
    for (const cookie of result.cookies ?? []) {
      if (cookie.value === undefined) res.clearCookie(cookie.name, cookie.options);
      else res.cookie(cookie.name, cookie.value, cookie.options);
    }
    if (result.body === undefined) res.status(result.status).end();
    else res.status(result.status).json(result.body);
  };
}

const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' blob:; style-src 'self' 'unsafe-inline' https:; img-src 'self' data: blob: https:; font-src 'self' data: https:; worker-src blob:";

export function createApp(deps: AppDeps): Express {
  const spec = loadSpec();
  const operations = specOperations(spec);
  assertRegistryMatchesSpec(operations);

  const app = express();
  app.disable('x-powered-by');
  // Answers carry tokens and per-user data: never cached, so no ETag (hashing every body costs CPU too).
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(traceAndLog(deps.logger));
  app.use(helmet());
  app.use(fronteggPrefix);
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  app.get('/openapi.json', (_req, res) => {
    res.json(spec);
  });
  app.get('/docs', (_req, res) => {
    const page = path.join(generatedDir, 'docs.html');
    if (!fs.existsSync(page)) throw errors.routeNotFound();
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.sendFile(page);
  });

  app.use(validatorWithAuthentication(spec, deps.validateResponses, authentication(deps.services, operations)));
  app.use(dispatch(deps.services));
  app.use(() => {
    throw errors.routeNotFound();
  });
  app.use(errorHandler(deps.logger));
  return app;
}
