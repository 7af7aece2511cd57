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

const spec = loadSpec() as unknown as {
  paths: Record<string, Record<string, { operationId: string; requestBody?: { required?: boolean } }>>;
};
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
