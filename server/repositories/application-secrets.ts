import type { Knex } from 'knex';

/** An application's own credentials, secrets as stored (sealed or as given). */
export interface ApplicationCredentialsRow {
  application_id: string;
  client_secret: string;
  shared_secret: string;
}

export interface ApplicationClientRow {
  id: string;
  application_id: string;
  client_name: string;
  /** As stored: sealed, or as given without an operator key. */
  client_secret: string;
  client_type: string;
  redirect_urls: string[];
  external_metadata: Record<string, string | number | boolean> | null;
  created_at: Date;
  updated_at: Date;
}

export type ApplicationClientChanges = Partial<Pick<ApplicationClientRow, 'client_name' | 'redirect_urls' | 'external_metadata'>>;

const CLIENT_COLUMNS = [
  'id',
  'application_id',
  'client_name',
  'client_secret',
  'client_type',
  'redirect_urls',
  'external_metadata',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ApplicationClientRow)[];

export async function findCredentials(db: Knex, applicationId: string): Promise<ApplicationCredentialsRow | undefined> {
  return db<ApplicationCredentialsRow>('application_credentials')
    .where({ application_id: applicationId })
    .first('application_id', 'client_secret', 'shared_secret');
}

/** Stores the application's first credentials; the ones already there stay (two first readings at once agree). */
export async function insertCredentials(db: Knex, row: ApplicationCredentialsRow): Promise<void> {
  await db('application_credentials').insert(row).onConflict('application_id').ignore();
}

/** Replaces one or both secrets, making the row when the application had none. */
export async function upsertCredentials(db: Knex, row: ApplicationCredentialsRow, replace: ('client_secret' | 'shared_secret')[]): Promise<void> {
  const changes = Object.fromEntries(replace.map((column) => [column, row[column]]));
  await db('application_credentials')
    .insert(row)
    .onConflict('application_id')
    .merge({ ...changes, updated_at: db.fn.now() });
}

/** The application's clients, oldest first. */
export async function findClients(db: Knex, applicationId: string): Promise<ApplicationClientRow[]> {
  return db<ApplicationClientRow>('application_clients')
    .where({ application_id: applicationId })
    .orderBy('seq')
    .select(...CLIENT_COLUMNS);
}

/** The client, when its application is one of the environment's. */
export async function findClient(db: Knex, environmentId: string, id: string): Promise<ApplicationClientRow | undefined> {
  return db('application_clients as c')
    .join('applications as a', 'a.id', 'c.application_id')
    .where({ 'c.id': id, 'a.environment_id': environmentId })
    .first(CLIENT_COLUMNS.map((column) => `c.${column}`));
}

export async function insertClient(db: Knex, row: Omit<ApplicationClientRow, 'created_at' | 'updated_at'>): Promise<ApplicationClientRow> {
  const [inserted] = await db('application_clients')
    .insert({ ...row, redirect_urls: JSON.stringify(row.redirect_urls), external_metadata: row.external_metadata && JSON.stringify(row.external_metadata) })
    .returning(CLIENT_COLUMNS);
  return inserted as ApplicationClientRow;
}

/** The client as changed; undefined when it is gone. */
export async function updateClient(db: Knex, id: string, changes: ApplicationClientChanges): Promise<ApplicationClientRow | undefined> {
  const row: Record<string, unknown> = { updated_at: db.fn.now() };
  if (changes.client_name !== undefined) row.client_name = changes.client_name;
  if (changes.redirect_urls !== undefined) row.redirect_urls = JSON.stringify(changes.redirect_urls);
  if (changes.external_metadata !== undefined) row.external_metadata = changes.external_metadata && JSON.stringify(changes.external_metadata);
  const [updated] = await db('application_clients').where({ id }).update(row).returning(CLIENT_COLUMNS);
  return updated as ApplicationClientRow | undefined;
}

export async function deleteClient(db: Knex, id: string): Promise<void> {
  await db('application_clients').where({ id }).delete().returning('id');
}
