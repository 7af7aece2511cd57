import type { CaptchaPolicyRow } from '../../repositories/captcha';
import type { PublicCaptchaPolicyRow } from '../../services/captcha';
import type { Schema } from './schema';

/** The policy for the environment's admin: everything but the secret key. */
export function toCaptchaPolicy(row: CaptchaPolicyRow): Schema<'CaptchaPolicy'> {
  return {
    id: row.id,
    siteKey: row.site_key,
    enabled: row.enabled,
    minScore: row.min_score,
    ignoredEmails: row.ignored_emails,
    allowLoginOnProviderOutage: row.allow_login_on_provider_outage,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The policy for a login box, before anyone logs in. */
export function toPublicCaptchaPolicy(row: PublicCaptchaPolicyRow): Schema<'PublicCaptchaPolicy'> {
  return {
    id: row.id,
    siteKey: row.site_key,
    enabled: row.enabled,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
