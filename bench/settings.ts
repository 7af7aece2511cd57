/** What the benchmark runs and what it aims for: one place to read and to change. */
import type { Algorithm } from '@node-rs/argon2';

/** The argon2id parameters of nestegg's defaults (server/config.ts); Better Auth gets the same ones. */
export const ARGON2_PARAMETERS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
/** `Algorithm.Argon2id`: the package's enum is a const enum, which isolated modules cannot read. */
export const ARGON2ID = 2 as Algorithm;

export const SECONDS = { warmUp: 2, login: 15, refresh: 10, reads: 10, exchange: 10, apiKeyChecks: 10 };
export const CONNECTIONS = { warmUp: 4, login: 8, refresh: 10, reads: 10, exchange: 10, apiKeyChecks: 10, light: 2 };
/** Requests per second of each light load (refresh, reads) that runs during login saturation. */
export const LIGHT_RATE = 20;
export const USERS = 8;
/**
 * nestegg account API tokens the exchange phase cycles through (client id and secret of each). One
 * service per token is the usual set-up.
 */
export const API_TOKENS = 10;
export const PASSWORD = 'correct horse battery staple';
export const VERIFY_SAMPLES = 30;
/** Better Auth's default scrypt (@better-auth/utils/password on Node). */
export const SCRYPT_PARAMETERS = { N: 16384, r: 16, p: 1, dkLen: 64 } as const;
/** Above this much CPU (in % of one core) used by other work, the report warns that its figures are skewed. */
export const BUSY_WARNING_PERCENT = 20;
/** How long the run waits for a busy machine to go quiet before it starts anyway. */
export const QUIET_WAIT_SECONDS = 60;
export const TARGETS = { loginShareOfCeiling: 0.85, refreshPerSecond: 1000, readsPerSecond: 1500, loopDelayP99Ms: 20, exchangesPerSecond: 1000 };
/** Keycloak's sizing guide: client-credentials grants per second that one vCPU serves (the exchange's reference point). */
export const KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU = 120;
