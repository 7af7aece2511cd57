import './browser';
import { randomUUID } from 'node:crypto';
import { ContextHolder, createApiClient, type FronteggApiClient } from '@frontegg/rest-api';
import type { NesteggClient } from '../../../client';
import { asVendor, createTenant, createUser, PASSWORD, uniqueEmail } from '../../support/fixtures';
import type { TestServer } from '../../support/server';
import { linkIn, type Mailbox as RunMailbox } from '../../support/smtp';
import { Browser } from './browser';

/** Frontegg's browser SDK in a browser of its own, pointed at the server as an app configures it. */
export interface SdkBrowser {
  browser: Browser;
  api: FronteggApiClient;
  appName: string;
}

export function openSdk(server: Pick<TestServer, 'url' | 'clientId'>, browser = new Browser()): SdkBrowser {
  const appName = `app-${randomUUID()}`;
  ContextHolder.for(appName).setContext({
    baseUrl: server.url,
    clientId: server.clientId,
    requestCredentials: 'include',
    logLevel: 'error',
    beforeRequestInterceptor: browser.tag,
  } as unknown as Parameters<ContextHolder['setContext']>[0]);
  return { browser, api: createApiClient(appName), appName };
}

/** An email as a reader of it sees it: its subject, text, the query of its first link and its one-time code. */
interface ReceivedMail {
  subject: string;
  text: string;
  /** The query parameters of the first link in the text (`userId`, `token`, ...), empty when it has none. */
  params: Record<string, string>;
  /** The six-digit code the email offers, when it offers one. */
  code?: string;
}

/** The messages that nestegg sent, read in order: each one is handed out once. */
export interface Mailbox {
  /** Waits (at most `timeoutMs`) for the next message to `to`, whose subject matches when given, not handed out yet. */
  next(to: string, subject?: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
}

export function mailboxOf(smtp: RunMailbox): Mailbox {
  // By Message-ID: each read of the run's mailbox parses its messages anew.
  const handedOut = new Set<string | undefined>();
  return {
    async next(to, subject, timeoutMs = 15_000) {
      const mail = await smtp.waitFor(to, (candidate) => !handedOut.has(candidate.messageId) && (!subject || subject.test(candidate.subject ?? '')), timeoutMs);
      if (!mail.messageId) throw new Error(`a message to ${to} without a Message-ID`);
      handedOut.add(mail.messageId);
      const text = mail.text ?? '';
      const params = /https?:\/\/\S+/.test(text) ? Object.fromEntries(linkIn(mail).searchParams) : {};
      const code = /enter this code: (\d{6})/.exec(text)?.[1];
      return { subject: mail.subject ?? '', text, params, ...(code ? { code } : {}) };
    },
  };
}

/** An account with its first member (an Admin), logged in through the SDK as an app does. */
export interface Scenario extends SdkBrowser {
  server: TestServer;
  vendor: NesteggClient;
  tenantId: string;
  admin: { id: string; email: string; password: string };
  /** Another member of the account, made with the environment token. */
  member(): Promise<{ id: string; email: string; password: string }>;
  /** What nestegg emails (throws when the server was started without mail). */
  mailbox: Mailbox;
  /**
   * Invites `email` (a new address when not given) into the account with the environment token, as
   * an Admin does from the Admin Portal: nestegg emails them an activation link, or an invitation to
   * accept when the address already belongs to a user.
   */
  invite(email?: string): Promise<{ id: string; email: string }>;
}

const NO_MAIL: Mailbox = {
  next: () => Promise.reject(new Error('this scenario has no mailbox: start the server with mail')),
};

export async function loggedInAdmin(server: TestServer, mailbox: Mailbox = NO_MAIL): Promise<Scenario> {
  const { client: vendor } = await asVendor(server);
  const tenant = await createTenant(vendor);
  const admin = await createUser(vendor, tenant.tenantId);
  const sdk = openSdk(server);
  await sdk.api.auth.login({ email: admin.email, password: PASSWORD });
  return {
    ...sdk,
    server,
    vendor,
    tenantId: tenant.tenantId,
    admin: { id: admin.id, email: admin.email, password: PASSWORD },
    member: async () => {
      const user = await createUser(vendor, tenant.tenantId);
      return { id: user.id, email: user.email, password: PASSWORD };
    },
    mailbox,
    invite: async (email = uniqueEmail()) => {
      const { data, response, error } = await vendor.POST('/identity/resources/users/v1', {
        params: { header: { 'frontegg-tenant-id': tenant.tenantId } },
        body: { email, name: 'Invited Person' },
      });
      if (response.status !== 201 || !data) throw new Error(`invite failed: ${response.status} ${JSON.stringify(error)}`);
      return { id: data.id, email };
    },
  };
}
