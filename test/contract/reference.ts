import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/** Frontegg's published documents, beside the project at ../shared/reference, with the prefix each one's server adds. */
const REFERENCE_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'reference');
const DOCUMENTS: { file: string; prefix: string }[] = [
  { file: 'frontegg-identity-openapi.yml', prefix: '/identity' },
  { file: 'frontegg-tenants-openapi.yml', prefix: '/tenants' },
  { file: 'frontegg-sso-openapi.yml', prefix: '/team' },
  { file: 'frontegg-applications-openapi.yml', prefix: '/applications' },
  { file: 'frontegg-env-auth-openapi.yml', prefix: '/auth/vendor' },
];

export interface ReferenceOperation {
  document: string;
  category: string;
  method: string;
  path: string;
  statuses: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Document {
  paths: Record<string, Record<string, { tags?: string[]; responses?: Record<string, unknown> }>>;
}

/** Every operation of the reference documents, with its full path as nestegg serves it. */
export function referenceOperations(): ReferenceOperation[] {
  return DOCUMENTS.flatMap(({ file, prefix }) => {
    const document = yaml.load(fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8')) as Document;
    return Object.entries(document.paths).flatMap(([route, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        document: file.replace(/^frontegg-|-openapi\.yml$/g, ''),
        category: `${file.replace(/^frontegg-|-openapi\.yml$/g, '')}: ${item[method].tags?.[0] ?? '(untagged)'}`,
        method,
        path: route === '/' ? prefix : `${prefix}${route}`,
        statuses: Object.keys(item[method].responses ?? {}),
      })),
    );
  });
}

/** Paths compare without the names of their parameters. */
export function routeKey(method: string, route: string): string {
  return `${method.toUpperCase()} ${route.replace(/\{[^}]+\}/g, '{}')}`;
}
