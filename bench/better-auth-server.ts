/**
 * Better Auth (email and password) on PostgreSQL behind Express 5, in a process of its own, forked by
 * bench/run.ts. Environment: DATABASE_URL (its own database), BENCH_HASHER (`argon2id`: nestegg's
 * parameters through `emailAndPassword.password.{hash, verify}`; `scrypt`: Better Auth's default) and
 * BETTER_AUTH_SECRET.
 *
 * Two Better Auth instances share the one database and pg pool:
 * - `/api/auth/*`: the default session settings with the cookie cache off, so `get-session` reads
 *   the session and user from the database and writes nothing (sign-in and reads go here); with the
 *   API-key plugin (@better-auth/api-key, its rate limit off as Better Auth's own is), whose
 *   `enableSessionForAPIKeys` answers `get-session` with an `x-api-key` header: the x-api-key checks;
 * - `/refresh/api/auth/*`: `session.updateAge: 0`, so every `get-session` extends the session (a
 *   database write and a new cookie): the closest analog of nestegg's token refresh.
 *
 * @better-auth/api-key 1.7.5 (its newest release) pins its peers @better-auth/utils to 0.4.2 and
 * better-call to 1.4.0; package.json's `overrides` give it the versions better-auth 1.7.25 ships
 * (0.5.1, 1.4.5), which export every name it imports. Update both with better-auth.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiKey } from '@better-auth/api-key';
import { hash, verify } from '@node-rs/argon2';
import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import express from 'express';
import { Pool } from 'pg';
import { serveInChild } from './lib';
import { ARGON2_PARAMETERS, ARGON2ID } from './settings';

type Hasher = 'argon2id' | 'scrypt';

function passwordHooks(hasher: Hasher): NonNullable<BetterAuthOptions['emailAndPassword']>['password'] {
  if (hasher === 'scrypt') return undefined;
  const options = { algorithm: ARGON2ID, ...ARGON2_PARAMETERS };
  return {
    hash: (password) => hash(password, options),
    verify: ({ hash: stored, password }) => verify(stored, password).catch(() => false),
  };
}

function authOptions(pool: Pool, baseURL: string, hasher: Hasher, refreshing: boolean): BetterAuthOptions {
  return {
    database: pool,
    baseURL,
    basePath: refreshing ? '/refresh/api/auth' : '/api/auth',
    secret: process.env.BETTER_AUTH_SECRET,
    emailAndPassword: { enabled: true, password: passwordHooks(hasher) },
    session: { cookieCache: { enabled: false }, ...(refreshing ? { updateAge: 0 } : {}) },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { level: 'warn' },
    plugins: refreshing ? [] : [apiKey({ enableSessionForAPIKeys: true, rateLimit: { enabled: false } })],
  };
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

serveInChild(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  const hasher = process.env.BENCH_HASHER;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  if (hasher !== 'argon2id' && hasher !== 'scrypt') throw new Error('BENCH_HASHER must be argon2id or scrypt');

  const pool = new Pool({ connectionString: databaseUrl });
  const app = express();
  app.disable('x-powered-by');
  const server = await listen(app);
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const baseURL = `http://127.0.0.1:${port}`;

  const readOptions = authOptions(pool, baseURL, hasher, false);
  const { runMigrations } = await getMigrations(readOptions);
  await runMigrations();
  app.all('/api/auth/*splat', toNodeHandler(betterAuth(readOptions)));
  app.all('/refresh/api/auth/*splat', toNodeHandler(betterAuth(authOptions(pool, baseURL, hasher, true))));

  return {
    port,
    async close() {
      // The pool is left to process exit: a request whose client already hung up may still be
      // running, and ending the pool under it only makes noise.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
});
