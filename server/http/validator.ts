import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { PROFILE_IMAGE_MAX_BYTES } from '../services/team';

type PathToRegexp = (path: string, options?: object) => unknown;

const PATCHED = Symbol('patched by nestegg');

/**
 * Replaces `holder[key]`, a function of express-openapi-validator (or of a module it loads), with
 * `wrap(original)`: once per process, however many servers it starts. If an upgrade moves the
 * function, the server fails at start (a missing module throws, a missing function has no original).
 */
function patchOnce<F extends (...args: never[]) => unknown>(holder: object, key: string, wrap: (original: F) => F): void {
  const slot = holder as Record<string, F & { [PATCHED]?: true }>;
  const original = slot[key];
  if (typeof original !== 'function') throw new Error(`express-openapi-validator: ${key} is not where nestegg patches it`);
  if (original[PATCHED]) return;
  slot[key] = Object.assign(wrap(original), { [PATCHED]: true as const });
}

/**
 * express-openapi-validator 5.6 finds the operation of a request by compiling every route of the spec
 * with path-to-regexp, on every request: a cost that grows with the spec (hundreds of routes). Route
 * patterns never change, so the compiled form is kept, keyed by pattern and options. The function
 * is pure, so the memo changes nothing but the time.
 */
function memoizeRouteCompilation(): void {
  const fromValidator = createRequire(require.resolve('express-openapi-validator/dist/middlewares/openapi.metadata.js'));
  patchOnce<PathToRegexp>(fromValidator('path-to-regexp'), 'pathToRegexp', (compile) => {
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
    return (path, options) => {
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
  });
}

/** A spec's `components`, by kind (`schemas`, `responses`, ...) and name. */
type Components = Record<string, Record<string, unknown>>;
type UseAjvCache = (ajv: { getSchema(key: string): unknown }, schema: Record<string, unknown>, key: string) => unknown;

/** The component a `#/components/<kind>/<name>` reference names, if the spec has it (deeper pointers are not followed). */
function componentAt(reference: string, components: Components | undefined): { kind: string; name: string; target: unknown } | undefined {
  if (!reference.startsWith('#/components/')) return undefined;
  const [kind, name, ...rest] = reference.slice('#/components/'.length).split('/');
  const target = kind && name && rest.length === 0 ? components?.[kind]?.[name] : undefined;
  return kind && name && target !== undefined ? { kind, name, target } : undefined;
}

/** The spec's parts a schema reaches through `#/components/...` references, and whether all its references go there. */
function reachableComponents(schema: unknown, components: Components): { components: Components; complete: boolean } {
  const reached: Components = {};
  const pending: unknown[] = [schema];
  const seen = new Set<string>();
  let complete = true;
  const follow = (reference: string) => {
    if (seen.has(reference)) return;
    seen.add(reference);
    const component = componentAt(reference, components);
    if (!component) {
      complete = false;
      return;
    }
    const ofKind = reached[component.kind] ?? {};
    ofKind[component.name] = component.target;
    reached[component.kind] = ofKind;
    pending.push(component.target);
  };
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      if (node.startsWith('#/')) follow(node);
    } else if (Array.isArray(node)) {
      pending.push(...node);
    } else if (node && typeof node === 'object') {
      pending.push(...Object.values(node));
    }
  }
  return { components: reached, complete };
}

/**
 * express-openapi-validator compiles each schema it checks (an operation's parameters, its body, each
 * of its responses) as its own root that embeds the spec's whole `paths` and `components`, so that
 * references resolve; Ajv walks all of it on every compile, about ten times an operation, which was
 * most of the CPU of a test run (40 s of 65 in the contract fuzz). The bundled spec refers only into
 * `#/components`: each root is given just the components it reaches. A schema with any other
 * reference is compiled as it came. Validation is the same; only the compiling is cheaper.
 */
function pruneCompiledSchemas(): void {
  patchOnce<UseAjvCache>(require('express-openapi-validator/dist/middlewares/util.js'), 'useAjvCache', (compile) => (ajv, schema, key) => {
    if (ajv.getSchema(key)) return compile(ajv, schema, key);
    const { paths: _paths, components, ...rest } = schema;
    const reached = reachableComponents(rest, (components ?? {}) as Components);
    return compile(ajv, reached.complete ? { ...rest, components: reached.components } : schema, key);
  });
}

type ResolveSchema = (this: { apiDoc: Record<string, unknown> }, schema: unknown) => unknown;

/**
 * At start the validator's preprocessor walks the spec, and for every `#/components/<kind>/<name>`
 * reference it meets it asks an Ajv instance of its own for the target, which compiles that component
 * (about half a second of each server's start for this spec) only to hand back the object from the
 * spec it was given; the compiled code is never used. The object is taken from the spec directly
 * instead (the preprocessor's own fallback when Ajv has none), so validation is the same.
 */
function resolveReferencesDirectly(): void {
  const { SchemaPreprocessor } = require('express-openapi-validator/dist/middlewares/parsers/schema.preprocessor.js') as {
    SchemaPreprocessor: { prototype: object };
  };
  patchOnce<ResolveSchema>(
    SchemaPreprocessor.prototype,
    'resolveSchema',
    (resolve) =>
      function (schema) {
        const reference = (schema as { $ref?: unknown } | null | undefined)?.$ref;
        const component = typeof reference === 'string' ? componentAt(reference, this.apiDoc.components as Components | undefined) : undefined;
        return component ? component.target : resolve.call(this, schema);
      },
  );
}

type LoadSpec = (this: unknown, spec: unknown, parser?: unknown) => unknown;

/**
 * The validator runs the spec it is given through json-schema-ref-parser's bundle, which gathers
 * references to other files. nestegg's spec (generated/openapi.json) is bundled by `npm run generate`
 * and refers only into itself, so the pass found nothing and took about 0.17 s of each start: a spec
 * given as an object is used as it is. A spec given as a file name is still bundled.
 */
function useBundledSpecAsIs(): void {
  const { OpenAPIFramework } = require('express-openapi-validator/dist/framework/index.js') as { OpenAPIFramework: { prototype: object } };
  patchOnce<LoadSpec>(
    OpenAPIFramework.prototype,
    'loadSpec',
    (load) =>
      function (spec, parser) {
        return spec !== null && typeof spec === 'object' ? Promise.resolve(spec) : load.call(this, spec, parser);
      },
  );
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
  pruneCompiledSchemas();
  resolveReferencesDirectly();
  useBundledSpecAsIs();
  const chain = OpenApiValidator.middleware({
    apiSpec: structuredClone(spec) as never,
    // Query parameters the spec does not name are ignored, not refused: the browser SDK sends some of
    // its own (`users/v2/me?addRoles=true`), and Frontegg ignores what it does not read.
    validateRequests: { allErrors: true, allowUnknownQueryParameters: true },
    validateResponses: validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    // The spec is checked against OpenAPI 3 by `npm run lint:spec` (CI): checking it again on every start took 0.2 s.
    validateApiSpec: false,
    ignoreUndocumented: false,
    useRequestUrl: true,
    // Multipart bodies (profile pictures) are held in memory: one file, no larger than a picture may be (413 past that).
    fileUploader: { limits: { fileSize: PROFILE_IMAGE_MAX_BYTES, files: 1 } },
  }) as RequestHandler[];
  bySetting.set(validateResponses, chain);
  return chain;
}
