import { createHash } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { Logger } from 'pino';

/** Where and how long to ask the range API; `url` undefined: never (the offline list alone decides). */
export interface BreachedPasswordsConfig {
  url?: string;
  timeoutMs: number;
}

/** The fewest characters of a SHA-1 hex digest that are sent: the k-anonymity prefix of the range API. */
const PREFIX_LENGTH = 5;

/**
 * Whether a password is known to be breached. The one place that decides it, from two sources:
 *
 * - an offline list, always: the common-passwords dictionary of @zxcvbn-ts/language-common (about
 *   49,000 passwords taken from breaches), matched whole and case-insensitively;
 * - when the caller asks for it (`online`) and a URL is configured, the k-anonymity range API of
 *   Have I Been Pwned (or a mirror of it): `GET {url}/range/{first 5 hex of the SHA-1}` answers the
 *   suffixes of every breached hash with that prefix, as `SUFFIX:COUNT` lines. Only those five
 *   characters leave the server; the match is made here. `Add-Padding: true` asks for decoy lines
 *   (count 0), which are not matches.
 *
 * A failure of the range API (refused, timed out, an answer other than 2xx) never blocks anything:
 * it is logged, without the password or its hash, and the offline list decides alone.
 */
export function createBreachedPasswords(config: BreachedPasswordsConfig, logger?: Logger) {
  let known: Set<string> | undefined;
  const list = (): Set<string> => (known ??= new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())));
  const base = config.url?.replace(/\/+$/, '');

  /** Whether the range API lists the password; undefined when it could not be asked. */
  async function inRange(password: string): Promise<boolean | undefined> {
    if (base === undefined) return undefined;
    const digest = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
    const prefix = digest.slice(0, PREFIX_LENGTH);
    const suffix = digest.slice(PREFIX_LENGTH);
    const started = Date.now();
    try {
      const response = await fetch(`${base}/range/${prefix}`, {
        headers: { 'Add-Padding': 'true', accept: 'text/plain', 'user-agent': 'nestegg' },
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`the range API answered ${response.status}`);
      }
      const body = await response.text();
      for (const line of body.split('\n')) {
        const [lineSuffix, count] = line.trim().split(':');
        if (lineSuffix?.toUpperCase() === suffix && Number(count) > 0) return true;
      }
      return false;
    } catch (error) {
      // The prefix is not logged either: with the user of the request it narrows their password.
      const reason = describeFailure(error, config.timeoutMs);
      logger?.warn({ breachedPasswordsUrl: base, ms: Date.now() - started, reason }, 'breached-password range API unavailable: the offline list decides');
      return undefined;
    }
  }

  return {
    /**
     * Whether the password is breached: in the offline list, or (with `online`, when a URL is
     * configured) listed by the range API. The range API is not asked for a password the list has.
     */
    async isBreached(password: string, options: { online?: boolean } = {}): Promise<boolean> {
      if (list().has(password.toLowerCase())) return true;
      if (!options.online) return false;
      return (await inRange(password)) ?? false;
    },
    /** Whether the range API is configured (`NESTEGG_BREACHED_PASSWORDS_URL` not `off`). */
    get online(): boolean {
      return base !== undefined;
    },
    /** Loads the list now rather than at the first check. */
    warm(): void {
      list();
    },
  };
}

/** Why a range query failed, in words that hold nothing of the password. */
function describeFailure(error: unknown, timeoutMs: number): string {
  // Duck-typed: the timeout's DOMException need not be an Error of this realm.
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return `${String(message ?? name)}${code}`;
}

export type BreachedPasswords = ReturnType<typeof createBreachedPasswords>;
