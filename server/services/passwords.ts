import { hash, verify, type Algorithm } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { randomSecret } from '../lib/crypto';

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
 */
export function createPasswords(parameters: Argon2Parameters) {
  const options = { algorithm: ARGON2ID, ...parameters };
  // A hash of nothing anyone knows: unknown users are checked against it, so that a login for an
  // unknown email costs the same as one with a wrong password.
  const dummyHash = hash(randomSecret(), options);

  function isCurrent(stored: string): boolean {
    const match = ARGON2ID_HASH.exec(stored);
    return (
      match !== null &&
      Number(match[1]) === parameters.memoryCost &&
      Number(match[2]) === parameters.timeCost &&
      Number(match[3]) === parameters.parallelism
    );
  }

  return {
    hash: (password: string): Promise<string> => hash(password, options),

    /** Checks a password against a stored hash; with no stored hash, spends the same time and fails. */
    async verify(password: string, stored: string | null | undefined): Promise<VerifyResult> {
      if (!stored) {
        await verify(await dummyHash, password).catch(() => false);
        return { ok: false, needsRehash: false };
      }
      if (BCRYPT.test(stored)) {
        const ok = await bcrypt.compare(password, stored);
        return { ok, needsRehash: ok };
      }
      if (stored.startsWith('$argon2')) {
        const ok = await verify(stored, password).catch(() => false);
        return { ok, needsRehash: ok && !isCurrent(stored) };
      }
      await verify(await dummyHash, password).catch(() => false);
      return { ok: false, needsRehash: false };
    },
  };
}

export type Passwords = ReturnType<typeof createPasswords>;
