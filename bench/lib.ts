/**
 * Pieces shared by the benchmark driver (bench/run.ts) and the server children it forks
 * (bench/nestegg-server.ts, bench/better-auth-server.ts): the IPC protocol, the event-loop delay
 * monitor that runs inside each child, and the parent's handle on a child.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Readable } from 'node:stream';

/** How often the event-loop monitor samples, in ms. Its samples include this interval, which is subtracted. */
export const LOOP_RESOLUTION_MS = 5;

/** Event-loop delay seen by the server process: how late its timers ran, in ms. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/** What the server process saw since the last reset. */
export interface ServerStats {
  loopDelay: LoopDelay;
  /** CPU time of the whole process (main thread and libuv pool) per wall-clock time, in % of one core. */
  cpuPercent: number;
}

/** Parent -> child. */
export type ParentMessage = { type: 'stats-reset'; id: number } | { type: 'stats-read'; id: number } | { type: 'stop' };

/** Child -> parent. */
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'stats-reset'; id: number }
  | { type: 'stats-read'; id: number; stats: ServerStats }
  | { type: 'fatal'; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isParentMessage(value: unknown): value is ParentMessage {
  return isRecord(value) && (value.type === 'stop' || value.type === 'stats-reset' || value.type === 'stats-read');
}

function isChildMessage(value: unknown): value is ChildMessage {
  return isRecord(value) && typeof value.type === 'string' && ['ready', 'stats-reset', 'stats-read', 'fatal'].includes(value.type);
}

// ---------------------------------------------------------------------------------------------
// Child side

export interface ChildServer {
  port: number;
  close(): Promise<void>;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Event-loop delay and CPU use of this process since the last reset. */
function statsRecorder() {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  histogram.enable();
  const toMs = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
  let since = { cpu: process.cpuUsage(), at: process.hrtime.bigint() };
  return {
    reset() {
      histogram.reset();
      since = { cpu: process.cpuUsage(), at: process.hrtime.bigint() };
    },
    read(): ServerStats {
      const cpu = process.cpuUsage(since.cpu);
      const elapsedUs = Number(process.hrtime.bigint() - since.at) / 1000;
      return {
        loopDelay: { p50: toMs(histogram.percentile(50)), p99: toMs(histogram.percentile(99)), max: toMs(histogram.max), samples: histogram.count },
        cpuPercent: ((cpu.user + cpu.system) / elapsedUs) * 100,
      };
    },
  };
}

/**
 * Runs a server in this (forked) process: starts it, reports its port to the parent, answers the
 * parent's requests for event-loop delay and CPU use, and stops on request or when the parent goes away.
 */
export function serveInChild(start: () => Promise<ChildServer>): void {
  if (!process.send) throw new Error('run this file through bench/run.ts (it must be forked with an IPC channel)');
  const stats = statsRecorder();
  let server: ChildServer | undefined;

  const stop = () => {
    const closing = server ? server.close() : Promise.resolve();
    closing.then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'stop') return stop();
    if (message.type === 'stats-reset') {
      stats.reset();
      return send({ type: 'stats-reset', id: message.id });
    }
    send({ type: 'stats-read', id: message.id, stats: stats.read() });
  });
  process.once('disconnect', stop);

  start().then(
    (started) => {
      server = started;
      send({ type: 'ready', port: started.port });
    },
    (error: unknown) => {
      send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Parent side

/** The parent's handle on a server child. */
export interface ServerProcess {
  name: string;
  url: string;
  resetStats(): Promise<void>;
  readStats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

const MAX_ECHOED_LINES = 20;

/** Echoes a child's output with a prefix, up to a limit, so that a failing server still shows why. */
function echo(name: string, stream: Readable | null): void {
  if (!stream) return;
  let echoed = 0;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      echoed += 1;
      if (echoed <= MAX_ECHOED_LINES) process.stderr.write(`[${name}] ${line}\n`);
      else if (echoed === MAX_ECHOED_LINES + 1) process.stderr.write(`[${name}] ... (further output suppressed)\n`);
    }
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Waits for a message from the child that `accept` recognises, failing if the child exits first. */
function awaitMessage<T>(child: ChildProcess, name: string, accept: (message: ChildMessage) => T | undefined, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'fatal') {
        cleanup();
        return reject(new Error(`${name} failed to start: ${message.message}`));
      }
      const accepted = accept(message);
      if (accepted !== undefined) {
        cleanup();
        resolve(accepted);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${name} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Forks `bench/<script>` under tsx and waits until its server listens. */
export async function startServerProcess(name: string, script: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  // BENCH_CPU_PROF=<directory>: each server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = fork(path.join(__dirname, script), [], {
    execArgv: ['--import', 'tsx', ...profile],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  echo(name, child.stdout);
  echo(name, child.stderr);
  let nextId = 0;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(killer);
  };
  try {
    const port = await awaitMessage(child, name, (message) => (message.type === 'ready' ? message.port : undefined), 60_000);
    return {
      name,
      url: `http://127.0.0.1:${port}`,
      async resetStats() {
        const id = ++nextId;
        const answer = awaitMessage(child, name, (message) => (message.type === 'stats-reset' && message.id === id ? true : undefined), 10_000);
        child.send({ type: 'stats-reset', id } satisfies ParentMessage);
        await answer;
      },
      readStats() {
        const id = ++nextId;
        const answer = awaitMessage(child, name, (message) => (message.type === 'stats-read' && message.id === id ? message.stats : undefined), 10_000);
        child.send({ type: 'stats-read', id } satisfies ParentMessage);
        return answer;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A PostgreSQL URL with its database replaced. */
export function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface JsonResponse {
  status: number;
  body: unknown;
  setCookies: string[];
}

/** One JSON request to a local server (setup only; the load itself goes through autocannon). */
export async function requestJson(
  url: string,
  options: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, setCookies: response.headers.getSetCookie() };
}

/** A string field of a JSON object, or an error naming what was expected. */
export function stringField(body: unknown, field: string, what: string): string {
  const value = isRecord(body) ? body[field] : undefined;
  if (typeof value !== 'string') throw new Error(`${what}: expected "${field}" in ${JSON.stringify(body)}`);
  return value;
}

/** Runs `task` for 0..count-1 with at most `concurrency` at once, keeping the order of results. */
export async function mapLimit<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
