import type { Knex } from 'knex';
import { firstOf } from '../lib/narrow';

export interface SigningKeyRow {
  kid: string;
  environment_id: string;
  algorithm: 'RS256';
  public_key_pem: string;
  private_key_pem: string;
  created_at: Date;
  /** From then on the key is in JWKS. */
  publish_at: Date;
  /** From then on the key signs, until a newer key's moment comes. */
  activate_at: Date;
  /** Set once a newer key is made: the newer key's activate_at. */
  signs_until: Date | null;
  /** From then on the key is out of JWKS and verifies nothing: every token it signed has expired. */
  retire_at: Date | null;
}

export type NewSigningKey = Pick<SigningKeyRow, 'kid' | 'environment_id' | 'algorithm' | 'public_key_pem' | 'private_key_pem'>;

/** Whether the environment has any signing key at all. */
export async function hasSigningKey(db: Knex, environmentId: string): Promise<boolean> {
  return Boolean(await db('signing_keys').where({ environment_id: environmentId }).first('kid'));
}

/**
 * The kid that signs now and the milliseconds until the next key's activation (null when no key is
 * waiting), both on the database clock, in one statement.
 */
export async function findSigningSchedule(db: Knex, environmentId: string): Promise<{ kid: string | undefined; nextInMs: number | null }> {
  const { rows } = await db.raw<{ rows: { kid: string | null; next_in_ms: number | string | null }[] }>(
    `select (select kid from signing_keys where environment_id = ? and activate_at <= now() order by activate_at desc limit 1) as kid,
            (select extract(epoch from min(activate_at) - now()) * 1000 from signing_keys where environment_id = ? and activate_at > now()) as next_in_ms`,
    [environmentId, environmentId],
  );
  const row = rows[0];
  return { kid: row?.kid ?? undefined, nextInMs: row?.next_in_ms === null || row?.next_in_ms === undefined ? null : Number(row.next_in_ms) };
}

export async function findSigningKey(db: Knex, environmentId: string, kid: string): Promise<SigningKeyRow | undefined> {
  return db<SigningKeyRow>('signing_keys').where({ environment_id: environmentId, kid }).first();
}

/**
 * The keys JWKS publishes now: published and not retired (or still named by a live access token).
 * The key that signs comes first (clients
 * that take `keys[0]` get it), then older keys still verifying, then a key published but not yet signing.
 */
export async function listPublishedSigningKeys(db: Knex, environmentId: string): Promise<SigningKeyRow[]> {
  return db<SigningKeyRow>('signing_keys')
    .where({ environment_id: environmentId })
    .andWhere('publish_at', '<=', db.fn.now())
    .andWhere((where) =>
      where
        .whereNull('retire_at')
        .orWhere('retire_at', '>', db.fn.now())
        // An access token (x-api-key) may live longer than any session token: its key stays published while it works.
        .orWhereExists(db('access_tokens as t').whereRaw('t.kid = signing_keys.kid').andWhereRaw('(t.expires_at is null or t.expires_at > now())')),
    )
    .orderByRaw('(activate_at <= now()) desc, activate_at desc');
}

/** Seconds since the newest key was published (database clock); undefined when there is none. */
export async function newestKeyAgeSeconds(db: Knex, environmentId: string): Promise<number | undefined> {
  const row = await db('signing_keys').where({ environment_id: environmentId }).first(db.raw('extract(epoch from now() - max(publish_at))::float8 as age'));
  return row?.age === null || row?.age === undefined ? undefined : Number(row.age);
}

/** Inserts a key published now that starts signing `leadSeconds` later; answers its row. */
export async function insertSigningKey(db: Knex, row: NewSigningKey, leadSeconds = 0): Promise<SigningKeyRow> {
  const inserted = await db<SigningKeyRow>('signing_keys')
    .insert({ ...row, publish_at: db.fn.now(), activate_at: db.raw(`now() + ? * interval '1 second'`, [leadSeconds]) } as never)
    .returning('*');
  return firstOf(inserted, 'the inserted signing key');
}

/**
 * Every other key not yet superseded stops signing when `successor` activates, and retires
 * `keepSeconds` after that (the longest token lifetime plus a margin).
 */
export async function supersedeSigningKeys(db: Knex, environmentId: string, successor: SigningKeyRow, keepSeconds: number): Promise<void> {
  await db('signing_keys')
    .where({ environment_id: environmentId })
    .whereNot({ kid: successor.kid })
    .whereNull('signs_until')
    .update({
      signs_until: successor.activate_at,
      retire_at: db.raw(`?::timestamptz + ? * interval '1 second'`, [successor.activate_at, keepSeconds]),
    });
}

/**
 * Keeps superseded keys published long enough for tokens of a longer lifetime: a key that still
 * verifies now retires no sooner than `keepSeconds` after it stopped signing.
 */
export async function extendSigningKeyRetirement(db: Knex, environmentId: string, keepSeconds: number): Promise<void> {
  await db('signing_keys')
    .where({ environment_id: environmentId })
    .whereNotNull('signs_until')
    .andWhere('retire_at', '>', db.fn.now())
    .update({ retire_at: db.raw(`greatest(retire_at, signs_until + ? * interval '1 second')`, [keepSeconds]) });
}
