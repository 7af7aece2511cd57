import type { Knex } from 'knex';

/**
 * IP restrictions: per account, rules that allow or block an address or a CIDR range (IPv4 or IPv6,
 * kept as PostgreSQL `cidr`, so matching is `network >>= address`), and a configuration saying
 * whether they are enforced and which list (ALLOW or BLOCK) counts.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('ip_restrictions', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.specificType('network', 'cidr').notNullable();
    t.text('strategy').notNullable();
    t.boolean('is_active').notNullable();
    t.text('description');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    // The order rules were added in (a clock can give two rules of one bulk the same time).
    t.specificType('seq', 'bigserial').notNullable();
    // One rule per address or range in an account; adding it again changes it.
    t.unique(['tenant_id', 'network']);
  });
  await db.schema.createTable('ip_restriction_configs', (t) => {
    t.text('tenant_id').primary().references('tenant_id').inTable('tenants').onDelete('CASCADE');
    t.boolean('is_active').notNullable();
    t.text('strategy').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('ip_restriction_configs');
  await db.schema.dropTable('ip_restrictions');
}
