import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..', '..');

/** Starts the real entry point with the given environment and returns how it ended. */
async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
      timeout: 30000,
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

// Each case is a process of its own that stops at once: they run side by side.
describe.concurrent('start-up with a bad configuration', () => {
  it.each([
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL must use postgres/],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' }, /cannot open the database \(DATABASE_URL\)/],
    [{ NESTEGG_BASE_URL: 'localhost:3000' }, /NESTEGG_BASE_URL/],
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ NESTEGG_CLIENT_ID: 'not-a-uuid' }, /NESTEGG_CLIENT_ID must be a UUID/],
    [{ NESTEGG_API_KEY: 'short' }, /NESTEGG_API_KEY must be at least 16 characters/],
  ])('stops with one clear line for %j', async (env, message) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nestegg: cannot start: /);
    expect(lines[0]).toMatch(message);
  });
});
