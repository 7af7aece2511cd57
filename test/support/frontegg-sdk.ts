import { sharedTestServer, type TestServer } from './server';

/**
 * The test process's shared server, with Frontegg's Node SDK (`@frontegg/client`) pointed at it
 * through the environment variables it reads. The SDK keeps what it learns (the environment token,
 * the keys that verify tokens) in its module for the process, so every file of a process that uses
 * it must talk to the same server: the shared one. The SDK schedules a renewal of its environment
 * token hours ahead and never cancels it: what it schedules that far ahead is cancelled after the
 * file, so that the test process can end. Read the server only inside tests and hooks.
 */
export function useServerForFronteggSdk(): { readonly server: TestServer } {
  let server: TestServer | undefined;
  const scheduled: ReturnType<typeof setTimeout>[] = [];
  const realSetTimeout = global.setTimeout;
  beforeAll(async () => {
    server = await sharedTestServer();
    process.env.FRONTEGG_API_GATEWAY_URL = `${server.url}/`;
    process.env.FRONTEGG_CLIENT_ID = server.clientId;
    process.env.FRONTEGG_API_KEY = server.apiKey;
    vi.spyOn(global, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
      const handle = realSetTimeout(...args);
      if ((args[1] ?? 0) > 3_600_000) scheduled.push(handle);
      return handle;
    }) as typeof setTimeout);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    scheduled.forEach(clearTimeout);
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('the test server is not started yet: use it inside a test or hook');
      return server;
    },
  };
}
