import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { sha256Hex } from '../lib/crypto';
import { assignInitialRoles } from '../repositories/grants';
import { insertTenant } from '../repositories/tenants';
import { findAddressOwner, type AddressOwner } from '../repositories/sign-up';
import { insertMembership, insertUser } from '../repositories/users';
import { setUsername } from '../repositories/usernames';
import { applicationTenant } from './applications';
import type { CaptchaService } from './captcha';
import type { DomainRestrictionsService } from './domain-restrictions';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import type { LinkTokens } from './link-tokens';
import { createLinks, oneTimeCode } from './links';
import type { Mail } from './mail';
import type { BreachedPasswords } from './breached-passwords';
import { checkNewPassword } from './password-rules';
import type { Passwords } from './passwords';
import type { RateLimit, RateLimits } from './rate-limits';
import type { ClientInfo, IssuedSession, AuthService } from './auth';
import type { TenantInvitesService } from './tenant-invites';
import { assertStorable } from './tenants';
import { normalizeUsername } from './usernames';
import { metadataObject, normalizeEmail } from './users';

/** What a sign-up takes: the spec's request body (by email, or with a username). */
export type SignUpInput = components['schemas']['SignUpRequest'] | components['schemas']['SignUpUsernameRequest'];

/**
 * The answer of a sign-up. `pending`: the user must activate first, or the email was already in use
 * (the two must not be told apart). `loggedIn`: unverified users may log in, and this one is.
 */
export type SignUpOutcome = { kind: 'pending' } | { kind: 'loggedIn'; userId: string; tenantId: string; session: IssuedSession };

export interface SignUpStrategy {
  strategy: 'email' | 'phoneNumber' | 'username';
  isActive: boolean;
  isRequired: boolean;
}

/** The name under which sign-ups are counted per IP address. */
const SIGN_UP_RATE_LIMIT = 'sign-up:ip';
/** The name under which the emails sign-ups cause are counted per address. */
const SIGN_UP_EMAIL_LIMIT = 'sign-up:email';

/** Thrown inside the creation's savepoint to undo everything it made. */
class Undo extends Error {}

/**
 * Where a rehearsal's stand-in user is addressed: a reserved domain that can never be anyone's
 * (RFC 2606), and the row never outlives the rehearsal's savepoint anyway.
 */
const REHEARSAL_DOMAIN = 'sign-up-rehearsal.invalid';

/**
 * Public sign-up: a new user and the new account they own, made in one transaction. An email already
 * in use creates nothing and emails its owner instead; that path does the same work (the password
 * hash, and the creation's statements, rehearsed and undone) and answers the same, so sign-up tells
 * nobody who has an account.
 */
export function createSignUpService(deps: {
  db: Db;
  appUrl: string;
  environment: EnvironmentService;
  linkTokens: LinkTokens;
  mail: Mail;
  passwords: Passwords;
  breachedPasswords: BreachedPasswords;
  rateLimits: RateLimits;
  rateLimit: RateLimit;
  emailLimit: RateLimit;
  auth: AuthService;
  tenantInvites: TenantInvitesService;
  domainRestrictions: DomainRestrictionsService;
  /** The CAPTCHA policy's check, made before any other work. */
  captcha: CaptchaService;
}) {
  const { db, environment, linkTokens, mail } = deps;
  const links = createLinks(deps.appUrl);

  /** Refuses what a sign-up cannot take, naming the field, before any work is done. */
  async function validate(input: SignUpInput): Promise<{ companyName: string; password: string; metadata: Record<string, unknown> }> {
    const provider = input.provider ?? 'local';
    if (provider !== 'local') throw errors.signUpProviderUnsupported(provider);
    const companyName = input.companyName.trim();
    // Joining an account by invitation token makes no account of one's own: the name is not needed then.
    if (companyName === '' && input.invitationToken === undefined) throw errors.companyNameRequired();
    if (input.password === undefined || input.password === '') throw errors.signUpPasswordRequired();
    await checkNewPassword({ db, passwords: deps.passwords, breachedPasswords: deps.breachedPasswords }, input.password, { field: 'password' });
    // The environment's email-domain restrictions (a new account has none of its own yet); while on, they need an address.
    await deps.domainRestrictions.check(db, null, input.email ?? undefined);
    for (const field of ['email', 'username', 'companyName', 'name', 'profilePictureUrl', 'phoneNumber'] as const) {
      assertStorable(field, input[field]);
    }
    const metadata = metadataObject('metadata', input.metadata);
    assertStorable('metadata', metadata);
    return { companyName, password: input.password, metadata };
  }

  /**
   * Creates the account and the user, gives the user the first-user roles, and queues the activation
   * email, inside a savepoint of `trx`. False, with everything undone, when the email turns out to
   * belong to someone.
   *
   * With `rehearse`, for an email already in use: the same statements run for a stand-in user and are
   * undone, so that a sign-up with a used email takes as long as one with a fresh email (the owner's
   * email then takes the place of the activation email).
   */
  async function create(
    trx: Knex.Transaction,
    ids: { userId: string; tenantId: string },
    input: SignUpInput,
    checked: { companyName: string; passwordHash: string; metadata: Record<string, unknown> },
    rehearse: boolean,
    applicationId: string | undefined,
  ): Promise<boolean> {
    // No email (the SDK sends null): a user known by the username alone, with no address to verify.
    const email = rehearse ? `${ids.userId}@${REHEARSAL_DOMAIN}` : (input.email ?? undefined)?.trim();
    try {
      await trx.transaction(async (savepoint) => {
        const joining = input.invitationToken !== undefined;
        if (!joining) {
          await insertTenant(savepoint, {
            id: randomUUID(),
            tenant_id: ids.tenantId,
            name: checked.companyName,
            status: null,
            website: null,
            application_url: null,
            logo: null,
            logo_url: null,
            address: null,
            timezone: null,
            currency: null,
            creator_name: input.name ?? null,
            creator_email: email ?? null,
            is_reseller: false,
            parent_tenant_id: null,
          });
        }
        const inserted = await insertUser(savepoint, {
          id: ids.userId,
          email: email ?? null,
          email_normalized: email === undefined ? null : normalizeEmail(email),
          name: input.name ?? '',
          password_hash: checked.passwordHash,
          profile_picture_url: input.profilePictureUrl ?? null,
          phone_number: input.phoneNumber ?? null,
          metadata: checked.metadata,
          vendor_metadata: {},
          external_id: null,
          provider: 'local',
          verified: email === undefined,
          mfa_bypass: false,
        });
        if (!inserted) throw new Undo();
        if (joining) {
          // The token adds the user to its account with its roles (an invalid one fails both paths alike).
          ids.tenantId = (await deps.tenantInvites.redeemInvitationToken(savepoint, input.invitationToken!, ids.userId)).tenantId;
        } else {
          await insertMembership(savepoint, ids.userId, ids.tenantId);
          await assignInitialRoles(savepoint, ids.userId, ids.tenantId);
        }
        // For an application, the new account must be able to use it (the default one, or open to all), else nothing is made.
        if (applicationId !== undefined && !(await applicationTenant(savepoint, environment.id, applicationId, ids.userId, [ids.tenantId]))) {
          throw errors.applicationAccessDenied();
        }
        if (input.username !== undefined) {
          const stored = await setUsername(savepoint, ids.userId, normalizeUsername(input.username));
          if (stored === 'taken' && !rehearse) throw errors.usernameTaken(normalizeUsername(input.username));
        }
        if (email === undefined) return;
        const code = oneTimeCode();
        const token = await linkTokens.issue('activation', ids.userId, { trx: savepoint, payload: { codeHash: sha256Hex(code) } });
        const expiresInSeconds = await linkTokens.lifetime('activation', savepoint);
        if (rehearse) throw new Undo();
        await mail.enqueue(savepoint, email, 'activation', { name: input.name ?? '', link: links.activation(ids.userId, token), code, expiresInSeconds });
      });
      return true;
    } catch (error) {
      if (error instanceof Undo) return false;
      throw error;
    }
  }

  /**
   * Tells the owner of the address that someone tried to sign up with it, with links to log in or
   * reset the password. An owner who never activated (most likely signing up again after losing the
   * first email) gets a new activation email instead; earlier activation links stop working.
   */
  async function notifyOwner(trx: Knex.Transaction, owner: AddressOwner | undefined, typed: string): Promise<void> {
    if (owner && !owner.verified) {
      const code = oneTimeCode();
      const token = await linkTokens.issue('activation', owner.user_id, { trx, payload: { codeHash: sha256Hex(code) } });
      const expiresInSeconds = await linkTokens.lifetime('activation', trx);
      await mail.enqueue(trx, owner.primary_email, 'activation', { name: owner.name, link: links.activation(owner.user_id, token), code, expiresInSeconds });
      return;
    }
    await mail.enqueue(trx, owner?.email ?? typed.trim(), 'sign-up-attempt', {
      name: owner?.name ?? '',
      link: links.login(),
      passwordResetLink: links.forgotPassword(),
    });
  }

  return {
    async signUp(input: SignUpInput, client: ClientInfo & { applicationId?: string }): Promise<SignUpOutcome> {
      const settings = await environment.settings();
      if (!settings.allowSignups) throw errors.signUpDisabled();
      if (!(await deps.rateLimits.allow(SIGN_UP_RATE_LIMIT, client.ipAddress ?? 'unknown', deps.rateLimit))) throw errors.signUpRateLimited();
      const { email } = input;
      await deps.captcha.check('signUp', { email, recaptchaToken: input.recaptchaToken, ipAddress: client.ipAddress });
      const { companyName, password, metadata } = await validate(input);
      const passwordHash = await deps.passwords.hash(password);
      if (email === undefined || email === null) {
        // Known by the username alone: nothing to verify or to keep secret (a taken username is refused), so logged in at once.
        const ids = { userId: randomUUID(), tenantId: randomUUID() };
        await db.transaction((trx) => create(trx, ids, input, { companyName, passwordHash, metadata }, false, client.applicationId));
        const session = await deps.auth.loginProven(ids.userId, client);
        return { kind: 'loggedIn', userId: ids.userId, tenantId: ids.tenantId, session };
      }
      // Counted on both paths alike; it only ever holds back the email to the owner of an address in use.
      const mayEmail = await deps.rateLimits.allow(SIGN_UP_EMAIL_LIMIT, normalizeEmail(email), deps.emailLimit);
      const ids = { userId: randomUUID(), tenantId: randomUUID() };
      const created = await db.transaction(async (trx) => {
        // Both paths read the address and run the creation; a used one rehearses it and mails the owner.
        const owner = await findAddressOwner(trx, normalizeEmail(email));
        if (await create(trx, ids, input, { companyName, passwordHash, metadata }, owner !== undefined, client.applicationId)) return true;
        // In use from the start, or taken meanwhile: the owner hears of it, nothing is made.
        if (mayEmail) await notifyOwner(trx, owner ?? (await findAddressOwner(trx, normalizeEmail(email))), email);
        return false;
      });
      if (!created || !settings.allowNotVerifiedUsersLogin) return { kind: 'pending' };
      const session = await deps.auth.loginProven(ids.userId, client);
      return { kind: 'loggedIn', userId: ids.userId, tenantId: ids.tenantId, session };
    },

    /** Sign-up by phone number needs SMS, which does not exist yet. */
    async signUpWithPhoneNumber(): Promise<never> {
      throw errors.signUpByPhoneNotConfigured();
    },

    /**
     * How a new user can be named, as the sign-up form asks: by email, with a username if they like;
     * no phone yet. The username route also takes a username alone (`signUpUserWithUsername`).
     */
    strategies(): SignUpStrategy[] {
      return [
        { strategy: 'email', isActive: true, isRequired: true },
        { strategy: 'username', isActive: true, isRequired: false },
        { strategy: 'phoneNumber', isActive: false, isRequired: false },
      ];
    },
  };
}
