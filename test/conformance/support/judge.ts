import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import promisedTypes from '../rest-api-types.json';

/**
 * Judges what an `@frontegg/rest-api` function resolved to by what its `.d.ts` promises: the JSON
 * Schema that `npm run sdk:types` made of the function's awaited return type. A function typed
 * `Promise<void>` promises nothing to judge.
 */
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema({ ...(optionalMayBeNull(structuredClone(promisedTypes)) as object), $id: 'rest-api' });

/**
 * Frontegg's API answers `null` for an optional field without a value (and the SDK itself sends `null`
 * for them), where the `.d.ts` writes the field as optional (`phoneNumber?: string`): so an optional
 * property may also be null. A required property keeps its type exactly, but for `lastLogin`: the
 * time of a login that has not happened yet is null (Frontegg's documents make it required too).
 */
function optionalMayBeNull(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return schema;
  const node = schema as Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };
  for (const keyword of ['items', 'additionalProperties', 'not']) optionalMayBeNull(node[keyword]);
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) (node[keyword] as unknown[] | undefined)?.forEach(optionalMayBeNull);
  for (const keyword of ['definitions', 'properties']) Object.values((node[keyword] as Record<string, unknown> | undefined) ?? {}).forEach(optionalMayBeNull);
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if ((!node.required?.includes(name) || name === 'lastLogin') && node.properties) node.properties[name] = { anyOf: [property, { type: 'null' }] };
  }
  return schema;
}

const validators = new Map<string, ValidateFunction | null>();

function validatorFor(functionName: string): ValidateFunction | null {
  if (!validators.has(functionName)) {
    const definitions = (promisedTypes as { definitions: Record<string, { properties?: { promised?: { type?: unknown } } }> }).definitions;
    const promised = definitions[functionName]?.properties?.promised;
    const nothing = !promised || promised.type === 'null';
    validators.set(functionName, nothing ? null : ajv.compile({ $ref: `rest-api#/definitions/${functionName}/properties/promised` }));
  }
  return validators.get(functionName) ?? null;
}

/** What breaks the function's promised type, one line each; empty when it keeps its promise. */
export function brokenPromises(moduleName: string, functionName: string, value: unknown): string[] {
  const validate = validatorFor(`${moduleName}__${functionName}`);
  if (!validate || validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(result)'} ${error.message ?? ''}`.trim());
}
