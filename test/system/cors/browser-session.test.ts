import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import jwt from 'jsonwebtoken';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { asVendor, createTenant, createUser } from '../../support/fixtures';
import { useTestServer } from '../../support/server';
import { makeTempDir } from '../../support/temp';

/**
 * A web app on another site keeps its user logged in across a page reload, in a real browser, with
 * Frontegg's browser SDK (`@frontegg/rest-api`) unchanged: it logs in, the page reloads, and the
 * SDK's refresh (`api.auth.refreshTokenV3()`, what the store does on every load, body
 * `{"tenantId": null}`) gets a new access token from the refresh cookie alone.
 *
 * The setup, and why it really tests the cookie across sites:
 * - The app's page is served from http://127.0.0.1:<port>; the SDK calls nestegg at
 *   http://localhost:<port>. Those are different sites (an IP address and a host name), not only
 *   different origins, so the refresh cookie is a third-party cookie to the page: the browser sends
 *   it back only when it is `SameSite=None`. A `Lax` cookie is refused on the cross-site response
 *   that sets it, and the same flow is shown to log the user out (the control below).
 * - `SameSite=None` needs `Secure`. Chromium lets http://localhost set and receive Secure cookies
 *   (it counts as a secure context), so no TLS is needed here; in production nestegg is https.
 * - The throwaway browser profile is given the preference of an ordinary Chrome profile, third-party
 *   cookies allowed; Chromium's test profile blocks them by default ("UserPreferences"). Browsers that
 *   block third-party cookies outright (Safari, Firefox's strict mode) need the API on the app's own
 *   site (https://auth.example.com for https://app.example.com), where `Lax` suffices (see the README).
 *
 * The environment's cookie setting changes here, so the server has its own embedded database.
 */
const server = useTestServer({
  databaseUrl: undefined,
  // The cheapest password hashes nestegg allows: this test is about cookies, not hashing.
  argon2: { memoryCost: 8192, timeCost: 1, parallelism: 1 },
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`no Chromium at ${CHROMIUM}: .ci/run installs it`);
const describeWithBrowser = haveChromium ? describe : describe.skip;

/** What the page's script exposes: the SDK's ContextHolder and api, bundled by esbuild. */
const ENTRY = `
import { ContextHolder, api } from '@frontegg/rest-api';
window.useNestegg = (baseUrl) => ContextHolder.setContext({ baseUrl, requestCredentials: 'include' });
window.frontegg = { api, ContextHolder };
`;
const PAGE = '<!doctype html><html><head><script src="/sdk.js"></script></head><body>app</body></html>';

interface Browsing {
  browser: Browser;
  page: Page;
  profile: string;
  /** The app's origin, allowed; and another origin serving the same page, not allowed. */
  appOrigin: string;
  strangerOrigin: string;
  close(): Promise<void>;
}

async function startBrowsing(): Promise<Browsing> {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: path.resolve(__dirname, '../../..'), loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0].text;
  const serve = () =>
    new Promise<http.Server>((resolve) => {
      const pages = http.createServer((req, res) => {
        const isScript = req.url === '/sdk.js';
        res.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
        res.end(isScript ? script : PAGE);
      });
      pages.listen(0, '127.0.0.1', () => resolve(pages));
    });
  const [app, stranger] = await Promise.all([serve(), serve()]);
  const profile = makeTempDir('chromium-');
  fs.mkdirSync(path.join(profile, 'Default'));
  fs.writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  const page = await browser.newPage();
  return {
    browser,
    page,
    profile,
    appOrigin: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
    strangerOrigin: `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`,
    async close() {
      await browser.close();
      app.close();
      stranger.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** In the page: point the SDK at nestegg and log in; answers the access token. */
function sdkLogin(page: Page, apiUrl: string, email: string, password: string): Promise<string> {
  return page.evaluate(
    async (baseUrl, body) => {
      const { useNestegg, frontegg } = globalThis as unknown as SdkWindow;
      useNestegg(baseUrl);
      const user = await frontegg.api.auth.login(body);
      return user.accessToken;
    },
    apiUrl,
    { email, password },
  );
}

/** In the page, as the store does on load: refresh from the cookie (with users/v2/me), then the profile again. */
function sdkRefreshOnLoad(
  page: Page,
  apiUrl: string,
): Promise<{ ok: true; accessToken: string; email: string; sameUser: boolean; activeTenantId?: string } | { ok: false; status: number; message?: string }> {
  return page.evaluate(async (baseUrl) => {
    const { useNestegg, frontegg } = globalThis as unknown as SdkWindow;
    useNestegg(baseUrl);
    try {
      // What the store does on load: refreshTokenV3() stores the new token and loads users/v2/me and
      // users/v3/me/tenants into what it answers.
      const { user, activeTenant } = await frontegg.api.auth.refreshTokenV3();
      const me = await frontegg.api.auth.getMeV2();
      return { ok: true as const, accessToken: user.accessToken, email: me.email, sameUser: user.email === me.email, activeTenantId: activeTenant?.tenantId };
    } catch (error) {
      return { ok: false as const, status: (error as { statusCode?: number }).statusCode ?? 0, message: String(error), stack: (error as Error).stack };
    }
  }, apiUrl);
}

interface SdkWindow {
  useNestegg(baseUrl: string): void;
  frontegg: {
    api: {
      auth: {
        login(body: { email: string; password: string }): Promise<{ accessToken: string }>;
        refreshTokenV3(): Promise<{ user: { accessToken: string; email: string }; activeTenant?: { tenantId: string } }>;
        getMeV2(): Promise<{ email: string }>;
      };
    };
  };
}

describeWithBrowser('a browser app on another site, with @frontegg/rest-api', () => {
  let browsing: Browsing;
  beforeAll(async () => {
    browsing = await startBrowsing();
  });
  afterAll(() => browsing?.close());

  it('stays logged in across a reload with SameSite=None, is logged out by a Lax cookie, and an origin not allowed is refused', async () => {
    const { page, appOrigin, strangerOrigin } = browsing;
    // The SDK calls nestegg on another site than the page's (see above).
    const apiUrl = `http://localhost:${server.port}`;
    const { client: vendor } = await asVendor(server);
    expect((await vendor.PUT('/vendors', { body: { allowedOrigins: [appOrigin] } })).response.status).toBe(200);
    const tenant = await createTenant(vendor);
    const [laxUser, user] = await Promise.all([createUser(vendor, tenant.tenantId), createUser(vendor, tenant.tenantId)]);
    const setCookieSameSite = async (cookieSameSite: 'LAX' | 'NONE') => {
      const answer = await vendor.POST('/identity/resources/configurations/v1', { body: { cookieSameSite } });
      expect(answer.response.status).toBe(201);
    };

    // Control: with SameSite=Lax the cookie set on the cross-site login is refused, so a reload loses the session.
    await setCookieSameSite('LAX');
    await page.goto(appOrigin);
    expect(await sdkLogin(page, apiUrl, laxUser.email, laxUser.password)).toBeTruthy();
    await page.reload();
    expect(await sdkRefreshOnLoad(page, apiUrl)).toMatchObject({ ok: false, status: 401 });

    // With SameSite=None (and Secure), the cookie goes back across sites: the reload keeps the user logged in.
    await setCookieSameSite('NONE');
    await page.goto(appOrigin);
    const loginToken = await sdkLogin(page, apiUrl, user.email, user.password);
    await page.reload();
    const reloaded = await sdkRefreshOnLoad(page, apiUrl);
    expect(reloaded).toEqual({ ok: true, accessToken: expect.any(String), email: user.email, sameUser: true, activeTenantId: tenant.tenantId });
    // A token of the same session as the login's (within the same second it may even be the same one).
    const claims = (token: string) => jwt.decode(token) as jwt.JwtPayload;
    if (reloaded.ok) expect(claims(reloaded.accessToken)).toMatchObject({ sub: user.id, sid: claims(loginToken).sid });

    // The same page on an origin not in the list: the browser refuses the answer (fetch fails).
    await page.goto(strangerOrigin);
    const refused = await page.evaluate(async (baseUrl) => {
      const attempts = [
        fetch(`${baseUrl}/frontegg/identity/resources/configurations/v1/public`, { credentials: 'include' }),
        fetch(`${baseUrl}/frontegg/identity/resources/auth/v1/user/token/refresh`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: '{"tenantId":null}',
        }),
      ];
      return Promise.all(
        attempts.map((attempt) =>
          attempt.then(
            () => 'answered',
            (error: Error) => error.name,
          ),
        ),
      );
    }, apiUrl);
    expect(refused).toEqual(['TypeError', 'TypeError']);
  });
});
