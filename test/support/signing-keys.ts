import { spawn } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import type { Db } from '../../server/db/knex';
import type { TestServer } from './server';

const ROOT = path.join(__dirname, '..', '..');

/** Moves every signing key's moments `seconds` into the past: the database clock seen from the keys moves forward. */
export async function ageSigningKeys(db: Db, seconds: number): Promise<void> {
  const shift = (column: string) => db.raw(`${column} - ? * interval '1 second'`, [seconds]);
  await db('signing_keys').update({
    publish_at: shift('publish_at'),
    activate_at: shift('activate_at'),
    signs_until: shift('signs_until'),
    retire_at: shift('retire_at'),
    created_at: shift('created_at'),
  });
}

/** The kid in a JWT's header. */
export function kidOf(token: string): string | undefined {
  return jwt.decode(token, { complete: true })?.header.kid;
}

/** Runs `npm run keys:rotate` (scripts/keys.ts) with the environment given; answers its exit code and output. */
export function runKeysRotate(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/keys.ts', 'rotate'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** The stored private halves, by kid. */
export async function storedPrivateKeys(db: Db): Promise<Record<string, string>> {
  const rows: { kid: string; private_key_pem: string }[] = await db('signing_keys').select('kid', 'private_key_pem');
  return Object.fromEntries(rows.map((row) => [row.kid, row.private_key_pem]));
}

/** The kids a server's JWKS publishes, in its order. */
export async function jwksKids(target: TestServer): Promise<string[]> {
  const { data } = await target.client.GET('/.well-known/jwks.json', {});
  return data!.keys.map((key) => key.kid);
}

/** `GET users/v2/me` with an access token: whether the token verifies. */
export function me(target: TestServer, accessToken: string) {
  return target.client.GET('/identity/resources/users/v2/me', { headers: { authorization: `Bearer ${accessToken}` } });
}
