import { randomUUID } from 'node:crypto';
import { loadSpec, specOperations } from '../../server/http/spec';

/** One operation of the bundled spec, with who may call it. */
export interface SpecOperation {
  operationId: string;
  method: string;
  route: string;
  hasBody: boolean;
  schemes: string[];
  permissions: string[];
}

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minimum?: number;
  minLength?: number;
  minItems?: number;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

interface SpecDocument {
  paths: Record<string, Record<string, { operationId: string; requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const spec = loadSpec() as unknown as SpecDocument;
const security = specOperations(loadSpec());

/** Every operation of the bundled spec: the contract tests walk this list, so new operations are covered without edits. */
export const specOperationList: SpecOperation[] = Object.entries(spec.paths).flatMap(([route, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, operation]) => ({
      operationId: operation.operationId,
      method,
      route,
      hasBody: operation.requestBody !== undefined,
      schemes: security.get(operation.operationId)?.schemes ?? [],
      permissions: security.get(operation.operationId)?.permissions ?? [],
    })),
);

export const acceptsEnvironment = (operation: SpecOperation) =>
  operation.schemes.includes('environmentToken') || operation.schemes.includes('environmentTokenHeader');
export const acceptsUser = (operation: SpecOperation) => operation.schemes.includes('userToken');

/** The route with its path parameters filled in. */
export function fill(route: string, value: (name: string) => string): string {
  return route.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(value(name)));
}

/** Sends a raw request for the operation: random UUIDs for path parameters unless `route` is given. */
export async function send(
  baseUrl: string,
  operation: SpecOperation,
  options: { token?: string; body?: string; route?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${options.route ?? fill(operation.route, () => randomUUID())}`, {
    method: operation.method.toUpperCase(),
    headers,
    body: operation.method === 'get' ? undefined : options.body,
  });
  const text = await response.text();
  return { status: response.status, text, traceId: response.headers.get('frontegg-trace-id') };
}

export const errorShape = {
  errors: expect.arrayContaining([expect.any(String)]),
  errorCode: expect.stringMatching(/^ER-\d{5}$/),
};

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolve(spec.components?.schemas?.[name] ?? {});
}

/** A small value the schema accepts: required properties only, one item per required array, random UUIDs for ids. */
function sampleOf(schema: JsonSchema): unknown {
  const resolved = resolve(schema);
  if (resolved.allOf) return Object.assign({}, ...resolved.allOf.map((part) => sampleOf(part)));
  const choice = resolved.oneOf?.[0] ?? resolved.anyOf?.[0];
  if (choice) return sampleOf(choice);
  if (resolved.enum) return resolved.enum[0];
  const type = Array.isArray(resolved.type) ? resolved.type.find((kind) => kind !== 'null') : resolved.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((resolved.required ?? []).map((name) => [name, sampleOf(resolved.properties?.[name] ?? {})]));
    case 'array':
      return Array.from({ length: Math.max(resolved.minItems ?? 1, 1) }, () => sampleOf(resolved.items ?? {}));
    case 'integer':
    case 'number':
      return Math.max(resolved.minimum ?? 1, 1);
    case 'boolean':
      return true;
    default:
      if (resolved.format === 'email') return `${randomUUID()}@example.com`;
      return resolved.format === 'uuid' || (resolved.minLength ?? 0) <= 36 ? randomUUID() : 'x'.repeat(resolved.minLength ?? 1);
  }
}

/** A request body the operation's schema accepts (JSON), or undefined when it takes none. */
export function sampleBody(operation: SpecOperation): string | undefined {
  const item = spec.paths[operation.route]?.[operation.method];
  const schema = item?.requestBody?.content?.['application/json']?.schema;
  return schema ? JSON.stringify(sampleOf(schema)) : undefined;
}
