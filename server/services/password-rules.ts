import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import type { Knex } from 'knex';
import { isUuid } from '../lib/ids';
import { findApplyingPolicy, recentPasswordHashes } from '../repositories/password-policies';
import { type DomainError, errors } from './errors';
import type { BreachedPasswords } from './breached-passwords';
import type { Passwords } from './passwords';

/**
 * The password rules: what a new password must be. The one place that says so: the password-config
 * route answers these rules; sign-up, reset, change and activation check new passwords with
 * `checkNewPassword`.
 * The rules come from the password policy (configurations/v1/password) of the user's account where
 * it has one, else the environment's, else the defaults below; they are read on every use.
 *
 * Defaults follow NIST SP 800-63B-4 where it fits a server without a second factor yet: at least 8
 * characters (the figure for passwords used with MFA; 15 without MFA would refuse the passphrases
 * most users pick today, so the strength check below stands in for the extra length), at most 128
 * (more than the 64 NIST asks to accept; argon2 hashes every character, nothing is cut off), no
 * composition rules, and a strength check with zxcvbn that refuses the easiest-to-guess passwords
 * (score below 2 of 4: dictionary words, keyboard walks, repeats, dates).
 */
export interface PasswordRules {
  allowPassphrases: boolean;
  minLength: number;
  maxLength: number;
  minPhraseLength: number;
  minOptionalTestsToPass: number;
  blockPwnedPasswords: boolean;
  optionalTests: Record<string, boolean>;
  requiredTests: Record<string, boolean>;
}

export const DEFAULT_PASSWORD_RULES: Readonly<PasswordRules> = Object.freeze({
  allowPassphrases: false,
  minLength: 8,
  maxLength: 128,
  minPhraseLength: 20,
  minOptionalTestsToPass: 0,
  blockPwnedPasswords: false,
  optionalTests: {},
  requiredTests: {},
});

/** The least zxcvbn score (0 to 4) a new password needs. */
const MIN_STRENGTH_SCORE = 2;

/** The password history length when a history policy is on without a size: small, as each kept hash costs one argon2 verify. */
export const DEFAULT_HISTORY_SIZE = 1;

let zxcvbn: ZxcvbnFactory | undefined;
/** The strength checker, built at the first password it judges (its dictionaries take about 0.1 s to index). */
const strength = (): ZxcvbnFactory => (zxcvbn ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

const OPTIONAL_TESTS: Record<string, { pattern: RegExp; what: string }> = {
  requireLowercase: { pattern: /\p{Ll}/u, what: 'a lowercase letter' },
  requireUppercase: { pattern: /\p{Lu}/u, what: 'an uppercase letter' },
  requireNumbers: { pattern: /\p{Nd}/u, what: 'a number' },
  requireSpecialChars: { pattern: /[^\p{L}\p{Nd}\s]/u, what: 'a special character' },
};

/** The stored policy's fields over the defaults (unknown or mistyped fields ignored). */
export function rulesFromPolicy(settings: Record<string, unknown> | undefined): PasswordRules {
  const rules: PasswordRules = { ...DEFAULT_PASSWORD_RULES, optionalTests: {}, requiredTests: {} };
  if (!settings) return rules;
  for (const key of ['allowPassphrases', 'blockPwnedPasswords'] as const) if (typeof settings[key] === 'boolean') rules[key] = settings[key] as boolean;
  for (const key of ['minLength', 'maxLength', 'minPhraseLength', 'minOptionalTestsToPass'] as const) {
    if (typeof settings[key] === 'number') rules[key] = settings[key] as number;
  }
  for (const key of ['optionalTests', 'requiredTests'] as const) {
    const tests = settings[key];
    if (tests && typeof tests === 'object')
      rules[key] = Object.fromEntries(Object.entries(tests).filter(([, on]) => typeof on === 'boolean')) as Record<string, boolean>;
  }
  return rules;
}

/** The strictest of several rule sets: the longest minimum, the shortest maximum, every test any of them turns on. */
function strictest(all: PasswordRules[]): PasswordRules {
  return all.reduce((a, b) => ({
    allowPassphrases: a.allowPassphrases && b.allowPassphrases,
    minLength: Math.max(a.minLength, b.minLength),
    maxLength: Math.min(a.maxLength, b.maxLength),
    minPhraseLength: Math.max(a.minPhraseLength, b.minPhraseLength),
    minOptionalTestsToPass: Math.max(a.minOptionalTestsToPass, b.minOptionalTestsToPass),
    blockPwnedPasswords: a.blockPwnedPasswords || b.blockPwnedPasswords,
    optionalTests: mergeTests(a.optionalTests, b.optionalTests),
    requiredTests: mergeTests(a.requiredTests, b.requiredTests),
  }));
}

function mergeTests(a: Record<string, boolean>, b: Record<string, boolean>): Record<string, boolean> {
  const merged = { ...a };
  for (const [name, on] of Object.entries(b)) merged[name] = (merged[name] ?? false) || on;
  return merged;
}

/** The accounts whose policies bind the user (their live memberships); none without a user. */
async function tenantsOf(db: Knex, userId: string | undefined): Promise<string[]> {
  if (!userId || !isUuid(userId)) return [];
  return db('user_tenants').where({ user_id: userId }).pluck('tenant_id');
}

/**
 * The strictest rules that apply to the user: for each of their accounts, the account's policy or
 * else the environment's; without a user (or without accounts), the environment's. Read from the
 * database on every call.
 */
export async function passwordRulesFor(db: Knex, userId?: string, tenantId?: string): Promise<PasswordRules> {
  const tenants = tenantId ? [tenantId] : await tenantsOf(db, userId);
  const scopes: (string | null)[] = tenants.length > 0 ? tenants : [null];
  const rows = await Promise.all(scopes.map((scope) => findApplyingPolicy(db, 'config', scope)));
  return strictest(rows.map((row) => rulesFromPolicy(row?.settings)));
}

/** The rule a new password breaks, as the error to answer; undefined when it meets them all. */
export function brokenPasswordRule(password: string, rules: PasswordRules, field: string): DomainError | undefined {
  const length = [...password].length; // characters, not UTF-16 units
  if (length < rules.minLength) return errors.passwordTooShort(field, rules.minLength);
  if (length > rules.maxLength) return errors.passwordTooLong(field, rules.maxLength);
  if (rules.requiredTests.checkThreeRepeatedChars && /(.)\1\1/u.test(password)) return errors.passwordRepeatsCharacters(field);
  const isPassphrase = rules.allowPassphrases && length >= rules.minPhraseLength;
  if (!isPassphrase) {
    const enabled = Object.keys(OPTIONAL_TESTS).filter((name) => rules.optionalTests[name]);
    const needed = Math.min(rules.minOptionalTestsToPass > 0 ? rules.minOptionalTestsToPass : enabled.length, enabled.length);
    const failed = enabled.filter((name) => !OPTIONAL_TESTS[name]!.pattern.test(password));
    if (enabled.length - failed.length < needed) {
      const what = failed.map((name) => OPTIONAL_TESTS[name]!.what);
      return errors.passwordMissingClass(
        field,
        needed === enabled.length ? what.join(' and ') : `${needed} of: ${enabled.map((n) => OPTIONAL_TESTS[n]!.what).join(', ')}`,
      );
    }
  }
  // zxcvbn's cost grows with length; past 100 characters the score is 4 for anything not a repeat.
  if (strength().check(password.slice(0, 100)).score < MIN_STRENGTH_SCORE) return errors.passwordTooGuessable(field);
  return undefined;
}

/**
 * Throws the 400 naming the first rule the new password breaks; for a user, also when the password
 * is one of the last ones the history policy that applies remembers (the current one counts). With
 * `blockPwnedPasswords` on, a breached password is refused too, asking the range API (see
 * breached-passwords.ts; when it cannot answer, the offline list decides). Answers whether the
 * password is breached, for the user's breached marker: by the offline list alone when the policy
 * is off (no network call then).
 */
export async function checkNewPassword(
  deps: { db: Knex; passwords: Passwords; breachedPasswords: BreachedPasswords },
  password: string,
  options: { userId?: string; field: string; skipHistory?: boolean },
): Promise<{ breached: boolean }> {
  const rules = await passwordRulesFor(deps.db, options.userId);
  const broken = brokenPasswordRule(password, rules, options.field);
  if (broken) throw broken;
  if (options.userId && !options.skipHistory) await checkPasswordHistory(deps, password, options.userId, options.field);
  const breached = await deps.breachedPasswords.isBreached(password, { online: rules.blockPwnedPasswords });
  if (breached && rules.blockPwnedPasswords) throw errors.passwordBreached(options.field);
  return { breached };
}

/** The history size that applies to the user (0: no history policy on), the strictest over their accounts. */
async function historySizeFor(db: Knex, userId: string): Promise<number> {
  const tenants = await tenantsOf(db, userId);
  const rows = await Promise.all((tenants.length > 0 ? tenants : [null]).map((scope) => findApplyingPolicy(db, 'history', scope)));
  return Math.max(0, ...rows.map((row) => (row?.settings.enabled === true ? Number(row.settings.historySize ?? DEFAULT_HISTORY_SIZE) : 0)));
}

/**
 * Throws when the password is one the user's history policy remembers. Only once the caller has
 * proven the right to set the user's password (current password, reset token): it tells whether a
 * guess matches the current password.
 */
export async function checkPasswordHistory(deps: { db: Knex; passwords: Passwords }, password: string, userId: string, field: string): Promise<void> {
  if (!isUuid(userId)) return;
  const size = await historySizeFor(deps.db, userId);
  if (size === 0) return;
  const hashes = await recentPasswordHashes(deps.db, userId, size - 1);
  for (const hash of hashes) {
    if ((await deps.passwords.verify(password, hash)).ok) throw errors.passwordReused(field);
  }
}
