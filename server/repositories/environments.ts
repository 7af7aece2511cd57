import type { Knex } from 'knex';
import { prepared } from '../db/knex';

export interface EnvironmentRow {
  id: string;
  client_id: string;
  api_key_hash: string;
  settings: Record<string, unknown>;
  /** The HMAC secret of HS256 tokens, made when HS256 is first chosen. */
  jwt_secret: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The environment this server serves. There is one per database. */
export async function findEnvironment(db: Knex): Promise<EnvironmentRow | undefined> {
  return db<EnvironmentRow>('environments')
    .orderBy('created_at')
    .first('id', 'client_id', 'api_key_hash', 'settings', 'jwt_secret', 'created_at', 'updated_at')
    .options(prepared('environment_v2'));
}

/**
 * The environment's stored settings (the row findEnvironment reads), as a scalar subquery: for a
 * statement that needs them beside its own rows, so that they come in the same round trip.
 */
export const STORED_SETTINGS = '(select e.settings from environments e order by e.created_at limit 1)';

export async function insertEnvironment(db: Knex, row: Pick<EnvironmentRow, 'id' | 'client_id' | 'api_key_hash'>): Promise<void> {
  await db('environments').insert(row);
}

export async function updateApiKeyHash(db: Knex, id: string, apiKeyHash: string): Promise<void> {
  await db('environments').where({ id }).update({ api_key_hash: apiKeyHash, updated_at: db.fn.now() });
}

/** Merges `partial` into the stored settings in one statement (keys left out keep their value); answers the merged settings. */
export async function mergeSettings(db: Knex, id: string, partial: Record<string, unknown>): Promise<Record<string, unknown>> {
  const [row] = await db('environments')
    .where({ id })
    .update({ settings: db.raw('settings || ?::jsonb', [JSON.stringify(partial)]), updated_at: db.fn.now() })
    .returning('settings');
  return row.settings;
}

/** Sets the HS256 secret unless one is set; answers the secret in force. */
export async function ensureJwtSecret(db: Knex, id: string, secret: string): Promise<string> {
  const [row] = await db('environments')
    .where({ id })
    .update({ jwt_secret: db.raw('coalesce(jwt_secret, ?)', [secret]), updated_at: db.fn.now() })
    .returning('jwt_secret');
  return row.jwt_secret;
}

/** The browser origins allowed to call with credentials; null when never set. */
export async function findAllowedOrigins(db: Knex, id: string): Promise<string[] | null> {
  const row = await db('environments').where({ id }).first('allowed_origins').options(prepared('environment_allowed_origins'));
  return (row?.allowed_origins as string[] | null | undefined) ?? null;
}

/** Replaces the allowed origins; answers the list now stored. */
export async function updateAllowedOrigins(db: Knex, id: string, origins: string[]): Promise<string[]> {
  const [row] = await db('environments')
    .where({ id })
    .update({ allowed_origins: db.raw('?::jsonb', [JSON.stringify(origins)]), updated_at: db.fn.now() })
    .returning('allowed_origins');
  return row.allowed_origins;
}

/** Stores `origins` unless a list is stored already (the start-up default fills it once). */
export async function seedAllowedOrigins(db: Knex, id: string, origins: string[]): Promise<void> {
  await db('environments')
    .where({ id })
    .whereNull('allowed_origins')
    .update({ allowed_origins: db.raw('?::jsonb', [JSON.stringify(origins)]) });
}
