import { availableParallelism } from 'node:os';
import path from 'node:path';
import { normalizeOrigin } from './lib/origin';
import { parseSecretsKey } from './lib/sealed';

/** Every setting nestegg reads from the environment, parsed once. The README documents each one. */
export interface Config {
  port: number;
  /** PostgreSQL connection string; when absent, the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  /** The public URL of this server: the `iss` of every token. */
  baseUrl: string;
  bootstrapClientId?: string;
  bootstrapApiKey?: string;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /** How many password hashes may run at once. */
  hashConcurrency: number;
  logLevel: string;
  /** Checks every response against the spec (on in development and tests, off in production). */
  validateResponses: boolean;
  /** Where links in emails point (activation, password reset, email change): the app's login box. */
  appUrl: string;
  /** Outbound email. Without `smtpUrl`, messages stay in the outbox table and are logged. */
  mail: {
    smtpUrl?: string;
    from: string;
    /** Whether this process sends queued email. Off: it only queues; processes that have it on send. */
    dispatch: boolean;
    /** How often the dispatcher looks for due messages besides being woken after a commit. */
    pollIntervalMs: number;
    /** The wait before the first retry; each further retry waits twice as long (at most an hour). */
    retryBaseMs: number;
    maxAttempts: number;
  };
  /** How often each process looks for background jobs (bulk invites, migrations) it can help with. */
  jobsPollIntervalMs: number;
  /** Days that used or expired link tokens, sent emails and finished jobs are kept. */
  retentionDays: number;
  /** How many proxies in front of the server are believed in X-Forwarded-For; 0 ignores the header. */
  trustProxy: number;
  /**
   * Limits on password-reset requests, per email and per client address: over a limit no email is
   * sent (the caller's answer does not change).
   */
  passwordResetLimits: {
    perEmail: { max: number; windowSeconds: number };
    perIp: { max: number; windowSeconds: number };
  };
  /** Sign-ups one IP address may make in a window; more are answered 429. */
  signUpRateLimit: { max: number; windowSeconds: number };
  /**
   * Emails a sign-up may cause to one address in a window (to the owner of an address in use); past
   * it none is sent and the answer does not change.
   */
  signUpEmailLimit: { max: number; windowSeconds: number };
  /** Where reCAPTCHA tokens are checked (Google's siteverify, or a compatible service), and how long an answer may take. */
  captcha: { verifyUrl: string; timeoutMs: number };
  /**
   * The k-anonymity range API of breached passwords (Have I Been Pwned or a mirror): `url` undefined
   * when it is off; `timeoutMs`, how long a query may take before the offline list decides alone.
   */
  breachedPasswords: { url?: string; timeoutMs: number };
  /** Days after which the signing key is rotated (checked hourly by every process); undefined: never on a schedule. */
  keyRotationDays?: number;
  /** How long (ms) a process trusts its reading of which key signs: under the publication lead, so a new key is seen before it signs. */
  signingKeyCacheMs: number;
  /**
   * The browser origins allowed to call with credentials (CORS), stored in the database on the first
   * start that finds none stored; undefined when NESTEGG_ALLOWED_ORIGINS is not set.
   */
  allowedOrigins?: string[];
  /** The operator key that seals the secrets the API gives back (applications' client and shared secrets); undefined: kept as given. */
  secretsKey?: Buffer;
  /** What login pages may show about the environment (`GET /vendors/public`); images are URLs, empty when unset. */
  vendor: { name: string; logoUrl: string; iconUrl: string };
}

export class ConfigError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A URL setting. The value itself is never echoed: DATABASE_URL and NESTEGG_SMTP_URL may carry a password. */
function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (scheme://host...; the value is not shown, it may hold a password)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

function secretsKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw === '') return undefined;
  const key = parseSecretsKey(raw);
  if (!key) throw new ConfigError('NESTEGG_SECRETS_KEY must be 32 bytes written as 64 hex digits or in base64');
  return key;
}

/** NESTEGG_ALLOWED_ORIGINS: origins separated by commas; undefined when unset. */
function allowedOrigins(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const origins: string[] = [];
  for (const item of raw.split(',')) {
    if (item.trim() === '') continue;
    const origin = normalizeOrigin(item);
    if (!origin) throw new ConfigError(`NESTEGG_ALLOWED_ORIGINS: "${item.trim()}" is not an origin such as https://app.example.com`);
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}

/** The range API's base URL: Have I Been Pwned's by default, none for `off`. */
function breachedPasswordsUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return 'https://api.pwnedpasswords.com';
  if (raw.trim().toLowerCase() === 'off') return undefined;
  return url('NESTEGG_BREACHED_PASSWORDS_URL', raw, ['http:', 'https:']).replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = env.DATABASE_URL ? url('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']) : undefined;
  const baseUrl = url('NESTEGG_BASE_URL', env.NESTEGG_BASE_URL || `http://localhost:${port}`, ['http:', 'https:']).replace(/\/+$/, '');
  const bootstrapClientId = env.NESTEGG_CLIENT_ID || undefined;
  if (bootstrapClientId !== undefined && !UUID.test(bootstrapClientId)) {
    throw new ConfigError(`NESTEGG_CLIENT_ID must be a UUID, got "${bootstrapClientId}"`);
  }
  const bootstrapApiKey = env.NESTEGG_API_KEY || undefined;
  if (bootstrapApiKey !== undefined && bootstrapApiKey.length < 16) {
    throw new ConfigError('NESTEGG_API_KEY must be at least 16 characters long');
  }
  const smtpUrl = env.NESTEGG_SMTP_URL ? url('NESTEGG_SMTP_URL', env.NESTEGG_SMTP_URL, ['smtp:', 'smtps:']) : undefined;
  const appUrl = url('NESTEGG_APP_URL', env.NESTEGG_APP_URL || baseUrl, ['http:', 'https:']).replace(/\/+$/, '');
  return {
    port,
    databaseUrl,
    dataDir: path.resolve(env.NESTEGG_DATA_DIR || '.nestegg-data'),
    baseUrl,
    bootstrapClientId,
    bootstrapApiKey,
    argon2: {
      memoryCost: integer(env, 'NESTEGG_ARGON2_MEMORY_KIB', 19456, 8192, 1048576),
      timeCost: integer(env, 'NESTEGG_ARGON2_ITERATIONS', 2, 1, 20),
      parallelism: integer(env, 'NESTEGG_ARGON2_PARALLELISM', 1, 1, 16),
    },
    hashConcurrency: integer(env, 'NESTEGG_HASH_CONCURRENCY', availableParallelism(), 1, 256),
    logLevel: env.LOG_LEVEL || 'info',
    validateResponses: env.NESTEGG_VALIDATE_RESPONSES ? env.NESTEGG_VALIDATE_RESPONSES === 'true' : env.NODE_ENV !== 'production',
    appUrl,
    mail: {
      smtpUrl,
      from: env.NESTEGG_SMTP_FROM || `nestegg <no-reply@${new URL(baseUrl).hostname}>`,
      dispatch: env.NESTEGG_MAIL_DISPATCH !== 'false',
      pollIntervalMs: integer(env, 'NESTEGG_MAIL_POLL_MS', 30_000, 10, 3_600_000),
      retryBaseMs: integer(env, 'NESTEGG_MAIL_RETRY_MS', 30_000, 10, 3_600_000),
      maxAttempts: integer(env, 'NESTEGG_MAIL_MAX_ATTEMPTS', 8, 1, 100),
    },
    jobsPollIntervalMs: integer(env, 'NESTEGG_JOBS_POLL_MS', 10_000, 10, 3_600_000),
    retentionDays: integer(env, 'NESTEGG_RETENTION_DAYS', 30, 1, 3650),
    trustProxy: integer(env, 'NESTEGG_TRUST_PROXY', 0, 0, 10),
    passwordResetLimits: {
      perEmail: {
        max: integer(env, 'NESTEGG_PASSWORD_RESET_EMAIL_LIMIT', 5, 0, 1_000_000),
        windowSeconds: integer(env, 'NESTEGG_PASSWORD_RESET_EMAIL_WINDOW_SECONDS', 600, 1, 86_400),
      },
      perIp: {
        max: integer(env, 'NESTEGG_PASSWORD_RESET_IP_LIMIT', 30, 0, 1_000_000),
        windowSeconds: integer(env, 'NESTEGG_PASSWORD_RESET_IP_WINDOW_SECONDS', 600, 1, 86_400),
      },
    },
    signUpRateLimit: {
      max: integer(env, 'NESTEGG_SIGNUP_RATE_LIMIT', 20, 1, 1_000_000),
      windowSeconds: integer(env, 'NESTEGG_SIGNUP_RATE_WINDOW_SECONDS', 3600, 1, 86_400),
    },
    signUpEmailLimit: {
      max: integer(env, 'NESTEGG_SIGNUP_EMAIL_LIMIT', 3, 0, 1_000_000),
      windowSeconds: integer(env, 'NESTEGG_SIGNUP_EMAIL_WINDOW_SECONDS', 3600, 1, 86_400),
    },
    captcha: {
      verifyUrl: url('NESTEGG_CAPTCHA_VERIFY_URL', env.NESTEGG_CAPTCHA_VERIFY_URL || 'https://www.google.com/recaptcha/api/siteverify', ['http:', 'https:']),
      timeoutMs: integer(env, 'NESTEGG_CAPTCHA_TIMEOUT_MS', 3000, 100, 60_000),
    },
    breachedPasswords: {
      url: breachedPasswordsUrl(env.NESTEGG_BREACHED_PASSWORDS_URL),
      timeoutMs: integer(env, 'NESTEGG_BREACHED_PASSWORDS_TIMEOUT_MS', 2000, 50, 60_000),
    },
    keyRotationDays: integer(env, 'NESTEGG_KEY_ROTATION_DAYS', 0, 0, 3650) || undefined,
    signingKeyCacheMs: integer(env, 'NESTEGG_SIGNING_KEY_CACHE_MS', 30_000, 0, 60_000),
    secretsKey: secretsKey(env.NESTEGG_SECRETS_KEY),
    vendor: {
      name: env.NESTEGG_VENDOR_NAME || 'nestegg',
      logoUrl: env.NESTEGG_VENDOR_LOGO_URL ? url('NESTEGG_VENDOR_LOGO_URL', env.NESTEGG_VENDOR_LOGO_URL, ['http:', 'https:']) : '',
      iconUrl: env.NESTEGG_VENDOR_ICON_URL ? url('NESTEGG_VENDOR_ICON_URL', env.NESTEGG_VENDOR_ICON_URL, ['http:', 'https:']) : '',
    },
    allowedOrigins: allowedOrigins(env.NESTEGG_ALLOWED_ORIGINS),
  };
}
