/**
 * `npm run reference:manifest`: writes test/contract/reference-manifest.json from Frontegg's published
 * OpenAPI documents (`../shared/reference/*.yml` beside the project, or the folder named by
 * NESTEGG_REFERENCE_DIR). The manifest keeps facts only, per operation: method, path as nestegg
 * serves it (the document's server path in front), first tag and status codes. No description,
 * summary or schema is copied, so the repository carries no text of the documents and the coverage
 * test runs in a clone that has nothing beside it.
 *
 * Run it when the documents change; `--if-present` leaves the manifest alone when the folder is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { MANIFEST_FILE, type ReferenceManifest, type ReferenceManifestDocument } from '../test/contract/reference';

const root = path.join(__dirname, '..');
const referenceDir = path.resolve(root, process.env.NESTEGG_REFERENCE_DIR || path.join('..', 'shared', 'reference'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Document {
  servers?: { url: string }[];
  paths?: Record<string, Partial<Record<string, { tags?: string[]; responses?: Record<string, unknown> }>>>;
}

/** The path every server of a document shares (`https://api.frontegg.com/identity` -> `/identity`). */
function serverPath(file: string, document: Document): string {
  const paths = new Set((document.servers ?? []).map((server) => new URL(server.url).pathname.replace(/\/+$/, '')));
  if (paths.size !== 1) throw new Error(`${file}: expected its servers to share one path, found [${[...paths].join(', ')}]`);
  return [...paths][0];
}

function readDocument(file: string): ReferenceManifestDocument {
  const document = yaml.load(fs.readFileSync(path.join(referenceDir, file), 'utf8')) as Document;
  const prefix = serverPath(file, document);
  const operations = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path: route === '/' ? prefix : `${prefix}${route}`,
      tag: item[method]?.tags?.[0] ?? null,
      statuses: Object.keys(item[method]?.responses ?? {}),
    })),
  );
  return { file, prefix, operations };
}

/** One operation a line, so that a change in the documents reads as a short diff. */
function render(manifest: ReferenceManifest): string {
  const documents = Object.entries(manifest.documents).map(([name, document]) => {
    const operations = document.operations.map((operation) => `        ${JSON.stringify(operation)}`).join(',\n');
    return [
      `    ${JSON.stringify(name)}: {`,
      `      "file": ${JSON.stringify(document.file)},`,
      `      "prefix": ${JSON.stringify(document.prefix)},`,
      `      "operations": [\n${operations}\n      ]`,
      '    }',
    ].join('\n');
  });
  return `{\n  "$comment": ${JSON.stringify(manifest.$comment)},\n  "documents": {\n${documents.join(',\n')}\n  }\n}\n`;
}

function main(): void {
  if (!fs.existsSync(referenceDir)) {
    if (process.argv.includes('--if-present')) {
      console.log(`reference manifest: ${path.relative(root, referenceDir)} is absent, the committed manifest stays`);
      return;
    }
    throw new Error(`${referenceDir} does not exist: set NESTEGG_REFERENCE_DIR to the folder of Frontegg's documents`);
  }
  const files = fs
    .readdirSync(referenceDir)
    .filter((file) => file.endsWith('.yml'))
    .sort();
  if (files.length === 0) throw new Error(`${referenceDir} holds no .yml document`);
  const documents: ReferenceManifest['documents'] = {};
  for (const file of files) documents[file.replace(/^frontegg-|-openapi\.yml$/g, '')] = readDocument(file);
  const manifest: ReferenceManifest = {
    $comment: "Written by `npm run reference:manifest` from Frontegg's OpenAPI documents: do not edit. Facts only: method, path, first tag, status codes.",
    documents,
  };
  const text = render(manifest);
  JSON.parse(text); // the hand-rolled layout must stay valid JSON
  fs.writeFileSync(MANIFEST_FILE, text);
  const count = Object.values(documents).reduce((sum, document) => sum + document.operations.length, 0);
  console.log(`reference manifest: ${count} operations of ${files.length} documents in ${path.relative(root, MANIFEST_FILE)}`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`reference-manifest: ${(error as Error).message}\n`);
  process.exit(1);
}
