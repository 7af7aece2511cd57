/**
 * Writes generated/errors.ts: one import per module of server/services/errors/catalogue/, in
 * file-name order, and `errors`, every module's factories in one typed object. Run by
 * `npm run generate`, so a feature adds its errors as a file and edits no shared list.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const catalogue = path.join(root, 'server', 'services', 'errors', 'catalogue');
const target = path.join(root, 'generated', 'errors.ts');

const files = fs
  .readdirSync(catalogue)
  .filter((file) => file.endsWith('.ts'))
  .sort();
const modules = files.map((file) => {
  const name = file.slice(0, -'.ts'.length);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`${file}: a catalogue module is named in kebab-case`);
  return { name, identifier: name.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()) };
});

const text = [
  '// Written by `npm run generate` (scripts/generate-errors.ts) from server/services/errors/catalogue/.',
  '// Do not edit: a feature adds its own module there.',
  ...modules.map(({ name, identifier }) => `import ${identifier} from '../server/services/errors/catalogue/${name}';`),
  '',
  "/** Every feature's module of the error catalogue, by file name. */",
  'export const errorModules = {',
  ...modules.map(({ name, identifier }) => `  '${name}': ${identifier},`),
  '};',
  '',
  '/** Every error of the catalogue, by name. */',
  'export const errors = {',
  ...modules.map(({ identifier }) => `  ...${identifier}.errors,`),
  '};',
  '',
].join('\n');

fs.writeFileSync(target, text);

/*
 * generated/error-codes.json: every code with its status and message template, those any request
 * may get, and the retired ones, for the docs (openapi/plugins/nestegg.cjs writes them into the
 * bundled spec's descriptions). Read after the barrel above is written, so it is this run's.
 */
const { describeError, errorModules } = require('../server/services/errors') as typeof import('../server/services/errors');
const { ANY_OPERATION_CODES, STATUS } = require('../server/http/errors') as typeof import('../server/http/errors');

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const described = Object.entries(errorModules).flatMap(([feature, module]) =>
  Object.values(module.errors).map((factory) => {
    const { code, kind, template } = describeError(factory);
    return { code, status: STATUS[kind], message: template, feature };
  }),
);
const retired = Object.entries(errorModules).flatMap(([feature, module]) =>
  Object.entries(module.retired).map(([code, meaning]) => ({ code, meaning, feature })),
);
const catalogueJson = {
  anyOperation: [...ANY_OPERATION_CODES].sort(),
  codes: described.sort(byCode),
  retired: retired.sort(byCode),
};
fs.writeFileSync(path.join(root, 'generated', 'error-codes.json'), `${JSON.stringify(catalogueJson, null, 2)}\n`);
