import bcrypt from 'bcryptjs';
import { createPasswords } from '../../server/services/passwords';

const passwords = createPasswords({ memoryCost: 19456, timeCost: 2, parallelism: 1 }, { concurrency: 2 });

describe('passwords', () => {
  it('hashes with argon2id and verifies the whole password, beyond 72 bytes', async () => {
    const long = 'x'.repeat(100);
    const stored = await passwords.hash(long);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await passwords.verify(long, stored)).toEqual({ ok: true, needsRehash: false });
    expect((await passwords.verify(`${'x'.repeat(99)}y`, stored)).ok).toBe(false);
  });

  it('verifies bcrypt hashes and asks for a re-hash only when the password was right', async () => {
    const stored = await bcrypt.hash('hunter22', 4);
    expect(await passwords.verify('hunter22', stored)).toEqual({ ok: true, needsRehash: true });
    expect(await passwords.verify('hunter23', stored)).toEqual({ ok: false, needsRehash: false });
  });

  it('asks for a re-hash of argon2id made with other parameters', async () => {
    const weaker = createPasswords({ memoryCost: 8192, timeCost: 1, parallelism: 1 }, { concurrency: 1 });
    const stored = await weaker.hash('secret-password');
    expect(await passwords.verify('secret-password', stored)).toEqual({ ok: true, needsRehash: true });
  });

  it('fails, without throwing, for no hash and for a hash it does not know', async () => {
    expect(await passwords.verify('anything', null)).toEqual({ ok: false, needsRehash: false });
    expect(await passwords.verify('anything', 'plain-text')).toEqual({ ok: false, needsRehash: false });
    expect(await passwords.verify('anything', '$argon2id$garbage')).toEqual({ ok: false, needsRehash: false });
  });
});
