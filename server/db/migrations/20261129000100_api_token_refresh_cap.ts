import type { Knex } from 'knex';

/**
 * Stores an API token's new refresh token and drops its oldest ones beyond `keep`, in one call: the
 * API token's row is locked first, so concurrent exchanges of one token trim one at a time, and each
 * later statement sees the rows of those that went before (in a function, every statement takes a
 * fresh snapshot). One round trip instead of a transaction of four. Answers false, storing nothing,
 * when the API token is gone.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create function api_token_store_refresh_token(api_token uuid, hash text, keep integer) returns boolean
    language plpgsql volatile as $$
    begin
      perform 1 from api_tokens where id = api_token for update;
      if not found then
        return false;
      end if;
      insert into api_token_refresh_tokens (api_token_id, token_hash) values (api_token, hash);
      delete from api_token_refresh_tokens where api_token_id = api_token and seq in (
        select seq from api_token_refresh_tokens where api_token_id = api_token order by seq desc offset keep);
      return true;
    end
    $$`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop function api_token_store_refresh_token(uuid, text, integer)');
}
