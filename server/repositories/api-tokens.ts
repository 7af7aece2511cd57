import type { Knex } from 'knex';
import { prepared } from '../db/knex';
import { firstOf } from '../lib/narrow';
import { STORED_SETTINGS } from './environments';

type ApiTokenKind = 'tenant' | 'user';

export interface ApiTokenRow {
  id: string;
  kind: ApiTokenKind;
  tenant_id: string;
  user_id: string | null;
  created_by_user_id: string | null;
  description: string | null;
  metadata: Record<string, unknown>;
  expires_at: Date | null;
  created_at: Date;
  role_ids: string[];
  permission_ids: string[];
}

/** Who owns a token: an account's token, or a user's personal token in an account. */
export interface ApiTokenOwner {
  kind: ApiTokenKind;
  tenantId: string;
  userId?: string;
}

/** A token that may be exchanged now: not expired (database clock), its account not deleted, its user a live member. */
export interface LiveCredential {
  id: string;
  kind: ApiTokenKind;
  tenant_id: string;
  user_id: string | null;
  created_by_user_id: string | null;
  metadata: Record<string, unknown>;
  secret_hash: string;
}

const COLUMNS = `t.id, t.kind, t.tenant_id, t.user_id, t.created_by_user_id, t.description, t.metadata, t.expires_at, t.created_at,
  coalesce((select json_agg(r.role_id order by r.role_id) from api_token_roles r where r.api_token_id = t.id), '[]'::json) as role_ids,
  coalesce((select json_agg(p.permission_id order by p.permission_id) from api_token_permissions p where p.api_token_id = t.id), '[]'::json) as permission_ids`;

function owned(query: Knex.QueryBuilder, owner: ApiTokenOwner): Knex.QueryBuilder {
  query.where({ 't.tenant_id': owner.tenantId, 't.kind': owner.kind });
  if (owner.kind === 'user') query.where('t.user_id', owner.userId ?? null);
  return query;
}

/** Live means: no expiry, or an expiry still ahead by the database clock. */
const LIVE = '(t.expires_at is null or t.expires_at > now())';

export async function insertApiToken(
  db: Knex,
  row: Omit<ApiTokenRow, 'expires_at' | 'created_at' | 'role_ids' | 'permission_ids'> & { secret_hash: string },
  grants: { roleIds: string[]; permissionIds: string[]; expiresInMinutes?: number | null },
): Promise<void> {
  await db('api_tokens').insert({
    ...row,
    metadata: JSON.stringify(row.metadata),
    expires_at: grants.expiresInMinutes == null ? null : db.raw(`now() + (? * interval '1 minute')`, [grants.expiresInMinutes]),
  });
  await replaceGrants(db, row.id, grants);
}

export async function replaceGrants(db: Knex, id: string, grants: { roleIds?: string[]; permissionIds?: string[] }): Promise<void> {
  if (grants.roleIds) {
    await db('api_token_roles').where({ api_token_id: id }).delete();
    if (grants.roleIds.length > 0) await db('api_token_roles').insert(grants.roleIds.map((role_id) => ({ api_token_id: id, role_id })));
  }
  if (grants.permissionIds) {
    await db('api_token_permissions').where({ api_token_id: id }).delete();
    if (grants.permissionIds.length > 0) {
      await db('api_token_permissions').insert(grants.permissionIds.map((permission_id) => ({ api_token_id: id, permission_id })));
    }
  }
}

export async function updateMetadata(db: Knex, owner: ApiTokenOwner, id: string, metadata: Record<string, unknown>): Promise<void> {
  await owned(db('api_tokens as t'), owner)
    .where('t.id', id)
    .update({ metadata: JSON.stringify(metadata) });
}

/** The owner's live tokens, oldest first. */
export async function listApiTokens(db: Knex, owner: ApiTokenOwner): Promise<ApiTokenRow[]> {
  return owned(db('api_tokens as t'), owner)
    .whereRaw(LIVE)
    .select(db.raw(COLUMNS))
    .orderBy([{ column: 't.created_at' }, { column: 't.id' }]);
}

export async function findApiToken(db: Knex, owner: ApiTokenOwner, id: string, options: { forUpdate?: boolean } = {}): Promise<ApiTokenRow | undefined> {
  const query = owned(db('api_tokens as t'), owner).where('t.id', id).whereRaw(LIVE).select(db.raw(COLUMNS)).first();
  if (options.forUpdate) query.forUpdate('t');
  return query;
}

export async function deleteApiToken(db: Knex, owner: ApiTokenOwner, id: string): Promise<boolean> {
  const removed = await owned(db('api_tokens as t'), owner).where('t.id', id).delete().returning('t.id');
  return removed.length > 0;
}

/** From `api_tokens t`: the account, membership and user a live credential needs (see LiveCredential). */
const CREDENTIAL_JOINS = `join tenants a on a.tenant_id = t.tenant_id and a.deleted_at is null
     left join user_tenants m on m.user_id = t.user_id and m.tenant_id = t.tenant_id
     left join users u on u.id = t.user_id`;
const CREDENTIAL_LIVE = `${LIVE} and (t.kind = 'tenant' or (m.is_disabled = false and u.is_locked = false))`;
const CREDENTIAL_COLUMNS = 't.id, t.kind, t.tenant_id, t.user_id, t.created_by_user_id, t.metadata, t.secret_hash';

/**
 * What an exchange puts in the JWT beside the credential: an account token's role keys and the keys
 * of its permissions and of its roles' permissions (none for a personal token, whose user's grants
 * are read apart), and a personal token's user; and the environment's settings (lifetimes, groups).
 */
const CREDENTIAL_CLAIMS = `u.email as user_email, u.metadata as user_metadata, ${STORED_SETTINGS} as environment_settings,
  coalesce((select json_agg(r.key order by r.key) from roles r join api_token_roles tr on tr.role_id = r.id where tr.api_token_id = t.id), '[]'::json) as roles,
  coalesce((select json_agg(k.key order by k.key) from (
    select p.key from permissions p join api_token_permissions tp on tp.permission_id = p.id where tp.api_token_id = t.id
    union
    select p.key from permissions p join role_permissions rp on rp.permission_id = p.id join api_token_roles tr on tr.role_id = rp.role_id where tr.api_token_id = t.id
  ) k), '[]'::json) as permissions`;

/** A live credential with what its exchange signs (see CREDENTIAL_CLAIMS). */
export interface CredentialWithClaims extends LiveCredential {
  /** Account tokens only; empty for a personal token. */
  roles: string[];
  permissions: string[];
  /** Personal tokens only; null for an account token. */
  user_email: string | null;
  user_metadata: Record<string, unknown> | null;
  /** The environment's stored settings, read in the same statement (see settingsFrom). */
  environment_settings: Record<string, unknown>;
}

/** The token of this client id when it may be used now (see LiveCredential). */
export async function findLiveCredential(db: Knex, id: string): Promise<LiveCredential | undefined> {
  const result = await db
    .raw<{ rows: LiveCredential[] }>(`select ${CREDENTIAL_COLUMNS} from api_tokens t ${CREDENTIAL_JOINS} where t.id = ? and ${CREDENTIAL_LIVE}`, [id])
    .options(prepared('api_token_live_credential'));
  return result.rows[0];
}

/** As findLiveCredential, with what the exchange signs: one statement. */
export async function findCredentialWithClaims(db: Knex, id: string): Promise<CredentialWithClaims | undefined> {
  const result = await db
    .raw<{ rows: CredentialWithClaims[] }>(
      `select ${CREDENTIAL_COLUMNS}, ${CREDENTIAL_CLAIMS} from api_tokens t ${CREDENTIAL_JOINS} where t.id = ? and ${CREDENTIAL_LIVE}`,
      [id],
    )
    .options(prepared('api_token_credential_with_claims'));
  return result.rows[0];
}

/**
 * Stores a refresh token's hash and drops the token's oldest refresh tokens beyond `keep`, in one
 * round trip (the function api_token_store_refresh_token: it locks the API token's row, so that
 * concurrent exchanges of one token trim one at a time). False, and nothing stored, when the token is gone.
 */
export async function storeRefreshToken(db: Knex, apiTokenId: string, tokenHash: string, keep: number): Promise<boolean> {
  const result = await db
    .raw<{ rows: { stored: boolean }[] }>('select api_token_store_refresh_token(?::uuid, ?, ?) as stored', [apiTokenId, tokenHash, keep])
    .options(prepared('api_token_store_refresh_token'));
  return firstOf(result.rows, 'the row of select api_token_store_refresh_token').stored;
}

/**
 * Uses up a refresh token, in one statement: answers the credential of its API token with what the
 * next exchange signs, and the token's age in seconds by the database clock; undefined when there
 * is no such token, or its API token may no longer be used. The token is used up either way.
 */
export async function consumeRefreshToken(db: Knex, tokenHash: string): Promise<(CredentialWithClaims & { age_seconds: number }) | undefined> {
  const result = await db
    .raw<{ rows: (CredentialWithClaims & { age_seconds: number })[] }>(
      `with consumed as (
         delete from api_token_refresh_tokens where token_hash = ?
         returning api_token_id, extract(epoch from now() - created_at)::float8 as age_seconds
       )
       select ${CREDENTIAL_COLUMNS}, ${CREDENTIAL_CLAIMS}, c.age_seconds
       from consumed c join api_tokens t on t.id = c.api_token_id ${CREDENTIAL_JOINS}
       where ${CREDENTIAL_LIVE}`,
      [tokenHash],
    )
    .options(prepared('api_token_consume_refresh_token'));
  return result.rows[0];
}

/** The roles (id and key) among `ids` that the account can see: global ones and its own. */
export async function findVisibleRoles(db: Knex, tenantId: string, ids: string[]): Promise<{ id: string; key: string }[]> {
  if (ids.length === 0) return [];
  return db('roles')
    .whereIn('id', ids)
    .where((q) => q.whereNull('tenant_id').orWhere('tenant_id', tenantId))
    .select('id', 'key');
}

export async function findPermissionsByIds(db: Knex, ids: string[]): Promise<{ id: string; key: string }[]> {
  if (ids.length === 0) return [];
  return db('permissions').whereIn('id', ids).select('id', 'key');
}

export async function liveTenantExists(db: Knex, tenantId: string): Promise<boolean> {
  return Boolean(await db('tenants').where({ tenant_id: tenantId }).whereNull('deleted_at').first('tenant_id'));
}

export async function membershipExists(db: Knex, userId: string, tenantId: string): Promise<boolean> {
  return Boolean(await db('user_tenants').where({ user_id: userId, tenant_id: tenantId }).first('user_id'));
}
