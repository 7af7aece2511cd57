import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Db } from '../db/knex';
import { BOOTSTRAP_LOCK } from './environment';
import {
  findActiveSigningKey,
  findSigningKey,
  insertSigningKey,
  listSigningKeys,
  type SigningKeyRow,
} from '../repositories/signing-keys';

const generateRsaKeyPair = promisify(generateKeyPair);

export interface SigningKey {
  kid: string;
  algorithm: 'RS256';
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
}

export interface Jwk {
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

function toSigningKey(row: SigningKeyRow): SigningKey {
  return {
    kid: row.kid,
    algorithm: row.algorithm,
    privateKey: createPrivateKey(row.private_key_pem),
    publicKey: createPublicKey(row.public_key_pem),
    publicKeyPem: row.public_key_pem,
  };
}

/**
 * The RSA keys that sign access tokens, kept in the database. Keys are cached in the process by
 * `kid`: a key never changes once written, so a cached key is never stale.
 */
export function createKeys(db: Db, environmentId: string) {
  const byKid = new Map<string, SigningKey>();
  let active: SigningKey | undefined;

  function remember(row: SigningKeyRow): SigningKey {
    const key = byKid.get(row.kid) ?? toSigningKey(row);
    byKid.set(key.kid, key);
    return key;
  }

  return {
    /** Creates the first signing key unless one exists. Its kid is the client id's first 8 hex digits, as Frontegg's are. */
    async ensureSigningKey(clientId: string): Promise<void> {
      await db.transaction(async (trx) => {
        // The bootstrap lock: two processes starting on an empty database make one key, not two.
        await trx.raw('select pg_advisory_xact_lock(?)', [BOOTSTRAP_LOCK]);
        if (await findActiveSigningKey(trx, environmentId)) return;
        const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
        const preferred = clientId.replace(/-/g, '').slice(0, 8).toLowerCase();
        const kid = (await findSigningKey(trx, environmentId, preferred)) ? randomBytes(4).toString('hex') : preferred;
        await insertSigningKey(trx, {
          kid,
          environment_id: environmentId,
          algorithm: 'RS256',
          public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        });
      });
    },

    async activeKey(): Promise<SigningKey> {
      if (active) return active;
      const row = await findActiveSigningKey(db, environmentId);
      if (!row) throw new Error('no active signing key: the environment was not bootstrapped');
      active = remember(row);
      return active;
    },

    async keyById(kid: string): Promise<SigningKey | undefined> {
      const cached = byKid.get(kid);
      if (cached) return cached;
      const row = await findSigningKey(db, environmentId, kid);
      return row ? remember(row) : undefined;
    },

    async jwks(): Promise<{ keys: Jwk[] }> {
      const rows = await listSigningKeys(db, environmentId);
      const ordered = [...rows.filter((row) => row.active), ...rows.filter((row) => !row.active)];
      return {
        keys: ordered.map((row) => {
          const jwk = createPublicKey(row.public_key_pem).export({ format: 'jwk' });
          return { kty: 'RSA', kid: row.kid, alg: 'RS256', use: 'sig', n: String(jwk.n), e: String(jwk.e) };
        }),
      };
    },
  };
}

export type Keys = ReturnType<typeof createKeys>;
