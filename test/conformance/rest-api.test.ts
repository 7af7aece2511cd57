import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from '../support/server';
import { startTestSmtp, testMailConfig, type TestSmtp } from '../support/smtp';
import { catalog, entryFor, sdkFunctions, type Module, type Supported } from './rest-api.catalog';
import { renderSdkTable, withSdkTable } from './sdk-table';
import { brokenPromises } from './support/judge';
import { loggedInAdmin, mailboxOf, openSdk, type Mailbox, type Scenario } from './support/sdk';

/**
 * Every function of Frontegg's browser SDK (`@frontegg/rest-api`) that nestegg supports, called as an
 * app calls it, against a real server: it must resolve to what the SDK's `.d.ts` promises, and make no
 * request that answers 4xx or 5xx on the way. The catalog says which functions those are, and why the
 * others are not (yet) supported.
 */
// One server for the file, whose mail goes to an SMTP server in the test process: the email-bound
// flows read their tokens and codes from the messages.
let server: TestServer;
let smtp: TestSmtp | undefined;
let mailbox: Mailbox;

const SDK_IGNORES = /\/frontegg\/entitlements\//; // the SDK loads entitlements after login and ignores their failure

let shared: Scenario | undefined;
beforeAll(async () => {
  smtp = await startTestSmtp();
  mailbox = mailboxOf(smtp);
  server = await startTestServer({ appUrl: 'https://app.nestegg.test', mail: testMailConfig(smtp.url) });
  shared = await loggedInAdmin(server, mailbox);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

/** What breaks the promise of the `.d.ts`, less what the catalog says it is wrong about. */
function judged(module: Module, name: string, entry: Supported, result: unknown): string[] {
  if (entry.dtsIsWrong) return [];
  return brokenPromises(module, name, result).filter((problem) => !(entry.nullWhere && entry.nullWhere.path.test(problem.split(' ')[0] ?? '')));
}

/** What went wrong in one call: the requests that failed on the way, then the broken promises (empty when it kept them). */
async function run(module: Module, name: string, entry: Supported): Promise<void> {
  const scenario = entry.ownSession ? await loggedInAdmin(server, mailbox) : shared;
  if (!scenario) throw new Error('no scenario');
  const before = scenario.browser.requests.length;
  let outcome: { result: unknown } | { error: string };
  try {
    outcome = { result: await entry.call(scenario) };
  } catch (error) {
    outcome = { error: `threw: ${(error as Error).message}` };
  }
  const failedRequests = scenario.browser.requests
    .slice(before)
    .filter((request) => request.status >= 400 && !SDK_IGNORES.test(request.path))
    .map((request) => `${request.method} ${request.path} -> ${request.status}`);
  if (entry.refused) {
    expect('error' in outcome).toBe(true);
    expect(failedRequests.filter((request) => !/ -> 40[13]$/.test(request))).toEqual([]);
    return;
  }
  const problems = 'error' in outcome ? [...failedRequests, outcome.error] : [...failedRequests, ...judged(module, name, entry, outcome.result)];
  expect(problems).toEqual([]);
  if ('result' in outcome) await entry.check?.(outcome.result as never, scenario);
}

const { api } = openSdk({ url: 'http://unused.localhost', clientId: 'unused' });
const functions = sdkFunctions(api);

it('lists every function of the SDK in the catalog', () => {
  const unlisted = functions.filter(({ module, name }) => !entryFor(module, name)).map(({ module, name }) => `${module}.${name}`);
  expect(unlisted).toEqual([]);
});

it("README's table of SDK functions is the catalog's (npm run sdk:table)", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const { version } = JSON.parse(fs.readFileSync(require.resolve('@frontegg/rest-api/package.json'), 'utf8')) as { version: string };
  expect(readme).toBe(withSdkTable(readme, renderSdkTable(api, version)));
});

it('names no function that the SDK lacks', () => {
  const present = new Set(functions.map(({ module, name }) => `${module}.${name}`));
  const stale = Object.entries(catalog).flatMap(([module, entries]) => Object.keys(entries ?? {}).map((name) => `${module}.${name}`));
  expect(stale.filter((name) => !present.has(name))).toEqual([]);
});

for (const { module, name } of functions) {
  const entry = entryFor(module, name);
  if (!entry || !('call' in entry)) continue;
  const title = `api.${module}.${name}`;
  if (entry.known) test.failing(`${title} (known to fail: ${entry.known})`, () => run(module, name, entry));
  else test(title, () => run(module, name, entry));
}
