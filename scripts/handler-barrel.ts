/**
 * Part of `npm run generate`: writes generated/handlers.ts, which re-exports every module in
 * server/http/handlers/. A new endpoint group is a new file there, never an edit to a shared list;
 * server/http/operations.ts types the re-exports as the registry, so a missing handler stays a
 * compile error (and two modules exporting one name are one too: TypeScript refuses the ambiguity).
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const handlersDir = path.join(root, 'server', 'http', 'handlers');
const barrel = path.join(root, 'generated', 'handlers.ts');

const modules = fs
  .readdirSync(handlersDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const text = [
  '// Written by `npm run generate` (scripts/handler-barrel.ts) from server/http/handlers/: do not edit.',
  '// Every handler module, re-exported; server/http/operations.ts types them as the handler registry.',
  ...modules.map((name) => `export * from '../server/http/handlers/${name}';`),
  '',
].join('\n');

fs.writeFileSync(barrel, text);
