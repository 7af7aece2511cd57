import type { Knex } from 'knex';

/**
 * The browser origins allowed to call the API with credentials (CORS), as Frontegg's `allowedOrigins`
 * of the vendor (`GET/PUT /vendors`). Null until set: at start-up NESTEGG_ALLOWED_ORIGINS fills it,
 * and afterwards the stored list is the one every process answers by.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('environments', (table) => {
    table.jsonb('allowed_origins').nullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('environments', (table) => {
    table.dropColumn('allowed_origins');
  });
}
