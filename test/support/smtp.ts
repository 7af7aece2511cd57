import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../server/config';
import { startTestServer, type TestServer } from './server';

export interface TestSmtp {
  url: string;
  /** Every message accepted so far, parsed. */
  messages: ParsedMail[];
  /** Refuses the next `count` messages with a temporary error (451). */
  refuseNext(count: number): void;
  /** How many messages were refused so far. */
  refused(): number;
  /** Waits for a message to this address (and matching `where`), then returns it. */
  waitFor(to: string, where?: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((address) => address.value.map((value) => (value.address ?? '').toLowerCase()));
}

/** A real SMTP server in the test process, on a free port, that keeps what it receives. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let toRefuse = 0;
  let refusedCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      if (toRefuse > 0) {
        toRefuse -= 1;
        refusedCount += 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(count) {
      toRefuse = count;
    },
    refused: () => refusedCount,
    async waitFor(to, where = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((mail) => recipients(mail).includes(to.toLowerCase()) && where(mail));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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

/**
 * A test SMTP server and a nestegg server whose mail goes to it (links built on `appUrl`), started
 * before the enclosing block's tests and closed after them.
 */
export function useMailServers(appUrl: string): { server: TestServer; smtp: TestSmtp } {
  const servers = {} as { server: TestServer; smtp: TestSmtp };
  beforeAll(async () => {
    servers.smtp = await startTestSmtp();
    servers.server = await startTestServer({ appUrl, mail: testMailConfig(servers.smtp.url) });
  });
  afterAll(async () => {
    await servers.server?.close();
    await servers.smtp?.close();
  });
  return servers;
}
