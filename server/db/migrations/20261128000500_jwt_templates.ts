import type { Knex } from 'knex';

/**
 * JWT templates (named shapes of users' access tokens: extra claims, a lifetime, an algorithm) and
 * the environment's one targeting: rules, tried in order, that pick a template by its key.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('jwt_templates', (t) => {
    t.uuid('id').primary();
    t.text('key').notNullable().unique();
    t.text('name').notNullable();
    t.text('description');
    t.integer('expiration').notNullable();
    t.text('algorithm').notNullable();
    t.jsonb('claims').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable('jwt_template_targeting', (t) => {
    t.uuid('id').primary();
    // One row: the environment has one targeting.
    t.boolean('singleton').notNullable().defaultTo(true).unique();
    t.jsonb('rules').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('jwt_template_targeting');
  await db.schema.dropTable('jwt_templates');
}
