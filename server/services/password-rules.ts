import { DomainError, errors } from './errors';

/**
 * The password rules: what a new password must be. The one place that says so: the password-config
 * route answers these rules, and reset and change check new passwords with `checkNewPassword`. The
 * password policy (per environment and per account) replaces `passwordRulesFor` when it lands.
 *
 * Today's defaults follow NIST SP 800-63B: at least 8 characters, at most 128, no composition rules
 * (no required digits or symbols). Breached passwords are recorded (see breached-passwords.ts), not
 * refused.
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

/** The strictest rules that apply to the user (to anyone, without a user). One set of rules for now. */
export async function passwordRulesFor(_userId?: string): Promise<PasswordRules> {
  return { ...DEFAULT_PASSWORD_RULES, optionalTests: {}, requiredTests: {} };
}

/** The rule a new password breaks, as the error to answer; undefined when it meets them all. */
export function brokenPasswordRule(password: string, rules: PasswordRules, field: string): DomainError | undefined {
  const length = [...password].length; // characters, not UTF-16 units
  if (length < rules.minLength) return errors.passwordTooShort(field, rules.minLength);
  if (length > rules.maxLength) return errors.passwordTooLong(field, rules.maxLength);
  return undefined;
}

/** Throws the 400 naming the first rule the new password breaks. */
export async function checkNewPassword(password: string, options: { userId?: string; field: string }): Promise<void> {
  const broken = brokenPasswordRule(password, await passwordRulesFor(options.userId), options.field);
  if (broken) throw broken;
}
