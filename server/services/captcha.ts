import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import { createSecretBox, type SecretBox } from '../lib/sealed';
import { findCaptchaPolicy, insertCaptchaPolicy, updateCaptchaPolicy, type CaptchaPolicyChanges, type CaptchaPolicyRow } from '../repositories/captcha';
import { errors } from './errors';
import { BUILT_IN_POLICY_ID, BUILT_IN_POLICY_TIME } from './policy-levels';
import { normalizeEmail } from './users';

export interface CaptchaPolicyInput {
  enabled: boolean;
  siteKey: string;
  /** Required to create; left out of an update, the stored one is kept. */
  secretKey?: string;
  minScore: number;
  ignoredEmails?: string[];
  allowLoginOnProviderOutage?: boolean;
}

/** What a login box reads of the policy. */
export type PublicCaptchaPolicyRow = Pick<CaptchaPolicyRow, 'id' | 'site_key' | 'enabled' | 'created_at' | 'updated_at'>;

/** The public policy while none is stored: off, as check() then asks nothing. */
const BUILT_IN_PUBLIC_CAPTCHA: PublicCaptchaPolicyRow = Object.freeze({
  id: BUILT_IN_POLICY_ID,
  site_key: '',
  enabled: false,
  created_at: BUILT_IN_POLICY_TIME,
  updated_at: BUILT_IN_POLICY_TIME,
});

/** What is being attempted: a login may get through a provider outage if the policy says so, a sign-up never. */
export type CaptchaFlow = 'login' | 'signUp';

/** What the provider said, or why it could not say. */
type Verdict = { kind: 'answer'; success: boolean; score?: number; errorCodes: string[] } | { kind: 'outage'; reason: string };

/** The context the provider's secret key is sealed in (NESTEGG_SECRETS_KEY). */
const SECRET_KEY_CONTEXT = 'captcha-policy:secret-key';

/** The policy's fields but the secret key. */
function changes(input: CaptchaPolicyInput): CaptchaPolicyChanges {
  if (!(input.minScore >= 0 && input.minScore <= 1)) throw errors.validation('request/body/minScore must be from 0 to 1');
  return {
    enabled: input.enabled,
    site_key: input.siteKey,
    min_score: input.minScore,
    ignored_emails: [...new Set((input.ignoredEmails ?? []).map((email) => normalizeEmail(email)).filter((email) => email !== ''))],
    allow_login_on_provider_outage: input.allowLoginOnProviderOutage ?? false,
  };
}

/** Reads the provider's answer: `success`, a numeric `score` (v3) and `error-codes`; anything else is an outage. */
function parseAnswer(text: string): Verdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'outage', reason: 'the answer is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { success?: unknown }).success !== 'boolean') {
    return { kind: 'outage', reason: 'the answer has no success field' };
  }
  const answer = parsed as { success: boolean; score?: unknown; 'error-codes'?: unknown };
  const errorCodes = Array.isArray(answer['error-codes']) ? answer['error-codes'].filter((code): code is string => typeof code === 'string') : [];
  return { kind: 'answer', success: answer.success, ...(typeof answer.score === 'number' ? { score: answer.score } : {}), errorCodes };
}

/**
 * The environment's CAPTCHA policy, and the check of a reCAPTCHA token that login and sign-up make
 * while it is on. The token goes to the provider's verify URL (siteverify) with the secret key and
 * the client's address, and nothing else. The policy is read from the database at each check, so a
 * change holds at once in every process. Neither the secret nor a token is ever logged.
 */
export function createCaptchaService(deps: { db: Db; logger: Logger; verifyUrl: string; timeoutMs: number; secrets?: SecretBox }) {
  const secrets = deps.secrets ?? createSecretBox(undefined);
  const { db, logger } = deps;

  async function verify(secret: string, token: string, remoteIp: string | undefined): Promise<Verdict> {
    const form = new URLSearchParams({ secret, response: token, ...(remoteIp ? { remoteip: remoteIp } : {}) });
    try {
      const response = await fetch(deps.verifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) return { kind: 'outage', reason: `the provider answered ${response.status}` };
      return parseAnswer(text);
    } catch (error) {
      // Read by shape, not instanceof: fetch's errors may come from another realm (as under a test runner's VM).
      const failure = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; cause?: { code?: unknown } };
      if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return { kind: 'outage', reason: `no answer within ${deps.timeoutMs} ms` };
      const code = typeof failure.cause?.code === 'string' ? failure.cause.code : typeof failure.name === 'string' ? failure.name : 'error';
      return { kind: 'outage', reason: `the provider could not be reached (${code})` };
    }
  }

  return {
    /** The environment's policy; 404 when none is stored. */
    async get(): Promise<CaptchaPolicyRow> {
      const policy = await findCaptchaPolicy(db);
      if (!policy) throw errors.captchaPolicyNotFound();
      return policy;
    },

    /** What the login box needs: the stored policy, else an off one (never a 404: the SDK loads it on every login page). */
    async getPublic(): Promise<PublicCaptchaPolicyRow> {
      return (await findCaptchaPolicy(db)) ?? BUILT_IN_PUBLIC_CAPTCHA;
    },

    async create(input: CaptchaPolicyInput & { secretKey: string }): Promise<CaptchaPolicyRow> {
      const created = await insertCaptchaPolicy(db, randomUUID(), { ...changes(input), secret_key: secrets.seal(input.secretKey, SECRET_KEY_CONTEXT) });
      if (!created) throw errors.captchaPolicyExists();
      logger.info({ enabled: created.enabled, minScore: created.min_score }, 'captcha policy created');
      return created;
    },

    async update(input: CaptchaPolicyInput): Promise<CaptchaPolicyRow> {
      const secretKey = input.secretKey === undefined ? {} : { secret_key: secrets.seal(input.secretKey, SECRET_KEY_CONTEXT) };
      const updated = await updateCaptchaPolicy(db, { ...changes(input), ...secretKey });
      if (!updated) throw errors.captchaPolicyNotFound();
      logger.info({ enabled: updated.enabled, minScore: updated.min_score, secretReplaced: input.secretKey !== undefined }, 'captcha policy changed');
      return updated;
    },

    /**
     * Refuses a login or sign-up without a passing token while the policy is on: a missing token, one
     * the provider rejects, or a v3 score under `minScore` (an answer without a score, reCAPTCHA v2,
     * passes on success alone). Emails of `ignoredEmails` pass untested. When the provider cannot
     * answer, a sign-up is refused (503) and a login too, unless the policy lets logins through.
     */
    async check(flow: CaptchaFlow, attempt: { email?: string | null; recaptchaToken?: string; ipAddress?: string }): Promise<void> {
      const policy = await findCaptchaPolicy(db);
      if (!policy?.enabled) return;
      if (typeof attempt.email === 'string' && policy.ignored_emails.includes(normalizeEmail(attempt.email))) return;
      if (!attempt.recaptchaToken) throw errors.recaptchaTokenMissing();
      const verdict = await verify(secrets.open(policy.secret_key, SECRET_KEY_CONTEXT), attempt.recaptchaToken, attempt.ipAddress);
      if (verdict.kind === 'outage') {
        const letThrough = flow === 'login' && policy.allow_login_on_provider_outage;
        logger.warn({ flow, reason: verdict.reason, letThrough }, 'captcha provider unavailable');
        if (letThrough) return;
        throw errors.captchaProviderUnavailable();
      }
      if (!verdict.success) {
        logger.info({ flow, errorCodes: verdict.errorCodes }, 'captcha refused: the provider rejected the token');
        throw errors.recaptchaTokenInvalid();
      }
      if (verdict.score !== undefined && verdict.score < policy.min_score) {
        logger.info({ flow, score: verdict.score, minScore: policy.min_score }, 'captcha refused: score too low');
        throw errors.recaptchaScoreTooLow();
      }
    },
  };
}

export type CaptchaService = ReturnType<typeof createCaptchaService>;
