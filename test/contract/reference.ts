import fs from 'node:fs';
import path from 'node:path';

/**
 * The operations of Frontegg's published documents, as `npm run reference:manifest` wrote them from
 * `../shared/reference`: facts only, committed, so the tests need nothing outside the repository.
 */
export const MANIFEST_FILE = path.join(__dirname, 'reference-manifest.json');

interface ReferenceManifestOperation {
  method: string;
  /** The path as nestegg serves it: the document's server path in front. */
  path: string;
  /** The operation's first tag; null when it has none. */
  tag: string | null;
  statuses: string[];
}

export interface ReferenceManifestDocument {
  file: string;
  prefix: string;
  operations: ReferenceManifestOperation[];
}

export interface ReferenceManifest {
  $comment: string;
  documents: Record<string, ReferenceManifestDocument>;
}

export interface ReferenceOperation {
  document: string;
  category: string;
  method: string;
  path: string;
  statuses: string[];
}

/** Every operation of the reference documents, with its full path as nestegg serves it. */
export function referenceOperations(): ReferenceOperation[] {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as ReferenceManifest;
  return Object.entries(manifest.documents).flatMap(([document, { operations }]) =>
    operations.map(({ method, path: route, tag, statuses }) => ({
      document,
      category: `${document}: ${tag ?? '(untagged)'}`,
      method,
      path: route,
      statuses,
    })),
  );
}

/** Paths compare without the names of their parameters. */
export function routeKey(method: string, route: string): string {
  return `${method.toUpperCase()} ${route.replace(/\{[^}]+\}/g, '{}')}`;
}
