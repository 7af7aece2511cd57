import { startTestServer, type TestServer } from '../../support/server';
import { runMailbox, testMailConfig } from '../../support/smtp';
import { entryFor, sdkFunctions, type Module, type Supported } from '../rest-api.catalog';
import { brokenPromises } from './judge';
import { loggedInAdmin, mailboxOf, openSdk, type Mailbox, type Scenario } from './sdk';

const SDK_IGNORES = /\/frontegg\/entitlements\//; // the SDK loads entitlements after login and ignores their failure

/** What breaks the promise of the `.d.ts`, less what the catalog says it is wrong about. */
function judged(module: Module, name: string, entry: Supported, result: unknown): string[] {
  if (entry.dtsIsWrong) return [];
  return brokenPromises(module, name, result).filter((problem) => !entry.dtsDiffers?.path.test(problem.split(' ')[0] ?? ''));
}

/** Every function of `api.*`, as module and name. */
export const sdkFunctionList = sdkFunctions(openSdk({ url: 'http://unused.localhost', clientId: 'unused' }).api);

/**
 * Defines one test per supported catalog entry that `include` picks, each run against one server for
 * the file (`serverOptions`), whose mail goes to the run's mailbox (test/support/mailbox.ts): the email-bound
 * flows read their tokens and codes from the messages. A test fails on a request that answered 4xx or
 * 5xx on the way (but those the SDK ignores), on what the call threw, and on what breaks the promise
 * of the SDK's `.d.ts`; an entry the catalog marks `known` is expected to fail, `refused` to be refused.
 */
export function defineSdkCalls(include: (entry: Supported) => boolean, serverOptions: Parameters<typeof startTestServer>[0] = {}): void {
  let server: TestServer;
  const smtp = runMailbox();
  const mailbox: Mailbox = mailboxOf(smtp);
  let shared: Scenario | undefined;
  beforeAll(async () => {
    // A database of its own, on either run: what the SDKs see does not depend on the engine. Its mail
    // goes to the run's mailbox, as every test server's does.
    server = await startTestServer({ databaseUrl: undefined, ...serverOptions, appUrl: 'https://app.nestegg.test', mail: testMailConfig(smtp.url) });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The logged-in admin of every entry that needs no session of its own, made once. */
  async function sharedAdmin(): Promise<Scenario> {
    shared ??= await loggedInAdmin(server, mailbox);
    return shared;
  }

  async function run(module: Module, name: string, entry: Supported): Promise<void> {
    const scenario = entry.ownSession ? await loggedInAdmin(server, mailbox) : await sharedAdmin();
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

  for (const { module, name } of sdkFunctionList) {
    const entry = entryFor(module, name);
    if (!entry || !('call' in entry) || !include(entry)) continue;
    const title = `api.${module}.${name}`;
    if (entry.known) test.fails(`${title} (known to fail: ${entry.known})`, () => run(module, name, entry));
    else test(title, () => run(module, name, entry));
  }
}
