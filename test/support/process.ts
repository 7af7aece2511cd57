import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createNesteggClient, type NesteggClient } from '../../client';

export interface ServerProcess {
  url: string;
  client: NesteggClient;
  clientId: string;
  apiKey: string;
  /** The process, to signal. */
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Stops it (SIGTERM: a graceful shutdown) and waits for it to exit. */
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '..', '..');

/**
 * nestegg as its own operating-system process (`tsx server/main.ts`, as `npm start` runs it) on the
 * database of this test run, with the environment variables given. Resolves once it listens.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PORT: '0', LOG_LEVEL: 'silent', NESTEGG_VALIDATE_RESPONSES: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server process did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on .* \(port (\d+),/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server process exited (${code}) before listening:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    client: createNesteggClient({ baseUrl: url }),
    clientId: process.env.NESTEGG_CLIENT_ID ?? '',
    apiKey: process.env.NESTEGG_API_KEY ?? '',
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
