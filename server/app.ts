import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Services } from './services';
import { errors } from './services/errors';
import { JWKS_MAX_AGE } from './services/keys';
import { authentication, dispatch } from './http/dispatch';
import { errorHandler } from './http/errors';
import { assertRegistryMatchesSpec, generatedDir, loadSpec, specErrorCodes, specOperations } from './http/spec';
import { validatorWithAuthentication } from './http/validator';

export interface AppDeps {
  services: Services;
  logger: Logger;
  validateResponses: boolean;
  /** How many proxies in front of the server to believe in X-Forwarded-For (0: none). */
  trustProxy?: number;
}

/**
 * Frontegg's browser SDKs put `/frontegg` before every service (`/frontegg/identity/...`,
 * `/frontegg/tenants/...`, `/frontegg/flags`, ...): every route answers under that prefix too. The
 * prefix is taken off before routing, so a path that does not exist without it is the same 404.
 */
const FRONTEGG_PREFIX = '/frontegg';
const fronteggPrefix: RequestHandler = (req, _res, next) => {
  const url = req.url;
  if (url.startsWith(FRONTEGG_PREFIX)) {
    const rest = url.slice(FRONTEGG_PREFIX.length);
    if (rest === '' || rest[0] === '/' || rest[0] === '?') req.url = rest[0] === '/' ? rest : `/${rest}`;
  }
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

// CORS: the one place that answers browsers on other origins.
/** Methods a page may use across origins. */
const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
/**
 * Request headers a page may send across origins: those Frontegg's browser SDK sends (FetchClient:
 * metadata, source, scoped tenant, application and login alias) and those the API reads. Headers an
 * app adds itself (the SDK's additionalHeadersResolver) are allowed too when a preflight names them.
 */
const CORS_HEADERS = [
  'authorization',
  'content-type',
  'frontegg-source',
  'frontegg-requested-application-id',
  'frontegg-login-alias',
  'frontegg-scoped-tenant',
  'x-frontegg-framework',
  'x-frontegg-sdk',
  'frontegg-vendor-host',
  'frontegg-tenant-id',
  'frontegg-user-id',
  'frontegg-application-id',
  'frontegg-environment-id',
  'x-access-token',
  'x-api-key',
];
/** How long a browser may keep a preflight's answer, in seconds. */
const CORS_MAX_AGE = 600;

/**
 * CORS for the origins the environment allows (PUT /vendors): their requests get their own origin
 * back with credentials allowed, and `frontegg-trace-id` exposed; a preflight (OPTIONS) on any path is
 * answered 204. Any other origin gets no `Access-Control-*` header, so the browser keeps the answer
 * from the page, and its preflight is a 403 that says why. Origins are never reflected otherwise.
 * Requests without an `Origin` header (servers, SDKs on a backend) never read the list.
 */
function cors(services: Services): RequestHandler {
  return async (req, res, next) => {
    // The answer differs by Origin: no shared cache may give one origin's answer to another.
    res.vary('Origin');
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS';
    if (!origin) {
      if (!preflight) return next();
      res.setHeader('Allow', CORS_METHODS);
      res.status(204).end();
      return;
    }
    if (!(await services.environment.isAllowedOrigin(origin))) {
      if (preflight) throw errors.originNotAllowed(origin);
      return next();
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (!preflight) {
      res.setHeader('Access-Control-Expose-Headers', 'frontegg-trace-id');
      return next();
    }
    const requested = (req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => /^[a-z0-9-]+$/.test(name) && !CORS_HEADERS.includes(name));
    res.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
    res.setHeader('Access-Control-Allow-Headers', [...CORS_HEADERS, ...requested].join(', '));
    res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE));
    res.status(204).end();
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
  // The client IP (rate limits, sessions, restrictions) is the socket's, unless NESTEGG_TRUST_PROXY names
  // how many proxies in front may be believed: then it is taken from X-Forwarded-For that far back.
  app.set('trust proxy', deps.trustProxy ?? 0);
  app.use(traceAndLog(deps.logger));
  app.use(cors(deps.services));
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

  // Clients may cache JWKS for JWKS_MAX_AGE; a new signing key is published twice that long before it signs.
  app.get('/.well-known/jwks.json', (_req, res, next) => {
    res.setHeader('Cache-Control', `public, max-age=${JWKS_MAX_AGE}`);
    next();
  });
  app.use(validatorWithAuthentication(spec, deps.validateResponses, authentication(deps.services, operations)));
  app.use(dispatch(deps.services));
  app.use(() => {
    throw errors.routeNotFound();
  });
  app.use(errorHandler(deps.logger, deps.validateResponses ? specErrorCodes(spec) : undefined));
  return app;
}
