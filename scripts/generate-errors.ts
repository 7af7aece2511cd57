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
  '/** Every feature\'s module of the error catalogue, by file name. */',
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
