import { createBreachedPasswords } from '../../server/services/breached-passwords';
import { brokenPasswordRule, DEFAULT_PASSWORD_RULES, rulesFromPolicy } from '../../server/services/password-rules';

describe('password rules', () => {
  it('are 8 to 128 characters, no composition rules, breached passwords recorded and not refused', async () => {
    expect(rulesFromPolicy(undefined)).toEqual({ ...DEFAULT_PASSWORD_RULES });
    expect(DEFAULT_PASSWORD_RULES).toMatchObject({ minLength: 8, maxLength: 128, blockPwnedPasswords: false, minOptionalTestsToPass: 0 });
  });

  it('count characters, not UTF-16 units, and name the field in the error', async () => {
    const rules = rulesFromPolicy(undefined);
    expect(brokenPasswordRule('seven77', rules, 'password')?.code).toBe('ER-05001');
    expect(brokenPasswordRule('kx8#Vq2m', rules, 'password')).toBeUndefined();
    expect(brokenPasswordRule('😀😀😀😀😀😀😀', rules, 'password')?.message).toBe('password is too weak: it must be at least 8 characters long');
    expect(brokenPasswordRule('x'.repeat(129), rules, 'newPassword')?.message).toBe('newPassword is too long: it must be at most 128 characters long');
    expect(brokenPasswordRule('short', rules, 'newPassword')).toMatchObject({ code: 'ER-05001', kind: 'invalid' });
    expect(brokenPasswordRule('long enough', rules, 'newPassword')).toBeUndefined();
  });

  it('refuse easy guesses, accept long passphrases, and apply the tests a policy turns on', () => {
    const rules = rulesFromPolicy(undefined);
    expect(brokenPasswordRule('password1234', rules, 'password')?.code).toBe('ER-06102');
    expect(brokenPasswordRule('12345678', rules, 'password')?.code).toBe('ER-06102');
    expect(brokenPasswordRule('a long enough password '.repeat(3), rules, 'password')).toBeUndefined();
    const strict = rulesFromPolicy({
      minLength: 10,
      optionalTests: { requireNumbers: true, requireUppercase: true },
      requiredTests: { checkThreeRepeatedChars: true },
    });
    expect(brokenPasswordRule('a long enough password', strict, 'password')?.code).toBe('ER-06101');
    expect(brokenPasswordRule('a Long enough passw0rd', strict, 'password')).toBeUndefined();
    expect(brokenPasswordRule('a Long enough passw000rd', strict, 'password')?.code).toBe('ER-06103');
    const phrases = rulesFromPolicy({ allowPassphrases: true, minPhraseLength: 20, optionalTests: { requireNumbers: true } });
    expect(brokenPasswordRule('a long enough password', phrases, 'password')).toBeUndefined();
    expect(brokenPasswordRule('short phrase', phrases, 'password')?.code).toBe('ER-06101');
  });
});

describe('breached passwords', () => {
  const breached = createBreachedPasswords({ timeoutMs: 2000 });

  it('knows the common passwords of the bundled list, whole and in any case', async () => {
    await expect(breached.isBreached('password')).resolves.toBe(true);
    await expect(breached.isBreached('QwertyUIOP')).resolves.toBe(true);
    await expect(breached.isBreached('correct horse battery staple')).resolves.toBe(false);
    await expect(breached.isBreached('qwertyuiop and more')).resolves.toBe(false);
  });
});
