import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { createSecretBox } from '../lib/sealed';
import { createApplicationsService, isApplicationAudience } from './applications';
import { createApplicationSecretsService } from './application-secrets';
import { createBulkInvitesService } from './bulk-invites';
import { createBreachedPasswords } from './breached-passwords';
import { createLoginPasswordExpiry, createPasswordPoliciesService } from './password-policies';
import { createBulkRolesService } from './bulk-roles';
import { createDomainRestrictionsService } from './domain-restrictions';
import { createEnvironmentService, type Environment } from './environment';
import { createGroupsService } from './groups';
import { createHierarchyService } from './hierarchy';
import { createInvitationsService } from './invitations';
import { createIpRestrictionsService } from './ip-restrictions';
import { createJobs } from './jobs';
import { createRateLimits } from './rate-limits';
import { createRetention } from './retention';
import { createKeys } from './keys';
import { createLinkTokens } from './link-tokens';
import { createMail } from './mail';
import { createMemberRolesService } from './member-roles';
import { createMembersService } from './members';
import { createMyTenantsService } from './my-tenants';
import { createPermissionsService } from './permissions';
import { createRolesService } from './roles';
import { createPasswordRecoveryService } from './password-recovery';
import type { Passwords } from './passwords';
import { createLockoutService } from './lockout';
import { createSessionsService } from './sessions';
import { createSignUpService } from './sign-up';
import { createSubTenantUsersService } from './sub-tenant-users';
import { createTenantInvitesService } from './tenant-invites';
import { createTeamService } from './team';
import { createTenantsService } from './tenants';
import { createTokens } from './tokens';
import { createUserEmailsService } from './user-emails';
import { createUserLinksService } from './user-links';
import { createUserSessionsService } from './user-sessions';
import { createUsernamesService } from './usernames';
import { createUsersService } from './users';
import { createVendorUsersService } from './vendor-users';
// captcha policy
import { createCaptchaService } from './captcha';
// end of captcha policy
// access tokens
import { createAccessTokensService } from './access-tokens';
// JWT templates
import { createJwtTemplatesService, longestSignedLifetime } from './jwt-templates';
// API tokens
import { createApiTokensService } from './api-tokens';
// end of API tokens
// delegation and impersonation
import { createImpersonationService } from './impersonation';
// end of delegation and impersonation
// page load
import { createPageLoadService } from './page-load';
// end of page load

export interface ServiceDeps {
  config: Config;
  db: Db;
  logger: Logger;
  passwords: Passwords;
  environment: Environment;
}

/** Every domain service, wired to its dependencies. */
export function createServices(deps: ServiceDeps) {
  const { db, passwords, logger, config } = deps;
  // The secrets nestegg must read back (signing keys, the HS256 secret, the captcha secret,
  // applications' secrets) are sealed with NESTEGG_SECRETS_KEY when it is set.
  const secrets = createSecretBox(config.secretsKey);
  const environment = createEnvironmentService(
    db,
    passwords,
    { ...deps.environment, secureOrigin: config.baseUrl.startsWith('https:') },
    // environment settings: a longer token lifetime keeps superseded signing keys published longer
    { tokenLifetimeChanged: () => keys.tokenLifetimeChanged() },
    secrets,
  );
  // signing-key rotation: the longest token lifetime decides when a superseded key leaves JWKS
  const keys = createKeys(db, deps.environment.id, {
    logger,
    scheduleCacheMs: config.signingKeyCacheMs,
    secrets,
    // JWT templates may give tokens a longer lifetime than the environment's
    longestTokenLifetime: longestSignedLifetime,
  });
  // end of signing-key rotation
  const tokens = createTokens(keys, {
    issuer: config.baseUrl,
    audience: deps.environment.clientId,
    isApplicationAudience: (aud) => isApplicationAudience(db, deps.environment.id, aud),
    signing: () => environment.jwtSigning(), // environment settings: jwtAlgorithm
  });
  const jobs = createJobs(db, logger);
  const tenants = createTenantsService(db, jobs);
  const domainRestrictions = createDomainRestrictionsService(db);
  const users = createUsersService(db, passwords, deps.environment.id, environment, domainRestrictions);
  // IP restrictions: checked at login and refresh (sessions) and on every user-token request (http/auth.ts)
  const ipRestrictions = createIpRestrictionsService(db);
  const breachedPasswords = createBreachedPasswords(config.breachedPasswords, logger);
  const linkTokens = createLinkTokens(db, (from) => environment.settings(from));
  // captcha policy: checked by login, activation and sign-up
  const captcha = createCaptchaService({ db, logger, verifyUrl: config.captcha.verifyUrl, timeoutMs: config.captcha.timeoutMs, secrets });
  // end of captcha policy
  // The unlock email goes through userLinks, made below; it is only called at login time.
  const lockout = createLockoutService({ db, logger, onLocked: (userId) => userLinks.sendUnlockLink(userId) });
  // JWT templates: shape the access tokens sessions issue
  const jwtTemplates = createJwtTemplatesService({ db, environment, onLifetimeChanged: (from) => keys.tokenLifetimeChanged(from) });
  const sessions = createSessionsService({
    jwtTemplates,
    db,
    passwords,
    tokens,
    environment,
    breachedPasswords,
    lockout,
    captcha, // captcha policy
    onRefreshTokenReuse: (sessionId) => logger.warn({ sessionId }, 'refresh token reused: session revoked'),
    passwordExpiry: createLoginPasswordExpiry(db, linkTokens),
    ipRestrictions,
  });
  const mail = createMail({ db, logger, config });
  const invitations = createInvitationsService({ db, appUrl: config.appUrl, linkTokens, mail });
  const rateLimits = createRateLimits(db);
  const members = createMembersService({ db, passwords, users, environment, invitations, domainRestrictions });
  const tenantInvites = createTenantInvitesService({ db, environment, emailsEnabled: config.mail.smtpUrl !== undefined });
  const userLinks = createUserLinksService({ db, appUrl: config.appUrl, environment, linkTokens, mail, passwords, breachedPasswords, sessions, users, captcha });
  const userSessions = createUserSessionsService(db);
  const roles = createRolesService(db, environment);
  const memberRoles = createMemberRolesService(db, environment);
  return {
    environment,
    userSessions,
    keys,
    tokens,
    passwords,
    jobs,
    bulkRoles: createBulkRolesService(db, jobs),
    tenants,
    hierarchy: createHierarchyService(db, tenants),
    users,
    members,
    invitations,
    bulkInvites: createBulkInvitesService({ db, jobs, passwords, members }),
    subTenantUsers: createSubTenantUsersService(db, environment, members),
    myTenants: createMyTenantsService(db, tokens, environment, ipRestrictions),
    vendorUsers: createVendorUsersService(db, passwords, users, environment),
    roles,
    permissions: createPermissionsService(db, environment),
    memberRoles,
    groups: createGroupsService(db, environment),
    applications: createApplicationsService(db, deps.environment.id),
    applicationSecrets: createApplicationSecretsService(db, deps.environment.id, secrets),
    sessions,
    lockout,
    mail,
    linkTokens,
    retention: createRetention({ db, logger, days: config.retentionDays }),
    rateLimits,
    userLinks,
    breachedPasswords,
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
    userEmails: createUserEmailsService({ db, appUrl: config.appUrl, environment, linkTokens, mail }),
    usernames: createUsernamesService(db),
    tenantInvites,
    passwordPolicies: createPasswordPoliciesService(db),
    domainRestrictions,
    ipRestrictions,
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
      sessions,
      captcha, // captcha policy
    }),
    // captcha policy
    captcha,
    // end of captcha policy
    // access tokens
    accessTokens: createAccessTokensService({ db, environment, tokens }),
    // JWT templates
    jwtTemplates,
    // API tokens
    apiTokens: createApiTokensService({ db, tokens, environment }),
    // end of API tokens
    // delegation and impersonation
    impersonation: createImpersonationService({ db, tokens, environment, environmentId: deps.environment.id, clientId: deps.environment.clientId }),
    // end of delegation and impersonation
    // page load
    pageLoad: createPageLoadService(config),
    // end of page load
    // team service
    team: createTeamService({ db, baseUrl: config.baseUrl, users, members, memberRoles, roles, userLinks }),
    // end of team service
  };
}

export type Services = ReturnType<typeof createServices>;
