import { createBreachedPasswords } from '../../server/services/breached-passwords';
import { brokenPasswordRule, checkNewPassword, DEFAULT_PASSWORD_RULES, passwordRulesFor } from '../../server/services/password-rules';

describe('password rules', () => {
  it('are 8 to 128 characters, no composition rules, breached passwords recorded and not refused', async () => {
    expect(await passwordRulesFor()).toEqual({ ...DEFAULT_PASSWORD_RULES });
    expect(DEFAULT_PASSWORD_RULES).toMatchObject({ minLength: 8, maxLength: 128, blockPwnedPasswords: false, minOptionalTestsToPass: 0 });
  });

  it('count characters, not UTF-16 units, and name the field in the error', async () => {
    const rules = await passwordRulesFor();
    expect(brokenPasswordRule('seven77', rules, 'password')?.code).toBe('ER-05001');
    expect(brokenPasswordRule('eight888', rules, 'password')).toBeUndefined();
    expect(brokenPasswordRule('😀😀😀😀😀😀😀', rules, 'password')?.message).toBe('password is too weak: it must be at least 8 characters long');
    expect(brokenPasswordRule('x'.repeat(129), rules, 'newPassword')?.message).toBe('newPassword is too long: it must be at most 128 characters long');
    await expect(checkNewPassword('short', { field: 'newPassword' })).rejects.toMatchObject({ code: 'ER-05001', kind: 'invalid' });
    await expect(checkNewPassword('long enough', { field: 'newPassword' })).resolves.toBeUndefined();
  });
});

describe('breached passwords', () => {
  const breached = createBreachedPasswords();

  it('knows the common passwords of the bundled list, whole and in any case', async () => {
    await expect(breached.isBreached('password')).resolves.toBe(true);
    await expect(breached.isBreached('QwertyUIOP')).resolves.toBe(true);
    await expect(breached.isBreached('correct horse battery staple')).resolves.toBe(false);
    await expect(breached.isBreached('qwertyuiop and more')).resolves.toBe(false);
  });
});
