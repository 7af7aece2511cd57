import { startTestServer, type TestServer } from './server';

/**
 * The test file's server, with Frontegg's Node SDK (`@frontegg/client`) pointed at it through the
 * environment variables it reads. The SDK schedules a renewal of its environment token hours ahead
 * and never cancels it: what it schedules that far ahead is cancelled after the file, so that the
 * test process can end. Read the server only inside tests and hooks.
 */
export function useServerForFronteggSdk(): { readonly server: TestServer } {
  let server: TestServer | undefined;
  const scheduled: ReturnType<typeof setTimeout>[] = [];
  const realSetTimeout = global.setTimeout;
  beforeAll(async () => {
    server = await startTestServer();
    process.env.FRONTEGG_API_GATEWAY_URL = `${server.url}/`;
    process.env.FRONTEGG_CLIENT_ID = server.clientId;
    process.env.FRONTEGG_API_KEY = server.apiKey;
    jest.spyOn(global, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
      const handle = realSetTimeout(...args);
      if ((args[1] ?? 0) > 3_600_000) scheduled.push(handle);
      return handle;
    }) as typeof setTimeout);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    scheduled.forEach(clearTimeout);
    await server?.close();
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('the test server is not started yet: use it inside a test or hook');
      return server;
    },
  };
}
