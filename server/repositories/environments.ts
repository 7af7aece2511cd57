import type { Knex } from 'knex';
import { prepared } from '../db/knex';

export interface EnvironmentRow {
  id: string;
  client_id: string;
  api_key_hash: string;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** The environment this server serves. There is one per database. */
export async function findEnvironment(db: Knex): Promise<EnvironmentRow | undefined> {
  return db<EnvironmentRow>('environments')
    .orderBy('created_at')
    .first('id', 'client_id', 'api_key_hash', 'settings', 'created_at', 'updated_at')
    .options(prepared('environment'));
}

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
