import fs from 'node:fs';
import path from 'node:path';
import { catalog, entryFor } from './rest-api.catalog';
import { renderSdkTable, withSdkTable } from './sdk-table';
import { openSdk } from './support/sdk';
import { defineSdkCalls, sdkFunctionList } from './support/runner';

/**
 * Every function of Frontegg's browser SDK (`@frontegg/rest-api`) that nestegg supports, called as an
 * app calls it, against a real server on the run's database: it must resolve to what the SDK's `.d.ts`
 * promises, and make no request that answers 4xx or 5xx on the way. The catalog says which functions
 * those are, and why the others are not (yet) supported. Calls that change an environment-wide setting
 * run in `rest-api.environment.test.ts`, on a database of their own.
 */
defineSdkCalls((entry) => !entry.environmentWide);

it('lists every function of the SDK in the catalog', () => {
  const unlisted = sdkFunctionList.filter(({ module, name }) => !entryFor(module, name)).map(({ module, name }) => `${module}.${name}`);
  expect(unlisted).toEqual([]);
});

it("README's table of SDK functions is the catalog's (npm run sdk:table)", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const { version } = JSON.parse(fs.readFileSync(require.resolve('@frontegg/rest-api/package.json'), 'utf8')) as { version: string };
  const { api } = openSdk({ url: 'http://unused.localhost', clientId: 'unused' });
  expect(readme).toBe(withSdkTable(readme, renderSdkTable(api, version)));
});

it('names no function that the SDK lacks', () => {
  const present = new Set(sdkFunctionList.map(({ module, name }) => `${module}.${name}`));
  const stale = Object.entries(catalog).flatMap(([module, entries]) => Object.keys(entries ?? {}).map((name) => `${module}.${name}`));
  expect(stale.filter((name) => !present.has(name))).toEqual([]);
});
