import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import { createHourlyTask } from '../lib/hourly';
import { createSecretBox, type SecretBox } from '../lib/sealed';
import { BOOTSTRAP_LOCK } from './environment';
import {
  extendSigningKeyRetirement,
  findSigningKey,
  findSigningSchedule,
  hasSigningKey,
  insertSigningKey,
  listPublishedSigningKeys,
  newestKeyAgeSeconds,
  supersedeSigningKeys,
  type NewSigningKey,
  type SigningKeyRow,
} from '../repositories/signing-keys';

const generateRsaKeyPair = promisify(generateKeyPair);

/** How long clients may cache JWKS (its Cache-Control max-age), in seconds. */
export const JWKS_MAX_AGE = 300;
/** A new key is in JWKS this long before it signs: twice the JWKS cache time. */
export const PUBLICATION_LEAD = 2 * JWKS_MAX_AGE;
/** Added to the longest token lifetime before an old key leaves JWKS (clock skew, late checks). */
export const RETIREMENT_MARGIN = 300;
/** The advisory lock that makes a rotation happen once, however many processes ask at once. */
const KEY_ROTATION_LOCK = 7_349_202;

export interface SigningKey {
  kid: string;
  algorithm: 'RS256';
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** When it retires, if known when it was read (a key read before its successor came reads none). */
  retireAt: Date | null;
}

export interface Jwk {
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

export interface RotatedKey {
  kid: string;
  publishAt: Date;
  activateAt: Date;
}

/** The context a private key is sealed in: its kid. */
const privateKeyContext = (kid: string) => `signing-key:${kid}`;

function toSigningKey(row: SigningKeyRow, secrets: SecretBox): SigningKey {
  return {
    kid: row.kid,
    algorithm: row.algorithm,
    privateKey: createPrivateKey(secrets.open(row.private_key_pem, privateKeyContext(row.kid))),
    publicKey: createPublicKey(row.public_key_pem),
    publicKeyPem: row.public_key_pem,
    retireAt: row.retire_at,
  };
}

/** A new key pair, its private half sealed for `kid` (kept as given without a secrets key). */
async function newKeyPair(kid: string, secrets: SecretBox): Promise<Pick<NewSigningKey, 'public_key_pem' | 'private_key_pem'>> {
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  return {
    public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    private_key_pem: secrets.seal(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), privateKeyContext(kid)),
  };
}

/**
 * The RSA keys that sign access tokens, kept in the database, and their rotation. Key material is
 * cached in the process by `kid` (it never changes once written); which key signs is asked of the
 * database on every signature (one indexed query on the database clock), so every process switches
 * to a new key when it activates, without a restart. A new key is published `PUBLICATION_LEAD`
 * seconds before it signs; an old one stays published until every token it signed has expired.
 */
export function createKeys(
  db: Db,
  environmentId: string,
  options: {
    /** The longest lifetime (seconds) of any token a key signs, under the settings now in force. */
    longestTokenLifetime: (from: Db) => Promise<number>;
    logger?: Logger;
    /**
     * How long (ms) to trust a reading of which key signs (0: ask at every signature). A new key is
     * published PUBLICATION_LEAD before it signs, so any cache shorter than that sees it in time;
     * the reading also ends when the next key's activation comes.
     */
    scheduleCacheMs?: number;
    /** Seals private keys at rest (NESTEGG_SECRETS_KEY); without it they are kept as given. */
    secrets?: SecretBox;
  },
) {
  const secrets = options.secrets ?? createSecretBox(undefined);
  const byKid = new Map<string, SigningKey>();
  const cacheMs = Math.min(options.scheduleCacheMs ?? 0, (PUBLICATION_LEAD * 1000) / 2);
  let schedule: { kid: string | undefined; until: number } | undefined;

  /** The kid that signs now: the cached reading while it holds, else one query. */
  async function signingKid(): Promise<string | undefined> {
    const now = Date.now();
    if (schedule && now < schedule.until) return schedule.kid;
    const read = await findSigningSchedule(db, environmentId);
    const until = Math.min(now + cacheMs, read.nextInMs === null ? Infinity : now + read.nextInMs);
    schedule = { kid: read.kid, until };
    return read.kid;
  }
  let scheduled: ReturnType<typeof createHourlyTask> | undefined;

  function remember(row: SigningKeyRow): SigningKey {
    const cached = byKid.get(row.kid);
    // The retirement moment is set once, when a successor comes: keep the newest reading of it.
    const key =
      cached && cached.retireAt?.getTime() === row.retire_at?.getTime() ? cached : { ...(cached ?? toSigningKey(row, secrets)), retireAt: row.retire_at };
    byKid.set(key.kid, key);
    return key;
  }

  /** Makes a new key, published now and signing after the lead time, unless `due` (checked under the lock) says no. */
  async function rotateUnder(due: (trx: Db) => Promise<boolean>): Promise<RotatedKey | undefined> {
    // The key pair first: generating it takes a while, and the lock is not held meanwhile.
    const kid = randomBytes(4).toString('hex');
    const pair = await newKeyPair(kid, secrets);
    schedule = undefined;
    return db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [KEY_ROTATION_LOCK]);
      if (!(await due(trx))) return undefined;
      const inserted = await insertSigningKey(trx, { kid, environment_id: environmentId, algorithm: 'RS256', ...pair }, PUBLICATION_LEAD);
      await supersedeSigningKeys(trx, environmentId, inserted, (await options.longestTokenLifetime(trx)) + RETIREMENT_MARGIN);
      options.logger?.info(
        { kid: inserted.kid, activateAt: inserted.activate_at },
        'signing key rotated: the new key is published and signs after the lead time',
      );
      return { kid: inserted.kid, publishAt: inserted.publish_at, activateAt: inserted.activate_at };
    });
  }

  async function rotateIfDue(days: number): Promise<RotatedKey | undefined> {
    const dueAfter = days * 86_400;
    // A cheap look first, so that a process with nothing to do makes no key pair.
    const age = await newestKeyAgeSeconds(db, environmentId);
    if (age !== undefined && age < dueAfter) return undefined;
    return rotateUnder(async (trx) => {
      const lockedAge = await newestKeyAgeSeconds(trx, environmentId);
      return lockedAge === undefined || lockedAge >= dueAfter;
    });
  }

  /** A key that verifies tokens: any key of the environment not known to be retired. */
  async function keyById(kid: string): Promise<SigningKey | undefined> {
    let key = byKid.get(kid);
    if (!key) {
      const row = await findSigningKey(db, environmentId, kid);
      key = row ? remember(row) : undefined;
    }
    if (key?.retireAt && key.retireAt.getTime() <= Date.now()) return undefined;
    return key;
  }

  return {
    /** Creates the first signing key unless one exists. Its kid is the client id's first 8 hex digits, as Frontegg's are. */
    async ensureSigningKey(clientId: string): Promise<void> {
      await db.transaction(async (trx) => {
        // The bootstrap lock: two processes starting on an empty database make one key, not two.
        await trx.raw('select pg_advisory_xact_lock(?)', [BOOTSTRAP_LOCK]);
        if (await hasSigningKey(trx, environmentId)) return;
        const preferred = clientId.replace(/-/g, '').slice(0, 8).toLowerCase();
        const kid = (await findSigningKey(trx, environmentId, preferred)) ? randomBytes(4).toString('hex') : preferred;
        await insertSigningKey(trx, { kid, environment_id: environmentId, algorithm: 'RS256', ...(await newKeyPair(kid, secrets)) });
      });
    },

    /** The key that signs now (database clock). */
    async activeKey(): Promise<SigningKey> {
      const kid = await signingKid();
      const key = kid ? await keyById(kid) : undefined;
      if (!key) throw new Error('no active signing key: the environment was not bootstrapped');
      return key;
    },

    keyById,

    /** The keys published now: the one that signs first. */
    async jwks(): Promise<{ keys: Jwk[] }> {
      const rows = await listPublishedSigningKeys(db, environmentId);
      return {
        keys: rows.map((row) => {
          remember(row);
          const jwk = createPublicKey(row.public_key_pem).export({ format: 'jwk' });
          return { kty: 'RSA', kid: row.kid, alg: 'RS256', use: 'sig', n: String(jwk.n), e: String(jwk.e) };
        }),
      };
    },

    /** A rotation now (`npm run keys:rotate`): a new key, published now, that signs after the lead time. */
    rotate(): Promise<RotatedKey> {
      return rotateUnder(async () => true) as Promise<RotatedKey>;
    },

    /**
     * A rotation when the newest key is `days` old or older (database clock). Any number of
     * processes may call it at once: the lock and the second look under it make one rotation.
     */
    rotateIfDue,

    /** After a longer token lifetime was set: old keys stay published until the longer tokens expire. */
    async tokenLifetimeChanged(from: Db = db): Promise<void> {
      await extendSigningKeyRetirement(from, environmentId, (await options.longestTokenLifetime(from)) + RETIREMENT_MARGIN);
    },

    /** Scheduled rotation (NESTEGG_KEY_ROTATION_DAYS): looks now and then every hour, until `stop`. Never throws. */
    start(days: number | undefined): void {
      if (!days || scheduled) return;
      scheduled = createHourlyTask(() => rotateIfDue(days), options.logger, 'scheduled key rotation failed');
      scheduled.start();
    },

    /** Stops the schedule and waits for a look in progress (before the database closes). */
    async stop(): Promise<void> {
      const stopping = scheduled;
      scheduled = undefined;
      await stopping?.stop();
    },
  };
}

export type Keys = ReturnType<typeof createKeys>;
