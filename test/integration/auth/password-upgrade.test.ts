import bcrypt from 'bcryptjs';
import { hash } from '@node-rs/argon2';
import { PASSWORD, login, tenantWithUser } from '../../support/fixtures';
import { PRODUCTION_ARGON2, useTestServer } from '../../support/server';

const server = useTestServer({ argon2: PRODUCTION_ARGON2 });

const storedHash = async (userId: string): Promise<string> => (await server.db('users').where({ id: userId }).first('password_hash')).password_hash;

describe('stored password hashes', () => {
  it('are argon2id with the configured parameters', async () => {
    const { user } = await tenantWithUser(server);
    expect(await storedHash(user.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('verify an imported bcrypt hash and replace it with argon2id on the next login', async () => {
    const { user } = await tenantWithUser(server);
    await server
      .db('users')
      .where({ id: user.id })
      .update({ password_hash: await bcrypt.hash(PASSWORD, 10) });
    const wrong = await server.client.POST('/identity/resources/auth/v1/user', { body: { email: user.email, password: 'nope' } });
    expect(wrong.response.status).toBe(401);
    expect(await storedHash(user.id)).toMatch(/^\$2[aby]\$/);

    await login(server, user.email);
    expect(await storedHash(user.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await login(server, user.email);
  });

  it('upgrade an argon2id hash made with weaker parameters', async () => {
    const { user } = await tenantWithUser(server);
    const weak = await hash(PASSWORD, { algorithm: 2, memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await server.db('users').where({ id: user.id }).update({ password_hash: weak });
    await login(server, user.email);
    expect(await storedHash(user.id)).toMatch(/m=19456,t=2,p=1/);
  });
});
