import type { Knex } from 'knex';

export interface CaptchaPolicyRow {
  id: string;
  enabled: boolean;
  site_key: string;
  /** Kept as given: it goes to the provider with each token. Never presented nor logged. */
  secret_key: string;
  min_score: number;
  /** Normalized (lower-case) emails that skip the check. */
  ignored_emails: string[];
  allow_login_on_provider_outage: boolean;
  created_at: Date;
  updated_at: Date;
}

export type CaptchaPolicyChanges = Pick<CaptchaPolicyRow, 'enabled' | 'site_key' | 'min_score' | 'ignored_emails' | 'allow_login_on_provider_outage'> & {
  /** Absent on an update that keeps the stored secret. */
  secret_key?: string;
};

const COLUMNS: (keyof CaptchaPolicyRow)[] = [
  'id',
  'enabled',
  'site_key',
  'secret_key',
  'min_score',
  'ignored_emails',
  'allow_login_on_provider_outage',
  'created_at',
  'updated_at',
];

function stored(changes: CaptchaPolicyChanges): Record<string, unknown> {
  const { secret_key: secretKey, ...rest } = changes;
  return { ...rest, ...(secretKey === undefined ? {} : { secret_key: secretKey }), ignored_emails: JSON.stringify(changes.ignored_emails) };
}

/** The environment's policy, if one is stored. */
export async function findCaptchaPolicy(db: Knex): Promise<CaptchaPolicyRow | undefined> {
  const row = await db<CaptchaPolicyRow>('captcha_policies').select(COLUMNS).first();
  return row ? { ...row, min_score: Number(row.min_score) } : undefined;
}

/** Stores the environment's policy; undefined when one exists already. */
export async function insertCaptchaPolicy(db: Knex, id: string, policy: CaptchaPolicyChanges & { secret_key: string }): Promise<CaptchaPolicyRow | undefined> {
  const inserted = await db('captcha_policies')
    .insert({ id, ...stored(policy) })
    .onConflict('singleton')
    .ignore()
    .returning(COLUMNS);
  const row = inserted[0] as CaptchaPolicyRow | undefined;
  return row ? { ...row, min_score: Number(row.min_score) } : undefined;
}

/** Replaces the environment's policy (the secret only when given); undefined when none is stored. */
export async function updateCaptchaPolicy(db: Knex, changes: CaptchaPolicyChanges): Promise<CaptchaPolicyRow | undefined> {
  const updated = await db('captcha_policies')
    .update({ ...stored(changes), updated_at: db.fn.now() })
    .where({ singleton: true })
    .returning(COLUMNS);
  const row = updated[0] as CaptchaPolicyRow | undefined;
  return row ? { ...row, min_score: Number(row.min_score) } : undefined;
}
