import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Services } from './services';
import { errors } from './services/errors';
import { JWKS_MAX_AGE } from './services/keys'; // signing-key rotation
import { authentication, dispatch } from './http/dispatch';
import { errorHandler } from './http/errors';
import { assertRegistryMatchesSpec, generatedDir, loadSpec, specOperations } from './http/spec';
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

  // signing-key rotation: clients may cache JWKS for JWKS_MAX_AGE; a new key is published twice that long before it signs
  app.get('/.well-known/jwks.json', (_req, res, next) => {
    res.setHeader('Cache-Control', `public, max-age=${JWKS_MAX_AGE}`);
    next();
  });
  // end of signing-key rotation
  app.use(validatorWithAuthentication(spec, deps.validateResponses, authentication(deps.services, operations)));
  app.use(dispatch(deps.services));
  app.use(() => {
    throw errors.routeNotFound();
  });
  app.use(errorHandler(deps.logger));
  return app;
}
