import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { PROFILE_IMAGE_MAX_BYTES } from '../services/team';

type PathToRegexp = (path: string, options?: object) => unknown;

/**
 * express-openapi-validator 5.6 finds the operation of a request by compiling every route of the spec
 * with path-to-regexp, on every request: a cost that grows with the spec (hundreds of routes). Route
 * patterns never change, so the compiled form is kept, keyed by pattern and options. The function
 * is pure, so the memo changes nothing but the time.
 */
function memoizeRouteCompilation(): void {
  const fromValidator = createRequire(require.resolve('express-openapi-validator/dist/middlewares/openapi.metadata.js'));
  const module = fromValidator('path-to-regexp') as { pathToRegexp: PathToRegexp & { memoized?: true } };
  if (module.pathToRegexp.memoized) return;
  const compile = module.pathToRegexp;
  // The validator asks for every route of the spec on every request, with options `{ sensitive,
  // strict }`: those two flags pick a map of compiled routes by pattern, so a lookup builds no string
  // beyond two digits (about 20 µs a request for 330 routes, against 230 µs when the key was the
  // pattern and the serialized options). Other options are serialized into the key.
  const compiled = new Map<string, Map<string, unknown>>();
  const optionsKey = (options: Record<string, unknown> | undefined): string => {
    if (!options) return '';
    for (const name in options) if (name !== 'sensitive' && name !== 'strict') return JSON.stringify(options);
    return `${options.sensitive ? 1 : 0}${options.strict ? 1 : 0}`;
  };
  const memoized: PathToRegexp & { memoized?: true } = (path, options) => {
    const key = optionsKey(options as Record<string, unknown> | undefined);
    let routes = compiled.get(key);
    if (!routes) {
      routes = new Map();
      compiled.set(key, routes);
    }
    let result = routes.get(path);
    if (result === undefined) {
      result = compile(path, options);
      routes.set(path, result);
    }
    return result;
  };
  memoized.memoized = true;
  module.pathToRegexp = memoized;
}

/**
 * Query parameters sent empty (`_filter=`), as the browser SDK sends the ones it has no value for,
 * are read as not sent: an empty filter is no filter. Runs after route matching, before validation.
 */
const emptyQueryValuesDropped: RequestHandler = (req, _res, next) => {
  const query = req.query as Record<string, unknown>;
  if (!Object.values(query).some((value) => value === '')) return next();
  const kept = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
  // Express 5's req.query is a getter: give the request its own (the validator does the same).
  Object.defineProperty(req, 'query', { value: kept, writable: true, configurable: true, enumerable: true });
  next();
};

/**
 * The validator's middleware chain (route matching, request and response validation) with our
 * authentication placed after route matching and before request validation, so that a caller
 * without credentials learns nothing of the schema.
 */
export function validatorWithAuthentication(spec: Record<string, unknown>, validateResponses: boolean, authentication: RequestHandler): RequestHandler[] {
  const chain = validatorChain(spec, validateResponses);
  const requestValidation = chain.findIndex((middleware) => middleware.name === 'requestMiddleware');
  if (requestValidation < 0) throw new Error('express-openapi-validator: request validation middleware not found');
  return [...chain.slice(0, requestValidation), authentication, emptyQueryValuesDropped, ...chain.slice(requestValidation)];
}

/**
 * The validator compiles a schema the first time an operation is called, and that work (about 40 s
 * of CPU over the whole spec) is the same for every server of a process on the same spec: the chain
 * is built once per spec and response setting and shared. It holds no state of its own server.
 */
const chains = new WeakMap<Record<string, unknown>, Map<boolean, RequestHandler[]>>();

function validatorChain(spec: Record<string, unknown>, validateResponses: boolean): RequestHandler[] {
  let bySetting = chains.get(spec);
  if (!bySetting) {
    bySetting = new Map();
    chains.set(spec, bySetting);
  }
  const known = bySetting.get(validateResponses);
  if (known) return known;
  memoizeRouteCompilation();
  const chain = OpenApiValidator.middleware({
    apiSpec: structuredClone(spec) as never,
    // Query parameters the spec does not name are ignored, not refused: the browser SDK sends some of
    // its own (`users/v2/me?addRoles=true`), and Frontegg ignores what it does not read.
    validateRequests: { allErrors: true, allowUnknownQueryParameters: true },
    validateResponses: validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    ignoreUndocumented: false,
    useRequestUrl: true,
    // Multipart bodies (profile pictures) are held in memory: one file, no larger than a picture may be (413 past that).
    fileUploader: { limits: { fileSize: PROFILE_IMAGE_MAX_BYTES, files: 1 } },
  }) as RequestHandler[];
  bySetting.set(validateResponses, chain);
  return chain;
}
