import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Whether a password is known to be breached. The one place that decides it: today an offline list
 * (the common-passwords dictionary of @zxcvbn-ts/language-common, about 49,000 passwords taken from
 * breaches), matched whole and case-insensitively. A range query to a breach database can join it
 * here later; the answer is asynchronous for that reason.
 */
export function createBreachedPasswords() {
  let known: Set<string> | undefined;
  const list = (): Set<string> => (known ??= new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())));

  return {
    async isBreached(password: string): Promise<boolean> {
      return list().has(password.toLowerCase());
    },
    /** Loads the list now rather than at the first check. */
    warm(): void {
      list();
    },
  };
}

export type BreachedPasswords = ReturnType<typeof createBreachedPasswords>;
