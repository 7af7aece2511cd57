import type { Knex } from 'knex';

/**
 * Signing-key rotation and environment settings.
 *
 * A signing key now has a life in four moments, all on the database clock: `publish_at` (it shows
 * in JWKS), `activate_at` (it starts signing; the newest key whose moment has come signs),
 * `signs_until` (set when a newer key is made: that key's `activate_at`) and `retire_at` (it leaves
 * JWKS and stops verifying: `signs_until` plus the longest token lifetime plus a margin).
 *
 * `environments.jwt_secret`: the HMAC secret of HS256 tokens, made when HS256 is first chosen. Kept
 * as given, not hashed: it signs and verifies tokens.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('signing_keys', (t) => {
    t.timestamp('publish_at', { useTz: true });
    t.timestamp('activate_at', { useTz: true });
    t.timestamp('signs_until', { useTz: true });
    t.timestamp('retire_at', { useTz: true });
  });
  await db.raw('update signing_keys set publish_at = created_at, activate_at = created_at');
  await db.schema.alterTable('signing_keys', (t) => {
    t.timestamp('publish_at', { useTz: true }).notNullable().defaultTo(db.fn.now()).alter();
    t.timestamp('activate_at', { useTz: true }).notNullable().defaultTo(db.fn.now()).alter();
    t.dropColumn('active');
    t.index(['environment_id', 'activate_at'], 'signing_keys_activation');
  });
  await db.schema.alterTable('environments', (t) => {
    t.text('jwt_secret');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('environments', (t) => {
    t.dropColumn('jwt_secret');
  });
  await db.schema.alterTable('signing_keys', (t) => {
    t.dropIndex(['environment_id', 'activate_at'], 'signing_keys_activation');
    t.boolean('active').notNullable().defaultTo(true);
    t.dropColumn('publish_at');
    t.dropColumn('activate_at');
    t.dropColumn('signs_until');
    t.dropColumn('retire_at');
  });
}
