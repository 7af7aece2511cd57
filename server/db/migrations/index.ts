import type { Knex } from 'knex';
import * as foundation from './20261125000000_foundation';
import * as authorization from './20261126000000_authorization';
import * as groupMembers from './20261126000400_group_members';
import * as applications from './20261126000500_applications';
import * as hierarchy from './20261126000600_hierarchy';
import * as accounts from './20261126000700_accounts';
import * as jobs from './20261126000800_jobs';
import * as email from './20261127000100_email';
import * as userFields from './20261127000200_user_fields';
import * as userLists from './20261127000300_user_lists';
import * as userSearch from './20261127000400_user_search';
import * as userEmailsUsernames from './20261127000500_user_emails_usernames';
import * as subAccountAccess from './20261127000600_sub_account_access';
import * as invitations from './20261127000700_invitations';
import * as rateLimits from './20261127000800_rate_limits';
import * as passwordRecovery from './20261127000900_password_recovery';
import * as tenantInvites from './20261127001100_tenant_invites';
import * as lockout from './20261127001200_lockout';
import * as passwordPolicy from './20261127001300_password_policy';
import * as sessionsPolicy from './20261127001400_sessions_policy';
import * as domainRestrictions from './20261127001500_domain_restrictions';
// IP restrictions
import * as ipRestrictions from './20261127001600_ip_restrictions';
// captcha policy
import * as captchaPolicy from './20261127001700_captcha_policy';
// end of captcha policy
// API tokens
import * as apiTokens from './20261128000100_api_tokens';
// end of API tokens
// signing-key rotation and environment settings
import * as signingKeysRotation from './20261128000200_signing_keys_rotation';
// end of signing-key rotation and environment settings
// delegation and impersonation
import * as impersonation from './20261128000300_impersonation';
// end of delegation and impersonation
// access tokens
import * as accessTokens from './20261128000400_access_tokens';
// JWT templates
import * as jwtTemplates from './20261128000500_jwt_templates';
import * as applicationSecrets from './20261128000600_application_secrets';
import * as apiTokenRefreshCap from './20261129000100_api_token_refresh_cap';
// CORS: allowed origins
import * as allowedOrigins from './20261130000100_allowed_origins';
import * as profileImages from './20261207000100_profile_images';
import * as usersWithoutEmail from './20261207000200_users_without_email';

/**
 * Every migration, in order. Listed here rather than read from a folder, so that the same list runs
 * under tsx, jest and compiled JavaScript. Never edit a migration that has landed: add a new one.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261125000000_foundation': foundation,
  '20261126000000_authorization': authorization,
  '20261126000400_group_members': groupMembers,
  '20261126000500_applications': applications,
  '20261126000600_hierarchy': hierarchy,
  '20261126000700_accounts': accounts,
  '20261126000800_jobs': jobs,
  '20261127000100_email': email,
  '20261127000200_user_fields': userFields,
  '20261127000300_user_lists': userLists,
  '20261127000400_user_search': userSearch,
  '20261127000500_user_emails_usernames': userEmailsUsernames,
  '20261127000600_sub_account_access': subAccountAccess,
  '20261127000700_invitations': invitations,
  '20261127000800_rate_limits': rateLimits,
  '20261127000900_password_recovery': passwordRecovery,
  '20261127001100_tenant_invites': tenantInvites,
  '20261127001200_lockout': lockout,
  '20261127001300_password_policy': passwordPolicy,
  '20261127001400_sessions_policy': sessionsPolicy,
  '20261127001500_domain_restrictions': domainRestrictions,
  // IP restrictions
  '20261127001600_ip_restrictions': ipRestrictions,
  // captcha policy
  '20261127001700_captcha_policy': captchaPolicy,
  // end of captcha policy
  // API tokens
  '20261128000100_api_tokens': apiTokens,
  // end of API tokens
  // signing-key rotation and environment settings
  '20261128000200_signing_keys_rotation': signingKeysRotation,
  // end of signing-key rotation and environment settings
  // delegation and impersonation
  '20261128000300_impersonation': impersonation,
  // end of delegation and impersonation
  // access tokens
  '20261128000400_access_tokens': accessTokens,
  // JWT templates
  '20261128000500_jwt_templates': jwtTemplates,
  // application credentials and clients
  '20261128000600_application_secrets': applicationSecrets,
  // API tokens: the refresh-token cap in one call
  '20261129000100_api_token_refresh_cap': apiTokenRefreshCap,
  // CORS: the browser origins allowed to call with credentials
  '20261130000100_allowed_origins': allowedOrigins,
  // team service: uploaded profile pictures
  '20261207000100_profile_images': profileImages,
  // users known by a username alone
  '20261207000200_users_without_email': usersWithoutEmail,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`No migration named ${name} in server/db/migrations/index.ts`);
    return migration;
  },
};
