/**
 * Writes the README's table of `@frontegg/rest-api` functions from the conformance catalog
 * (`test/conformance/rest-api.catalog.ts`). The conformance suite fails while the README's table
 * differs from what this writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';

async function main(): Promise<void> {
  // The SDK reads `window` when it loads.
  const dom = new JSDOM('', { url: 'http://localhost/' });
  Object.assign(globalThis, { window: dom.window, sessionStorage: dom.window.sessionStorage, localStorage: dom.window.localStorage });
  const { createApiClient } = await import('@frontegg/rest-api');
  const { renderSdkTable, withSdkTable } = await import('../test/conformance/sdk-table');
  const { version } = JSON.parse(fs.readFileSync(require.resolve('@frontegg/rest-api/package.json'), 'utf8')) as { version: string };
  const readme = path.join(__dirname, '..', 'README.md');
  fs.writeFileSync(readme, withSdkTable(fs.readFileSync(readme, 'utf8'), renderSdkTable(createApiClient('sdk-table'), version)));
  console.log('README.md: the SDK table is up to date');
}

void main();
