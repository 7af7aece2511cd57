import { ANY_OPERATION_CODES, STATUS } from '../../server/http/errors';
import { loadSpec, specOperations } from '../../server/http/spec';
import { describeError, errorModules, errors } from '../../server/services/errors';

/**
 * Each operation's spec lists the error codes it can answer (`x-nestegg-errors`). Where responses
 * are checked (the tests), the server answers 500 for a code its operation does not list (see
 * http/errors.ts), so every test keeps the lists complete; this file keeps them well-formed, and
 * adds the codes the authentication layer and the validator give an operation by its security and
 * input, whether or not a test reaches them.
 */

interface Operation {
  operationId: string;
  responses: Record<string, unknown>;
  requestBody?: unknown;
  'x-nestegg-errors'?: unknown;
}

const spec = loadSpec() as unknown as { paths: Record<string, Record<string, Operation>> };
const security = specOperations(loadSpec());
const operations = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).filter((operation): operation is Operation => typeof operation?.operationId === 'string'),
);

/** Status of every code of the catalogue, active codes only. */
const statusOf = new Map(
  Object.values(errorModules).flatMap(({ errors: factories }) =>
    Object.values(factories).map((factory) => {
      const { code, kind } = describeError(factory);
      return [code, STATUS[kind]] as const;
    }),
  ),
);

const TOKEN_SCHEMES_WITH_IP_RESTRICTIONS = ['userToken', 'tenantApiToken', 'userApiToken'];

/** The codes an operation answers before its handler runs, by its security and its input. */
function fromLayers(operation: Operation): { code: string; why: string }[] {
  const { schemes, permissions, refuseImpersonation } = security.get(operation.operationId)!;
  return [
    ...(schemes.length > 0 ? [{ code: errors.unauthenticated().code, why: 'it takes a token (a bad one is a 401)' }] : []),
    ...(permissions.length > 0 ? [{ code: errors.missingPermission([]).code, why: 'it needs permissions' }] : []),
    ...(schemes.some((scheme) => TOKEN_SCHEMES_WITH_IP_RESTRICTIONS.includes(scheme))
      ? [{ code: errors.ipNotAllowed('').code, why: "it takes a user or API token, which the account's IP restrictions may refuse" }]
      : []),
    ...(refuseImpersonation ? [{ code: errors.impersonationRefused().code, why: 'it refuses impersonation tokens' }] : []),
    ...(operation.requestBody ? [{ code: errors.validation('').code, why: 'it takes a body, which the validator may refuse' }] : []),
  ];
}

function listProblems(operation: Operation): string[] {
  const listed = operation['x-nestegg-errors'];
  if (!Array.isArray(listed) || listed.some((code) => typeof code !== 'string')) return ['has no x-nestegg-errors list'];
  const problems: string[] = [];
  const codes = listed as string[];
  if (codes.some((code, index) => index > 0 && code <= codes[index - 1])) problems.push('lists codes out of order or twice');
  for (const code of codes) {
    const status = statusOf.get(code);
    if (status === undefined) problems.push(`lists ${code}, which is not in the catalogue`);
    else if (ANY_OPERATION_CODES.has(code)) problems.push(`lists ${code}, which any request may get (README, "Errors")`);
    else if (!(String(status) in operation.responses)) problems.push(`lists ${code} (${status}) but has no ${status} response`);
  }
  for (const { code, why } of fromLayers(operation)) if (!codes.includes(code)) problems.push(`does not list ${code}: ${why}`);
  return problems;
}

describe('x-nestegg-errors', () => {
  it('lists, on every operation, codes of the catalogue that its responses allow, with those its security and input bring', () => {
    const problems = operations.flatMap((operation) => listProblems(operation).map((problem) => `${operation.operationId} ${problem}`));
    expect(problems).toEqual([]);
  });

  it('finds an operation whose list is missing, unknown, out of place or incomplete', () => {
    const base = operations.find((operation) => operation.operationId === 'getVendorOnlyUser')!;
    expect(listProblems({ ...base, 'x-nestegg-errors': undefined })).toEqual(['has no x-nestegg-errors list']);
    expect(listProblems({ ...base, 'x-nestegg-errors': ['ER-00001', 'ER-00002', 'ER-01000', 'ER-02003', 'ER-05004', 'ER-99999'] })).toEqual([
      'lists ER-00002, which any request may get (README, "Errors")',
      'lists ER-05004 (410) but has no 410 response',
      'lists ER-99999, which is not in the catalogue',
    ]);
    expect(listProblems({ ...base, 'x-nestegg-errors': ['ER-02003', 'ER-01000'] })).toEqual(['lists codes out of order or twice']);
    expect(listProblems({ ...base, 'x-nestegg-errors': [] })).toEqual(['does not list ER-01000: it takes a token (a bad one is a 401)']);
  });
});
