import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The SHA-1 of a password as the range API spells it: 40 uppercase hex characters. */
export function sha1Hex(password: string): string {
  return createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
}

/** One request the stand-in received. */
interface RangeRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A local stand-in for the k-anonymity range API of breached passwords. It answers
 * `GET /range/{5 hex}` with the suffixes of the passwords it was told are breached under that
 * prefix, mixed with padding lines (random suffixes, count 0) as the real API does with
 * `Add-Padding: true`. `mode` makes it fail: `error` answers 500, `hang` never answers, `down`
 * refuses connections (the port is closed until `mode` goes back to another value).
 */
export async function startBreachedRange() {
  const breached = new Map<string, number>(); // full SHA-1 -> count
  const padded = new Set<string>(); // full SHA-1 listed with count 0 (a padding line)
  const requests: RangeRequest[] = [];
  let mode: 'ok' | 'error' | 'hang' | 'down' = 'ok';

  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    if (mode === 'hang') return; // held open until the caller gives up (or the stand-in closes)
    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream trouble');
      return;
    }
    const match = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) {
      res.writeHead(404).end();
      return;
    }
    const prefix = match[1]!;
    const lines: string[] = [];
    for (const [hash, count] of breached) if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:${count}`);
    for (const hash of padded) if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:0`);
    const padding = req.headers['add-padding'] === 'true' ? 20 : 0;
    for (let i = 0; i < padding; i += 1) lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`);
    lines.sort();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  async function setMode(next: typeof mode): Promise<void> {
    if (next === mode) return;
    if (mode === 'down') await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    if (next === 'down') {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    mode = next;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Lists the password as breached (seen `count` times). */
    addBreached(password: string, count = 42): void {
      breached.set(sha1Hex(password), count);
    },
    /** Lists the password's suffix with count 0, as a padding line would. */
    addPadded(password: string): void {
      padded.add(sha1Hex(password));
    },
    setMode,
    async close(): Promise<void> {
      if (mode === 'down') return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type BreachedRange = Awaited<ReturnType<typeof startBreachedRange>>;
