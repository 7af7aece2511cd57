import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { loadSpec } from '../../server/http/spec';

/**
 * One name per endpoint group: an operation's one tag is the folder of its path file
 * (`openapi/paths/<tag>/`), the module that exports its handler (`server/http/handlers/<tag>.ts`) and
 * the folder of its tests (`test/integration/<tag>/`). Each check lists its offenders.
 */

const root = path.join(__dirname, '..', '..');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface BundledOperation {
  operationId: string;
  tags?: string[];
}

interface Operation {
  operationId: string;
  method: string;
  route: string;
  tags: string[];
}

const spec = loadSpec() as unknown as {
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, BundledOperation>>;
};
const declaredTags = (spec.tags ?? []).map((tag) => tag.name);
const operations: Operation[] = Object.entries(spec.paths).flatMap(([route, item]) =>
  Object.entries(item)
    .filter(([method]) => HTTP_METHODS.includes(method))
    .map(([method, operation]) => ({ operationId: operation.operationId, method, route, tags: operation.tags ?? [] })),
);
const label = (operation: Operation) => `${operation.operationId} (${operation.method.toUpperCase()} ${operation.route})`;
/** The group of an operation that has exactly one tag. */
const groupOf = (operation: Operation) => (operation.tags.length === 1 ? operation.tags[0] : undefined);

/** The bundle inlines the path files: the table of contents says which file holds each path. */
const tableOfContents = load(fs.readFileSync(path.join(root, 'openapi', 'openapi.yaml'), 'utf8')) as {
  paths: Record<string, { $ref?: string }>;
};

const folders = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

const handlersDir = path.join(root, 'server', 'http', 'handlers');
const handlerModules = fs
  .readdirSync(handlersDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

/** The names each handler module exports, by module. */
const exportsOf = new Map<string, Set<string>>();
beforeAll(async () => {
  for (const name of handlerModules) {
    const module: Record<string, unknown> = await import(path.join(handlersDir, name));
    exportsOf.set(name, new Set(Object.keys(module)));
  }
});

describe('tags', () => {
  it('every operation has exactly one tag', () => {
    const offenders = operations.filter((operation) => operation.tags.length !== 1).map((operation) => `${label(operation)}: [${operation.tags.join(', ')}]`);
    expect(offenders).toEqual([]);
  });

  it('every tag of an operation is declared in `tags:`, with a description', () => {
    const undeclared = operations.flatMap((operation) =>
      operation.tags.filter((tag) => !declaredTags.includes(tag)).map((tag) => `${label(operation)}: ${tag}`),
    );
    const undescribed = (spec.tags ?? []).filter((tag) => !tag.description?.trim()).map((tag) => `${tag.name}: no description`);
    expect([...undeclared, ...undescribed]).toEqual([]);
  });

  it('every declared tag has an operation, and is declared once', () => {
    const used = new Set(operations.flatMap((operation) => operation.tags));
    const unused = declaredTags.filter((tag) => !used.has(tag)).map((tag) => `${tag}: no operation`);
    const twice = declaredTags.filter((tag, index) => declaredTags.indexOf(tag) !== index).map((tag) => `${tag}: declared twice`);
    expect([...unused, ...twice]).toEqual([]);
  });
});

describe('openapi/paths/<tag>/', () => {
  it("every operation's path file is in the folder of its tag", () => {
    const offenders = operations.flatMap((operation) => {
      const ref = tableOfContents.paths[operation.route]?.$ref;
      if (!ref) return [`${label(operation)}: openapi.yaml has no $ref to a path file`];
      const folder = path.posix.dirname(path.posix.normalize(ref));
      const group = groupOf(operation);
      return group && folder === `paths/${group}` ? [] : [`${label(operation)}: in ${ref}, tag ${operation.tags.join(', ')}`];
    });
    expect(offenders).toEqual([]);
  });

  it('every folder is a tag', () => {
    expect(folders('openapi/paths').filter((folder) => !declaredTags.includes(folder))).toEqual([]);
  });
});

describe('server/http/handlers/<tag>.ts', () => {
  it("every operation's handler is exported by the module of its tag", () => {
    const offenders = operations.flatMap((operation) => {
      const group = groupOf(operation);
      if (group && exportsOf.get(group)?.has(operation.operationId)) return [];
      const where = handlerModules.filter((name) => exportsOf.get(name)?.has(operation.operationId));
      return [`${label(operation)}: tag ${operation.tags.join(', ')}, exported by ${where.map((name) => `${name}.ts`).join(', ') || 'no module'}`];
    });
    expect(offenders).toEqual([]);
  });

  it('every module is a tag', () => {
    expect(handlerModules.filter((name) => !declaredTags.includes(name))).toEqual([]);
  });
});

describe('test/integration/<tag>/', () => {
  it('every folder is a tag (tests of the whole server live outside test/integration)', () => {
    expect(folders('test/integration').filter((folder) => !declaredTags.includes(folder))).toEqual([]);
  });
});
