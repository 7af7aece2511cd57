import type { Knex } from 'knex';

/**
 * Email and one-time links. `email_outbox` holds every message: written in the transaction that
 * causes it, sent after commit by a dispatcher that any server process may run (rows are claimed
 * with `for update skip locked`). `link_tokens` holds the hashes of the tokens in links (activation,
 * password reset, email change, invitation): single use, with an expiry and a purpose.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('email_outbox', (t) => {
    t.uuid('id').primary();
    t.text('template').notNullable();
    t.text('recipient').notNullable();
    t.text('subject').notNullable();
    t.text('html').notNullable();
    t.text('text').notNullable();
    // pending -> sent (over SMTP) | outbox (no SMTP configured: kept here and logged) | failed (gave up)
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });
  await db.raw("create index email_outbox_due on email_outbox (next_attempt_at) where status = 'pending'");

  await db.schema.createTable('link_tokens', (t) => {
    t.uuid('id').primary();
    t.text('token_hash').notNullable().unique();
    t.text('purpose').notNullable();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    // What the link is for beyond the user: the new email of an email change, the tenant of an invitation.
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw('create index link_tokens_user_purpose on link_tokens (user_id, purpose) where used_at is null');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('link_tokens');
  await db.schema.dropTable('email_outbox');
}
