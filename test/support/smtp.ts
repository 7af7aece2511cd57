import { simpleParser, type ParsedMail } from 'mailparser';
import type { Config } from '../../server/config';
import { startTestServer, type TestServer } from './server';

export function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((address) => address.value.map((value) => (value.address ?? '').toLowerCase()));
}

/** Polls `find` every 20 ms until it returns a message, for at most `timeoutMs`. */
async function waitUntilFound(to: string, find: () => Promise<ParsedMail | undefined>, timeoutMs: number): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Mail settings for a test server: quick polls and retries. */
export function testMailConfig(smtpUrl?: string): Config['mail'] {
  return { smtpUrl, from: 'nestegg tests <no-reply@nestegg.test>', dispatch: true, pollIntervalMs: 50, retryBaseMs: 50, maxAttempts: 3 };
}

/** The first link in the text part of an email. */
export function linkIn(mail: ParsedMail): URL {
  const match = /https?:\/\/\S+/.exec(mail.text ?? '');
  if (!match) throw new Error(`no link in the email "${mail.subject}"`);
  return new URL(match[0]);
}

/** The run's mailbox, as the tests of a worker see it. */
export interface Mailbox {
  /** Where servers send mail (SMTP). */
  url: string;
  /** Waits for a message to this address (and matching `where`), then returns it. */
  waitFor(to: string, where?: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Every message so far to an address that starts with `prefix` (a test's own batch of addresses). */
  received(prefix: string): Promise<ParsedMail[]>;
  /** Refuses the next `count` messages to this address with a temporary error (451). */
  refuseNext(to: string, count: number): Promise<void>;
  /** How many messages to this address were refused so far. */
  refused(to: string): Promise<number>;
}

export function runMailbox(): Mailbox {
  const smtpUrl = process.env.NESTEGG_TEST_SMTP_URL;
  const api = process.env.NESTEGG_TEST_MAILBOX_URL;
  if (!smtpUrl || !api) throw new Error('the run mailbox is not started: run the tests with Vitest (test/support/global-setup.ts starts it)');
  const ask = async <T>(path: string, method = 'GET'): Promise<T> => (await (await fetch(`${api}${path}`, { method })).json()) as T;
  const parsed = async (query: string) => Promise.all((await ask<string[]>(`/messages?${query}`)).map((raw) => simpleParser(Buffer.from(raw, 'base64'))));
  return {
    url: smtpUrl,
    waitFor: (to, where = () => true, timeoutMs = 10_000) =>
      waitUntilFound(to, async () => (await parsed(new URLSearchParams({ to }).toString())).find(where), timeoutMs),
    received: (prefix) => parsed(new URLSearchParams({ prefix }).toString()),
    async refuseNext(to, count) {
      await ask(`/refuse?${new URLSearchParams({ to, count: String(count) })}`, 'POST');
    },
    refused: (to) => ask<number>(`/refused?${new URLSearchParams({ to })}`),
  };
}

/**
 * A nestegg server whose mail goes to the run's mailbox (links built on `appUrl`), started before the
 * enclosing block's tests and closed after them, and the mailbox.
 */
export function useMailServers(appUrl: string): { server: TestServer; smtp: Mailbox } {
  const servers = { smtp: runMailbox() } as { server: TestServer; smtp: Mailbox };
  beforeAll(async () => {
    servers.server = await startTestServer({ appUrl, mail: testMailConfig(servers.smtp.url) });
  });
  afterAll(async () => {
    await servers.server?.close();
  });
  return servers;
}
