import fs from 'node:fs';
import path from 'node:path';
import { registry } from './operations';
import type { OperationSecurity } from './caller';

/** Where `npm run generate` writes the bundled spec (and `npm run docs` the docs page). */
export const generatedDir = path.join(__dirname, '..', '..', 'generated');

interface SpecOperation {
  operationId: string;
  security?: Record<string, string[]>[];
  'x-nestegg-permissions'?: string[];
  'x-nestegg-refuse-impersonation'?: boolean;
  'x-nestegg-errors'?: string[];
}

type Spec = Record<string, unknown> & { paths: Record<string, Record<string, SpecOperation>> };
let loaded: Spec | undefined;

/**
 * The bundled spec, as `npm run generate` wrote it: read once per process and shared by its servers
 * (read-only: the validator works on its own copy).
 */
export function loadSpec(): Spec {
  loaded ??= JSON.parse(fs.readFileSync(path.join(generatedDir, 'openapi.json'), 'utf8')) as Spec;
  return loaded;
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
        refuseImpersonation: operation['x-nestegg-refuse-impersonation'] === true,
        tokenOptional: (operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0),
      });
    }
  }
  return operations;
}

/** Every operation's `x-nestegg-errors`: the error codes it may answer. */
export function specErrorCodes(spec: ReturnType<typeof loadSpec>): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  for (const item of Object.values(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (HTTP_METHODS.has(method)) codes.set(operation.operationId, new Set(operation['x-nestegg-errors'] ?? []));
    }
  }
  return codes;
}

/** Start-up fails unless the handler registry and the spec name the same operations. */
export function assertRegistryMatchesSpec(operations: Map<string, OperationSecurity>): void {
  const handlers = new Set(Object.keys(registry));
  const withoutHandler = [...operations.keys()].filter((id) => !handlers.has(id));
  const withoutOperation = [...handlers].filter((id) => !operations.has(id));
  if (withoutHandler.length > 0 || withoutOperation.length > 0) {
    throw new Error(`handler registry and spec disagree: no handler for [${withoutHandler.join(', ')}]; no operation for [${withoutOperation.join(', ')}]`);
  }
}
