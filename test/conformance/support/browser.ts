/**
 * A browser, as far as Frontegg's browser SDK can tell, in the test process: a jsdom window (location,
 * sessionStorage, localStorage, document) installed as the globals the SDK reads, and a `fetch` that
 * keeps cookies per browser as a browser does (HttpOnly included, sent back to the host that set them,
 * `Secure` ones only over https). Each `Browser` has its own cookie jar and
 * its own `@frontegg/rest-api` client (an app name of its own in the SDK's ContextHolder), and logs every
 * request it makes with its status, so that a test can say which calls failed.
 *
 * Import this module before the SDK: the SDK reads `window` when its modules load.
 */
// The test server first: PGlite, in this process, decides where its WebAssembly lies when its module
// loads, from a global `document` if there is one (a browser's page). Loaded before the globals below
// exist, it keeps to the file system.
import '../../support/server';
import { JSDOM } from 'jsdom';
import { CookieJar } from 'tough-cookie';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://app.localhost/' });
const globals = globalThis as unknown as Record<string, unknown>;
for (const name of ['window', 'document', 'navigator', 'sessionStorage', 'localStorage', 'location', 'HTMLElement', 'Node'] as const) {
  if (!(name in globals) || name === 'window' || name === 'document' || name === 'location') {
    Object.defineProperty(globals, name, { value: (dom.window as unknown as Record<string, unknown>)[name], configurable: true, writable: true });
  }
}
// The SDK's entitlement and store code read these browser globals.
globals.atob ??= (text: string) => Buffer.from(text, 'base64').toString('binary');

export interface RequestRecord {
  method: string;
  /** The path and query, without the origin. */
  path: string;
  status: number;
}

/** What the SDK's request options carry, besides fetch's own: the browser that sends them. */
const BROWSER = Symbol('nestegg.browser');
type TaggedInit = RequestInit & { [BROWSER]?: Browser };

export class Browser {
  readonly jar = new CookieJar();
  readonly requests: RequestRecord[] = [];
  /** Where the app was sent (the store's `onRedirectTo`), in order. */
  readonly redirects: string[] = [];
  private inFlight = 0;

  /** Request options tagged with this browser, for the SDK's `beforeRequestInterceptor`. */
  readonly tag = (options: RequestInit): RequestInit => ({ ...options, [BROWSER]: this }) as TaggedInit;

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = await this.jar.getCookieString(url);
    if (cookie && init.credentials !== 'omit') headers.set('cookie', cookie);
    const { [BROWSER]: _browser, ...plain } = init as TaggedInit;
    this.inFlight += 1;
    try {
      const response = await realFetch(url, { ...plain, headers });
      for (const setCookie of response.headers.getSetCookie()) await this.jar.setCookie(setCookie, url, { ignoreError: true });
      const { pathname, search } = new URL(url);
      this.requests.push({ method: (init.method ?? 'GET').toUpperCase(), path: `${pathname}${search}`, status: response.status });
      return response;
    } finally {
      this.inFlight -= 1;
    }
  }

  /**
   * Resolves once no request of this browser has been under way for `quietMs` (the store fires its
   * requests from actions that do not return them), or rejects after `timeoutMs`.
   */
  async idle(quietMs = 150, timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    let quietSince = Date.now();
    let seen = this.requests.length;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (this.inFlight > 0 || this.requests.length !== seen) {
        quietSince = Date.now();
        seen = this.requests.length;
      } else if (Date.now() - quietSince >= quietMs) {
        return;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`the browser did not settle in ${timeoutMs} ms`);
    }
  }

  /** The requests that answered 4xx or 5xx, as `METHOD path -> status`. */
  failures(): string[] {
    return this.requests.filter((request) => request.status >= 400).map((request) => `${request.method} ${request.path} -> ${request.status}`);
  }
}

const realFetch = globalThis.fetch.bind(globalThis);

/** The global fetch the SDK calls: it goes through the browser that tagged the request. */
globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const browser = (init as TaggedInit | undefined)?.[BROWSER];
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!browser) return realFetch(input, init);
  return browser.fetch(url, init);
}) as typeof fetch;
(dom.window as unknown as { fetch: typeof fetch }).fetch = globalThis.fetch;
