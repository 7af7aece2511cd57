import type { Knex } from 'knex';

export interface SigningKeyRow {
  kid: string;
  environment_id: string;
  algorithm: 'RS256';
  public_key_pem: string;
  private_key_pem: string;
  active: boolean;
  created_at: Date;
}

export async function findActiveSigningKey(db: Knex, environmentId: string): Promise<SigningKeyRow | undefined> {
  return db<SigningKeyRow>('signing_keys')
    .where({ environment_id: environmentId, active: true })
    .orderBy('created_at', 'desc')
    .first();
}

export async function findSigningKey(db: Knex, environmentId: string, kid: string): Promise<SigningKeyRow | undefined> {
  return db<SigningKeyRow>('signing_keys').where({ environment_id: environmentId, kid }).first();
}

/** Every key that verifies tokens, newest first. */
export async function listSigningKeys(db: Knex, environmentId: string): Promise<SigningKeyRow[]> {
  return db<SigningKeyRow>('signing_keys').where({ environment_id: environmentId }).orderBy('created_at', 'desc');
}

export async function insertSigningKey(db: Knex, row: Omit<SigningKeyRow, 'created_at' | 'active'>): Promise<void> {
  await db('signing_keys').insert(row);
}
