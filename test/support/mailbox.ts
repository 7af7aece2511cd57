import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The run's mailbox: one SMTP server for every test file of a run, in Vitest's main process (started
 * by global-setup.ts), which keeps each message by its envelope recipients, and a small HTTP API over
 * it for the workers. On PostgreSQL all servers share one outbox, and any server that sends mail may
 * send any server's message: with one mailbox for all of them a message arrives where its test looks,
 * whichever server sent it, so files that send mail can run side by side.
 */
export async function startRunMailbox(): Promise<{ smtpUrl: string; url: string; close(): Promise<void> }> {
  const kept: { to: string[]; raw: string }[] = [];
  const toRefuse = new Map<string, number>();
  const refusedCount = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase());
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusedFor = to.find((address) => (toRefuse.get(address) ?? 0) > 0);
        if (refusedFor) {
          toRefuse.set(refusedFor, (toRefuse.get(refusedFor) ?? 0) - 1);
          refusedCount.set(refusedFor, (refusedCount.get(refusedFor) ?? 0) + 1);
          callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
          return;
        }
        kept.push({ to, raw: Buffer.concat(chunks).toString('base64') });
        callback();
      });
    },
  });
  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mailbox');
    const to = (url.searchParams.get('to') ?? '').toLowerCase();
    const prefix = (url.searchParams.get('prefix') ?? '').toLowerCase();
    const answer = (body: unknown) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/messages') {
      return answer(
        kept
          .filter((message) => message.to.some((address) => (to ? address === to : prefix !== '' && address.startsWith(prefix))))
          .map((message) => message.raw),
      );
    }
    if (url.pathname === '/refuse' && req.method === 'POST') {
      toRefuse.set(to, Number(url.searchParams.get('count') ?? 0));
      return answer({});
    }
    if (url.pathname === '/refused') return answer(refusedCount.get(to) ?? 0);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  return {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    url: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}
