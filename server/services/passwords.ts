import { hash, verify, type Algorithm } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { randomSecret } from '../lib/crypto';
import { createLimiter } from '../lib/limit';

export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface VerifyResult {
  ok: boolean;
  /** The stored hash is not argon2id with the current parameters: store a new one. */
  needsRehash: boolean;
}

/** `Algorithm.Argon2id`: the package's enum is a const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;
const BCRYPT = /^\$2[aby]\$\d{2}\$/;
const ARGON2ID_HASH = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

/**
 * Password hashing. New hashes are argon2id; bcrypt hashes (imported from elsewhere) still verify and
 * are flagged for re-hashing. argon2 runs on libuv's thread pool, never on the event loop; bcryptjs
 * runs in small asynchronous steps, so a long bcrypt compare never holds the loop for long.
 *
 * At most `concurrency` hashes run at once (default: one per core). More would not finish sooner:
 * argon2 is memory-hard, and hashes sharing a core evict each other's memory from the caches, so
 * four at a time on two cores do less work per second than two. The cap also bounds the memory that
 * a burst of logins can take (19 MiB a hash with the default parameters).
 */
export function createPasswords(parameters: Argon2Parameters, { concurrency }: { concurrency: number }) {
  const options = { algorithm: ARGON2ID, ...parameters };
  const limit = createLimiter(concurrency);
  // A hash of nothing anyone knows: unknown users are checked against it, so that a login for an
  // unknown email costs the same as one with a wrong password.
  const dummyHash = hash(randomSecret(), options);

  async function verifyArgon2(stored: string, password: string): Promise<boolean> {
    return limit(() => verify(stored, password)).catch(() => false);
  }

  function isCurrent(stored: string): boolean {
    const match = ARGON2ID_HASH.exec(stored);
    return (
      match !== null && Number(match[1]) === parameters.memoryCost && Number(match[2]) === parameters.timeCost && Number(match[3]) === parameters.parallelism
    );
  }

  return {
    hash: (password: string): Promise<string> => limit(() => hash(password, options)),

    /** Checks a password against a stored hash; with no stored hash, spends the same time and fails. */
    async verify(password: string, stored: string | null | undefined): Promise<VerifyResult> {
      if (!stored) {
        await verifyArgon2(await dummyHash, password);
        return { ok: false, needsRehash: false };
      }
      if (BCRYPT.test(stored)) {
        const ok = await limit(() => bcrypt.compare(password, stored));
        return { ok, needsRehash: ok };
      }
      if (stored.startsWith('$argon2')) {
        const ok = await verifyArgon2(stored, password);
        return { ok, needsRehash: ok && !isCurrent(stored) };
      }
      await verifyArgon2(await dummyHash, password);
      return { ok: false, needsRehash: false };
    },
  };
}

export type Passwords = ReturnType<typeof createPasswords>;
