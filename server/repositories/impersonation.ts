import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

/** Who acts in an impersonated session: a user (with their id) or the environment. */
export type ImpersonationActor = { type: 'user'; userId: string } | { type: 'environment' };

/** Whether delegation is on for the environment (off when never set). */
export async function findDelegationEnabled(db: Knex, environmentId: string): Promise<boolean> {
  const row = await db('delegation_configurations').where({ environment_id: environmentId }).first('enabled');
  return row?.enabled === true;
}

export async function saveDelegationEnabled(db: Knex, environmentId: string, enabled: boolean): Promise<void> {
  await db('delegation_configurations')
    .insert({ environment_id: environmentId, enabled, updated_at: db.fn.now() })
    .onConflict('environment_id')
    .merge(['enabled', 'updated_at']);
}

/**
 * Opens an impersonated session with its first refresh token, and records the impersonation. The
 * session, its refresh token and the record all end `lifetimeSeconds` from now (database clock), and
 * no refresh moves that end. Returns the end, in seconds since the epoch.
 */
export async function startImpersonation(
  trx: Knex,
  input: {
    id: string;
    sessionId: string;
    tenantId: string;
    targetUserId: string;
    actor: ImpersonationActor;
    reason: string | null;
    ipAddress: string | null;
    userAgent: string | null;
    refreshToken: { id: string; token_hash: string };
    lifetimeSeconds: number;
  },
): Promise<number> {
  const actorUserId = input.actor.type === 'user' ? input.actor.userId : null;
  const result = await trx.raw<{ rows: { ends: string | number }[] }>(
    `insert into sessions (id, user_id, tenant_id, ip_address, user_agent, expires_at,
                           impersonated_by_type, impersonated_by, impersonation_reason, impersonation_ends_at)
     values (?, ?, ?, ?, ?, now() + make_interval(secs => ?), ?, ?, ?, now() + make_interval(secs => ?))
     returning extract(epoch from impersonation_ends_at) as ends`,
    [
      input.sessionId,
      input.targetUserId,
      input.tenantId,
      input.ipAddress,
      input.userAgent,
      input.lifetimeSeconds,
      input.actor.type,
      actorUserId,
      input.reason,
      input.lifetimeSeconds,
    ],
  );
  await trx.raw(
    `insert into refresh_tokens (id, session_id, token_hash, expires_at)
     select ?, s.id, ?, s.impersonation_ends_at from sessions s where s.id = ?`,
    [input.refreshToken.id, input.refreshToken.token_hash, input.sessionId],
  );
  await trx.raw(
    `insert into impersonations (id, tenant_id, actor_type, actor_user_id, target_user_id, session_id, reason, expires_at)
     select ?, ?, ?, ?, ?, s.id, ?, s.impersonation_ends_at from sessions s where s.id = ?`,
    [input.id, input.tenantId, input.actor.type, actorUserId, input.targetUserId, input.reason, input.sessionId],
  );
  return Math.floor(Number(firstOf(result.rows, 'the inserted session').ends));
}
