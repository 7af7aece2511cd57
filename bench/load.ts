/**
 * Load generation: autocannon requests for each kind of call, with the answers checked (a 200 from
 * Better Auth's get-session can carry `null`), and the result of one phase.
 */
import autocannon from 'autocannon';
import type { LoopDelay } from './lib';
import type { PhaseCpu } from './cpu';

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A request for autocannon with a count of the answers that really succeeded. */
export interface Load {
  request: autocannon.Request;
  passed(): number;
}

export interface PhaseResult {
  /** Answers that succeeded (status and body checked). */
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Wrong status or body, connection errors and timeouts. */
  failed: number;
  seconds: number;
  /** Inside the server process, over the phase (with anything that ran beside it). */
  loopDelay?: LoopDelay;
  cpu?: PhaseCpu;
}

type ResponseCheck = (status: number, body: string) => boolean;

function checked(request: autocannon.Request, check: ResponseCheck): Load {
  let passed = 0;
  const onResponse = request.onResponse;
  return {
    request: {
      ...request,
      onResponse: (status, body, context, headers) => {
        if (typeof onResponse === 'function') onResponse(status, body, context, headers);
        if (check(status, body)) passed += 1;
      },
    },
    passed: () => passed,
  };
}

/** POSTs cycling through JSON bodies (so that logins spread over several users). */
export function cyclingPosts(requestPath: string, bodies: string[], headers: Record<string, string>, check: ResponseCheck): Load {
  let next = 0;
  return checked({ method: 'POST', path: requestPath, headers, setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }, check);
}

/** GETs cycling through credentials, one header set per session. */
export function cyclingGets(requestPath: string, credentials: Record<string, string>[], check: ResponseCheck): Load {
  let next = 0;
  return checked(
    {
      method: 'GET',
      path: requestPath,
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...credentials[next++ % credentials.length] } }),
    },
    check,
  );
}

/** GETs cycling through paths, each with its own headers (one per credential checked). */
export function cyclingPathGets(requests: { path: string; headers: Record<string, string> }[], check: ResponseCheck): Load {
  let next = 0;
  return checked(
    {
      method: 'GET',
      path: requests[0].path,
      setupRequest: (request) => {
        const { path: requestPath, headers } = requests[next++ % requests.length];
        return { ...request, path: requestPath, headers: { ...request.headers, ...headers } };
      },
    },
    check,
  );
}

function jsonString(body: string, field: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * nestegg refresh. Refresh tokens rotate and a used one presented again revokes its session, so
 * each chain (one session's latest token) is in flight on at most one request at a time: a request
 * takes an idle chain's token and its answer puts the next token back.
 */
export function refreshChains(requestPath: string, tokens: string[]): Load {
  const idle = [...tokens];
  return checked(
    {
      method: 'POST',
      path: requestPath,
      headers: JSON_HEADERS,
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ refreshToken: idle.shift() ?? 'no-idle-chain' }) }),
      onResponse: (status, body) => {
        const next = status === 201 ? jsonString(body, 'refreshToken') : undefined;
        if (next) idle.push(next);
      },
    },
    (status, body) => status === 201 && body.includes('"accessToken"'),
  );
}

export async function runLoad(url: string, load: Load, options: { connections: number; seconds: number; overallRate?: number }): Promise<PhaseResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    overallRate: options.overallRate,
    timeout: 30,
    requests: [load.request],
  });
  const ok = load.passed();
  const answered = result['2xx'] + result.non2xx;
  return {
    ok,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: Math.max(0, answered - ok) + result.errors,
    seconds: result.duration,
  };
}

/**
 * Concurrent runs (one per server process) as one phase: answers, failures and rates are summed;
 * p50 and p99 are the worse (the larger) of the runs' figures, not a true percentile of the union.
 */
export function mergeConcurrent(results: PhaseResult[]): PhaseResult {
  return {
    ok: results.reduce((sum, result) => sum + result.ok, 0),
    perSecond: results.reduce((sum, result) => sum + result.perSecond, 0),
    p50: Math.max(...results.map((result) => result.p50)),
    p99: Math.max(...results.map((result) => result.p99)),
    failed: results.reduce((sum, result) => sum + result.failed, 0),
    seconds: Math.max(...results.map((result) => result.seconds)),
  };
}

/** nestegg in two processes on one database: refresh and reads only. */
export interface PairResult {
  processes: number;
  refresh: PhaseResult;
  reads: PhaseResult;
}

/** Everything measured on one server. */
export interface SuiteResult {
  login: PhaseResult;
  /** Light loads during login saturation. */
  refreshDuringLogin: PhaseResult;
  readsDuringLogin: PhaseResult;
  refresh?: PhaseResult;
  reads?: PhaseResult;
  /** Client-credentials exchanges (nestegg only). */
  exchange?: PhaseResult;
  /** x-api-key checks. */
  apiKeyChecks?: PhaseResult;
}
