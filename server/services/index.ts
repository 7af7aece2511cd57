import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { createSecretBox } from '../lib/sealed';
import { createAccessTokensService } from './access-tokens';
import { createApiTokensService } from './api-tokens';
import { createApplicationSecretsService } from './application-secrets';
import { createApplicationsService, isApplicationAudience } from './applications';
import { createBreachedPasswords } from './breached-passwords';
import { createBulkInvitesService } from './bulk-invites';
import { createBulkRolesService } from './bulk-roles';
import { createCaptchaService } from './captcha';
import { createDomainRestrictionsService } from './domain-restrictions';
import { createEnvironmentService, type Environment } from './environment';
import { createGroupsService } from './groups';
import { createHierarchyService } from './hierarchy';
import { createImpersonationService } from './impersonation';
import { createInvitationsService } from './invitations';
import { createIpRestrictionsService } from './ip-restrictions';
import { createJobs } from './jobs';
import { createJwtTemplatesService, longestSignedLifetime } from './jwt-templates';
import { createKeys } from './keys';
import { createLinkTokens } from './link-tokens';
import { createLockoutService } from './lockout';
import { createMail } from './mail';
import { createMemberRolesService } from './member-roles';
import { createMembersService } from './members';
import { createMyTenantsService } from './my-tenants';
import { createPageLoadService } from './page-load';
import { createLoginPasswordExpiry, createPasswordPoliciesService } from './password-policies';
import { createPasswordRecoveryService } from './password-recovery';
import type { Passwords } from './passwords';
import { createPermissionsService } from './permissions';
import { createRateLimits } from './rate-limits';
import { createRetention } from './retention';
import { createRolesService } from './roles';
import { createAuthService } from './auth';
import { createSignUpService } from './sign-up';
import { createSubTenantUsersService } from './sub-tenant-users';
import { createTeamService } from './team';
import { createTenantInvitesService } from './tenant-invites';
import { createTenantsService } from './tenants';
import { createTokens } from './tokens';
import { createUserEmailsService } from './user-emails';
import { createUserLinksService } from './user-links';
import { createUserSessionsService } from './user-sessions';
import { createUsernamesService } from './usernames';
import { createUsersService } from './users';
import { createVendorUsersService } from './vendor-users';

export interface ServiceDeps {
  config: Config;
  db: Db;
  logger: Logger;
  passwords: Passwords;
  environment: Environment;
}

/**
 * Every domain service, wired to its dependencies: the one list kept by hand, as the wiring is the
 * point. A service is made after those it needs; the answer names them in alphabetical order.
 */
export function createServices(deps: ServiceDeps) {
  const { db, passwords, logger, config } = deps;
  // The secrets nestegg must read back (signing keys, the HS256 secret, the captcha secret,
  // applications' secrets) are sealed with NESTEGG_SECRETS_KEY when it is set.
  const secrets = createSecretBox(config.secretsKey);
  const environment = createEnvironmentService(
    db,
    passwords,
    { ...deps.environment, secureOrigin: config.baseUrl.startsWith('https:') },
    // A longer token lifetime keeps superseded signing keys published longer.
    { tokenLifetimeChanged: () => keys.tokenLifetimeChanged() },
    secrets,
  );
  // The longest token lifetime decides when a superseded signing key leaves JWKS.
  const keys = createKeys(db, deps.environment.id, {
    logger,
    scheduleCacheMs: config.signingKeyCacheMs,
    secrets,
    // JWT templates may give tokens a longer lifetime than the environment's
    longestTokenLifetime: longestSignedLifetime,
  });
  const tokens = createTokens(keys, {
    issuer: config.baseUrl,
    audience: deps.environment.clientId,
    isApplicationAudience: (aud) => isApplicationAudience(db, deps.environment.id, aud),
    signing: () => environment.jwtSigning(), // the environment's jwtAlgorithm, read when a token is signed
  });
  const jobs = createJobs(db, logger);
  const tenants = createTenantsService(db, jobs);
  const domainRestrictions = createDomainRestrictionsService(db);
  const users = createUsersService(db, passwords, deps.environment.id, environment, domainRestrictions);
  // IP restrictions are checked at login and refresh (auth) and on every user-token request (http/caller.ts).
  const ipRestrictions = createIpRestrictionsService(db);
  const breachedPasswords = createBreachedPasswords(config.breachedPasswords, logger);
  const linkTokens = createLinkTokens(db, (from) => environment.settings(from));
  // The captcha policy is checked by login, activation and sign-up.
  const captcha = createCaptchaService({ db, logger, verifyUrl: config.captcha.verifyUrl, timeoutMs: config.captcha.timeoutMs, secrets });
  // The unlock email goes through userLinks, made below; it is only called at login time.
  const lockout = createLockoutService({ db, logger, onLocked: (userId) => userLinks.sendUnlockLink(userId) });
  // JWT templates shape the access tokens that login and refresh issue.
  const jwtTemplates = createJwtTemplatesService({ db, environment, onLifetimeChanged: (from) => keys.tokenLifetimeChanged(from) });
  const auth = createAuthService({
    jwtTemplates,
    db,
    passwords,
    tokens,
    environment,
    breachedPasswords,
    lockout,
    captcha,
    onRefreshTokenReuse: (sessionId) => logger.warn({ sessionId }, 'refresh token reused: session revoked'),
    passwordExpiry: createLoginPasswordExpiry(db, linkTokens),
    ipRestrictions,
  });
  const mail = createMail({ db, logger, config });
  const invitations = createInvitationsService({ db, appUrl: config.appUrl, linkTokens, mail });
  const rateLimits = createRateLimits(db);
  const members = createMembersService({ db, passwords, users, environment, invitations, domainRestrictions });
  const tenantInvites = createTenantInvitesService({ db, environment, emailsEnabled: config.mail.smtpUrl !== undefined });
  const userLinks = createUserLinksService({ db, appUrl: config.appUrl, environment, linkTokens, mail, passwords, breachedPasswords, auth, users, captcha });
  const userSessions = createUserSessionsService(db);
  const roles = createRolesService(db, environment);
  const memberRoles = createMemberRolesService(db, environment);
  return {
    accessTokens: createAccessTokensService({ db, environment, tokens }),
    apiTokens: createApiTokensService({ db, tokens, environment }),
    applications: createApplicationsService(db, deps.environment.id),
    applicationSecrets: createApplicationSecretsService(db, deps.environment.id, secrets),
    auth,
    breachedPasswords,
    bulkInvites: createBulkInvitesService({ db, jobs, passwords, members }),
    bulkRoles: createBulkRolesService(db, jobs),
    captcha,
    domainRestrictions,
    environment,
    groups: createGroupsService(db, environment),
    hierarchy: createHierarchyService(db, tenants),
    impersonation: createImpersonationService({ db, tokens, environment, environmentId: deps.environment.id, clientId: deps.environment.clientId }),
    invitations,
    ipRestrictions,
    jobs,
    jwtTemplates,
    keys,
    linkTokens,
    lockout,
    mail,
    memberRoles,
    members,
    myTenants: createMyTenantsService(db, tokens, environment, ipRestrictions),
    pageLoad: createPageLoadService(config),
    passwordPolicies: createPasswordPoliciesService(db),
    passwordRecovery: createPasswordRecoveryService({
      db,
      logger,
      appUrl: config.appUrl,
      limits: config.passwordResetLimits,
      breachedPasswords,
      jobs,
      linkTokens,
      mail,
      passwords,
      rateLimits,
      userLinks,
    }),
    passwords,
    permissions: createPermissionsService(db, environment),
    rateLimits,
    retention: createRetention({ db, logger, days: config.retentionDays }),
    roles,
    signUp: createSignUpService({
      domainRestrictions,
      tenantInvites,
      db,
      appUrl: config.appUrl,
      environment,
      linkTokens,
      mail,
      passwords,
      breachedPasswords,
      rateLimits,
      rateLimit: config.signUpRateLimit,
      emailLimit: config.signUpEmailLimit,
      auth,
      captcha,
    }),
    subTenantUsers: createSubTenantUsersService(db, environment, members),
    team: createTeamService({ db, baseUrl: config.baseUrl, users, members, memberRoles, roles, userLinks }),
    tenantInvites,
    tenants,
    tokens,
    userEmails: createUserEmailsService({ db, appUrl: config.appUrl, environment, linkTokens, mail }),
    userLinks,
    usernames: createUsernamesService(db),
    users,
    userSessions,
    vendorUsers: createVendorUsersService(db, passwords, users, environment),
  };
}

export type Services = ReturnType<typeof createServices>;
