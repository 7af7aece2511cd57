import type { Knex } from 'knex';

/**
 * Trigram indexes for phrase search (`users/v1/query/phrase`: "contains" anywhere in the email or the
 * name), where the server has the pg_trgm extension (PostgreSQL's contrib; the embedded PGlite has it
 * not, and searches there scan, which its sizes allow). The queries are the same either way.
 */
async function hasTrigrams(db: Knex): Promise<boolean> {
  const { rows } = await db.raw<{ rows: unknown[] }>(`select 1 from pg_available_extensions where name = 'pg_trgm'`);
  return rows.length > 0;
}

export async function up(db: Knex): Promise<void> {
  if (!(await hasTrigrams(db))) return;
  await db.raw('create extension if not exists pg_trgm');
  await db.raw('create index users_email_trigrams on users using gin (email_normalized gin_trgm_ops)');
  await db.raw('create index users_name_trigrams on users using gin (lower(name) gin_trgm_ops)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists users_name_trigrams');
  await db.raw('drop index if exists users_email_trigrams');
}
