import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { constantTimeEqual, randomSecret } from '../lib/crypto';
import { createSecretBox, type SecretBox } from '../lib/sealed';
import { normalizeOrigin } from '../lib/origin';
import {
  ensureJwtSecret,
  findAllowedOrigins,
  findEnvironment,
  insertEnvironment,
  mergeSettings,
  seedAllowedOrigins,
  updateAllowedOrigins,
  updateApiKeyHash,
  type EnvironmentRow,
} from '../repositories/environments';
import { errors } from './errors';
import type { Passwords } from './passwords';

/** Environment-wide identity settings, with the defaults an environment starts with. */
export interface EnvironmentSettings {
  defaultTokenExpiration: number;
  defaultRefreshTokenExpiration: number;
  cookieSameSite: 'STRICT' | 'LAX' | 'NONE';
  jwtAlgorithm: 'RS256' | 'HS256';
  rotateRefreshTokens: boolean;
  allowSignups: boolean;
  allowNotVerifiedUsersLogin: boolean;
  apiTokensEnabled: boolean;
  forcePermissions: boolean;
  authStrategy: 'EmailAndPassword';
  machineToMachineAuthStrategy: 'ClientCredentials' | 'AccessToken';
  /** Groups can be used at all. */
  groupsEnabled: boolean;
  /** Groups can carry roles, and members hold them. */
  groupRolesEnabled: boolean;
  /** Users can be given an expiry (temporary users). */
  temporaryUsersEnabled: boolean;
  /** How new users are asked to activate (a link or a code), and how long an activation code works, in seconds. */
  activationStrategy: 'code' | 'link';
  activationCodeExpiration: number;
  /** How invited users are asked to accept, and how long an invitation code works, in seconds. */
  invitationStrategy: 'code' | 'link';
  invitationCodeExpiration: number;
  /** Users may change their email (user emails policy). */
  allowEmailChange: boolean;
  /** Roles and permissions go into user access tokens; off, they are left out (and looked up per request). */
  addRolesToJwt: boolean;
  addPermissionsToJwt: boolean;
}

const defaultSettings: EnvironmentSettings = {
  defaultTokenExpiration: 300,
  defaultRefreshTokenExpiration: 2_592_000,
  cookieSameSite: 'LAX',
  jwtAlgorithm: 'RS256',
  rotateRefreshTokens: true,
  allowSignups: true,
  allowNotVerifiedUsersLogin: false,
  apiTokensEnabled: true,
  forcePermissions: false,
  authStrategy: 'EmailAndPassword',
  machineToMachineAuthStrategy: 'ClientCredentials',
  groupsEnabled: true,
  groupRolesEnabled: true,
  temporaryUsersEnabled: false,
  activationStrategy: 'link',
  activationCodeExpiration: 7 * 24 * 3600,
  invitationStrategy: 'link',
  invitationCodeExpiration: 7 * 24 * 3600,
  allowEmailChange: true,
  addRolesToJwt: true,
  addPermissionsToJwt: true,
};

/** The settings in force, from what is stored (a setting never stored has its default). */
export function settingsFrom(stored: Record<string, unknown> | null | undefined): EnvironmentSettings {
  return { ...defaultSettings, ...(stored as Partial<EnvironmentSettings> | null | undefined) };
}

/**
 * Fields of Frontegg's environment configuration that nestegg does not act on: shown with the one
 * value nestegg behaves by; a change to another value is refused (ER-07101), never stored and ignored.
 */
export const FIXED_SETTINGS = {
  apiTokensEnabled: true,
  forcePermissions: false,
  authStrategy: 'EmailAndPassword',
  // Accounts can have their own password policy (see password-policies.ts).
  allowOverridePasswordComplexity: true,
  allowOverridePasswordExpiration: true,
  allowOverrideEnforcePasswordHistory: true,
  addSamlAttributesToJwt: false,
  defaultPasswordlessTokenExpiration: 300,
  forceSameDeviceOnAuth: false,
  allowTenantInvitations: true,
  skipTenantValidation: false,
  allowCustomLoginTenantSwitch: false,
} as const;

/** The settings a POST may change, and what nestegg does with each. */
export interface SettingsChange {
  defaultTokenExpiration?: number;
  defaultRefreshTokenExpiration?: number;
  cookieSameSite?: EnvironmentSettings['cookieSameSite'];
  allowSignups?: boolean;
  allowNotVerifiedUsersLogin?: boolean;
  jwtAlgorithm?: EnvironmentSettings['jwtAlgorithm'];
  rotateRefreshTokens?: boolean;
  addRolesToJwt?: boolean;
  addPermissionsToJwt?: boolean;
  machineToMachineAuthStrategy?: EnvironmentSettings['machineToMachineAuthStrategy'];
}

const HONORED: readonly (keyof SettingsChange)[] = [
  'defaultTokenExpiration',
  'defaultRefreshTokenExpiration',
  'cookieSameSite',
  'allowSignups',
  'allowNotVerifiedUsersLogin',
  'jwtAlgorithm',
  'rotateRefreshTokens',
  'addRolesToJwt',
  'addPermissionsToJwt',
  'machineToMachineAuthStrategy',
];

/** Bounds of the lifetimes, in seconds. */
const TOKEN_LIFETIME_RANGE = { min: 30, max: 2_592_000 } as const;
const REFRESH_LIFETIME_RANGE = { min: 60, max: 15_552_000 } as const;

/** How long a process keeps the JWT algorithm it read, for token checks (a change elsewhere shows within it). */
const JWT_SIGNING_CACHE_MS = 1000;
/** How long a process keeps the allowed origins it read (CORS): the JWT algorithm's rule. */
const ALLOWED_ORIGINS_CACHE_MS = JWT_SIGNING_CACHE_MS;

/** The longest lifetime of a token a signing key signs under these settings (environment tokens included), in seconds. */
export function longestTokenLifetime(settings: EnvironmentSettings): number {
  return Math.max(VENDOR_TOKEN_LIFETIME, settings.defaultTokenExpiration);
}

/** The advisory lock that serializes first-start bootstrap across processes. */
export const BOOTSTRAP_LOCK = 7_349_201;

/** Lifetime of an environment (vendor) token, in seconds. */
export const VENDOR_TOKEN_LIFETIME = 86_400;

export interface Environment {
  id: string;
  clientId: string;
}

/** The environment as the services see it: its ids and whether its public URL is https. */
export interface EnvironmentIdentity extends Environment {
  secureOrigin: boolean;
}

export interface BootstrapResult extends Environment {
  /** Set only when this start created the environment: the API key, to be shown once. */
  createdApiKey?: string;
  created: boolean;
}

/**
 * Creates the environment on a first start, or checks the stored one against the configuration.
 * Two processes starting together on an empty database create one environment: the advisory lock
 * makes the second wait and then find the first one's.
 */
export async function bootstrapEnvironment(
  db: Db,
  passwords: Passwords,
  wanted: { clientId?: string; apiKey?: string; allowedOrigins?: string[] },
): Promise<BootstrapResult> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [BOOTSTRAP_LOCK]);
    const existing = await findEnvironment(trx);
    if (existing) {
      if (wanted.clientId && wanted.clientId !== existing.client_id) {
        throw new Error(`NESTEGG_CLIENT_ID (${wanted.clientId}) differs from this database's client id (${existing.client_id})`);
      }
      if (wanted.apiKey && !(await passwords.verify(wanted.apiKey, existing.api_key_hash)).ok) {
        await updateApiKeyHash(trx, existing.id, await passwords.hash(wanted.apiKey));
      }
      // CORS: the start-up default fills the allowed origins once; PUT /vendors changes them after.
      if (wanted.allowedOrigins) await seedAllowedOrigins(trx, existing.id, wanted.allowedOrigins);
      return { id: existing.id, clientId: existing.client_id, created: false };
    }
    const clientId = wanted.clientId ?? randomUUID();
    const apiKey = wanted.apiKey ?? randomSecret(32);
    const id = randomUUID();
    await insertEnvironment(trx, { id, client_id: clientId, api_key_hash: await passwords.hash(apiKey) });
    if (wanted.allowedOrigins) await seedAllowedOrigins(trx, id, wanted.allowedOrigins);
    return { id, clientId, created: true, createdApiKey: wanted.apiKey ? undefined : apiKey };
  });
}

export function createEnvironmentService(
  db: Db,
  passwords: Passwords,
  environment: EnvironmentIdentity,
  hooks: { tokenLifetimeChanged?: () => Promise<void> } = {},
  /** Seals the HS256 secret at rest (NESTEGG_SECRETS_KEY); without it, kept as given. */
  secrets: SecretBox = createSecretBox(undefined),
) {
  const jwtSecretContext = `environment:${environment.id}:jwt-secret`;
  const openJwtSecret = (stored: string | null) => (stored === null ? undefined : secrets.open(stored, jwtSecretContext));
  let signingCache: { value: Promise<{ algorithm: EnvironmentSettings['jwtAlgorithm']; secret?: string }>; at: number } | undefined;
  let originsCache: { value: Promise<ReadonlySet<string>>; at: number } | undefined;

  /** Frontegg's vendor object, as far as nestegg keeps it: the client id and the allowed origins. */
  async function vendor(): Promise<{ id: string; allowedOrigins: string[] }> {
    return { id: environment.clientId, allowedOrigins: (await findAllowedOrigins(db, environment.id)) ?? [] };
  }

  async function row(from: Db = db): Promise<EnvironmentRow> {
    const found = await findEnvironment(from);
    if (!found) throw new Error('the environment row is missing');
    return found;
  }

  return {
    ...environment,

    /**
     * The settings now in force. Read from the database on every call, so a change shows in every
     * process at once. Inside a transaction, pass it (`from`): PGlite has one connection.
     */
    async settings(from: Db = db): Promise<EnvironmentSettings> {
      return settingsFrom((await row(from)).settings);
    },

    /** The settings now in force, with when the environment was created and last changed. */
    async settingsWithTimes(): Promise<{ settings: EnvironmentSettings; createdAt: Date; updatedAt: Date }> {
      const found = await row();
      return { settings: settingsFrom(found.settings), createdAt: found.created_at, updatedAt: found.updated_at };
    },

    /**
     * Changes the settings named in `partial` and keeps the others, in one statement; answers the
     * settings now in force. A key whose value is undefined is left out (JSON has no undefined).
     */
    async updateSettings(partial: Partial<EnvironmentSettings>): Promise<EnvironmentSettings> {
      const settings = await mergeSettings(db, environment.id, partial);
      signingCache = undefined;
      return settingsFrom(settings);
    },

    /**
     * `POST /identity/resources/configurations/v1`: checks every field, refuses a change to one that
     * nestegg does not act on, stores the rest. Choosing HS256 makes the HMAC secret the first time.
     * A longer token lifetime keeps superseded signing keys published longer.
     */
    async configure(input: SettingsChange & Record<string, unknown>): Promise<EnvironmentSettings> {
      for (const [field, fixed] of Object.entries(FIXED_SETTINGS)) {
        if (input[field] !== undefined && input[field] !== fixed) throw errors.settingNotSupported(field, fixed);
      }
      const lifetime = (field: 'defaultTokenExpiration' | 'defaultRefreshTokenExpiration', range: { min: number; max: number }) => {
        const value = input[field];
        if (value !== undefined && (!Number.isInteger(value) || value < range.min || value > range.max)) {
          throw errors.settingOutOfRange(field, range.min, range.max);
        }
      };
      lifetime('defaultTokenExpiration', TOKEN_LIFETIME_RANGE);
      lifetime('defaultRefreshTokenExpiration', REFRESH_LIFETIME_RANGE);
      const change: Partial<EnvironmentSettings> = {};
      for (const field of HONORED) if (input[field] !== undefined) Object.assign(change, { [field]: input[field] });
      if (change.jwtAlgorithm === 'HS256') await ensureJwtSecret(db, environment.id, secrets.seal(randomSecret(48), jwtSecretContext));
      const before = settingsFrom((await row()).settings);
      const after = settingsFrom(await mergeSettings(db, environment.id, change));
      signingCache = undefined;
      if (after.defaultTokenExpiration > before.defaultTokenExpiration) await hooks.tokenLifetimeChanged?.();
      return after;
    },

    /** The HS256 secret, when one was made (shown in the configuration, as Frontegg does). */
    async jwtSecret(): Promise<string | undefined> {
      return openJwtSecret((await row()).jwt_secret);
    },

    /**
     * The algorithm tokens are signed and checked with, and the HS256 secret. Read at most once a
     * second per process; a change made here shows at once, one made by another process within a second.
     */
    jwtSigning(): Promise<{ algorithm: EnvironmentSettings['jwtAlgorithm']; secret?: string }> {
      const now = Date.now();
      if (!signingCache || now - signingCache.at > JWT_SIGNING_CACHE_MS) {
        const value = row().then((found) => ({
          algorithm: settingsFrom(found.settings).jwtAlgorithm,
          secret: openJwtSecret(found.jwt_secret),
        }));
        // A failed read is not kept.
        value.catch(() => (signingCache = undefined));
        signingCache = { value, at: now };
      }
      return signingCache.value;
    },

    vendor,

    /**
     * `PUT /vendors`: replaces the allowed origins when `allowedOrigins` is sent (each one normalized,
     * duplicates dropped; anything but a plain origin is a 400), keeps them otherwise.
     */
    async updateVendor(change: { allowedOrigins?: string[] }): Promise<{ id: string; allowedOrigins: string[] }> {
      if (change.allowedOrigins !== undefined) {
        const origins: string[] = [];
        for (const raw of change.allowedOrigins) {
          const origin = normalizeOrigin(raw);
          if (!origin) throw errors.invalidAllowedOrigin(raw);
          if (!origins.includes(origin)) origins.push(origin);
        }
        await updateAllowedOrigins(db, environment.id, origins);
        originsCache = undefined;
      }
      return vendor();
    },

    /**
     * Whether a browser page of `origin` may call with credentials. The list is read at most once a
     * second per process: a change made here shows at once, one made by another process within a second.
     */
    async isAllowedOrigin(origin: string): Promise<boolean> {
      const now = Date.now();
      if (!originsCache || now - originsCache.at > ALLOWED_ORIGINS_CACHE_MS) {
        const value = findAllowedOrigins(db, environment.id).then((origins) => new Set(origins ?? []));
        // A failed read is not kept.
        value.catch(() => (originsCache = undefined));
        originsCache = { value, at: now };
      }
      return (await originsCache.value).has(origin);
    },

    /** Checks the environment's credentials. Spends the same time whether the client id is right or not. */
    async checkCredentials(clientId: string, secret: string): Promise<void> {
      const { client_id: expected, api_key_hash: apiKeyHash } = await row();
      const secretOk = (await passwords.verify(secret, apiKeyHash)).ok;
      if (!constantTimeEqual(clientId, expected) || !secretOk) throw errors.invalidClientCredentials();
    },
  };
}

export type EnvironmentService = ReturnType<typeof createEnvironmentService>;
