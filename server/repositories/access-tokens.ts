import type { Knex } from 'knex';

export type AccessTokenKind = 'tenant' | 'user';

export interface AccessTokenRow {
  id: string;
  kind: AccessTokenKind;
  tenant_id: string;
  user_id: string | null;
  created_by_user_id: string | null;
  description: string | null;
  kid: string;
  expires_at: Date | null;
  created_at: Date;
  /** Tenant tokens: the ids of their roles. */
  role_ids: string[];
}

const COLUMNS = `t.id, t.kind, t.tenant_id, t.user_id, t.created_by_user_id, t.description, t.kid, t.expires_at, t.created_at,
  coalesce((select json_agg(r.role_id order by r.role_id) from access_token_roles r where r.access_token_id = t.id), '[]'::json) as role_ids`;

/** Works now: not expired by the database clock. (A deleted token, or one whose membership ended, has no row.) */
const LIVE = '(t.expires_at is null or t.expires_at > now())';

export async function insertAccessToken(db: Knex, row: Omit<AccessTokenRow, 'created_at' | 'role_ids'>, roleIds: string[]): Promise<AccessTokenRow> {
  await db('access_tokens').insert(row);
  if (roleIds.length > 0) await db('access_token_roles').insert(roleIds.map((roleId) => ({ access_token_id: row.id, role_id: roleId })));
  return (await findAccessToken(db, row.id, { kind: row.kind }))!;
}

export async function findAccessToken(
  db: Knex,
  id: string,
  scope: { kind: AccessTokenKind; tenantId?: string; live?: boolean },
): Promise<AccessTokenRow | undefined> {
  const { rows } = await db.raw<{ rows: AccessTokenRow[] }>(
    `select ${COLUMNS} from access_tokens t where t.id = ? and t.kind = ? and (?::text is null or t.tenant_id = ?)${scope.live ? ` and ${LIVE}` : ''}`,
    [id, scope.kind, scope.tenantId ?? null, scope.tenantId ?? null],
  );
  return rows[0];
}

/** The tokens of an account (tenant tokens) or of a member (user tokens), newest first. */
export async function listAccessTokens(db: Knex, scope: { kind: AccessTokenKind; tenantId: string; userId?: string }): Promise<AccessTokenRow[]> {
  const { rows } = await db.raw<{ rows: AccessTokenRow[] }>(
    `select ${COLUMNS} from access_tokens t where t.kind = ? and t.tenant_id = ? and (?::uuid is null or t.user_id = ?)
     order by t.created_at desc, t.id`,
    [scope.kind, scope.tenantId, scope.userId ?? null, scope.userId ?? null],
  );
  return rows;
}

/** The ids of the tokens that work now, of one account or of all. */
export async function liveAccessTokenIds(db: Knex, kind: AccessTokenKind, tenantId?: string): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { id: string }[] }>(
    `select t.id from access_tokens t where t.kind = ? and (?::text is null or t.tenant_id = ?) and ${LIVE} order by t.created_at, t.id`,
    [kind, tenantId ?? null, tenantId ?? null],
  );
  return rows.map((row) => row.id);
}

export async function deleteAccessToken(db: Knex, id: string, scope: { kind: AccessTokenKind; tenantId: string; userId?: string }): Promise<boolean> {
  const query = db('access_tokens').where({ id, kind: scope.kind, tenant_id: scope.tenantId });
  if (scope.userId) query.where({ user_id: scope.userId });
  return (await query.delete().returning('id')).length > 0;
}
