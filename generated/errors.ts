// Written by `npm run generate` (scripts/generate-errors.ts) from server/services/errors/catalogue/.
// Do not edit: a feature adds its own module there.
import accessTokens from '../server/services/errors/catalogue/access-tokens';
import accountUsers from '../server/services/errors/catalogue/account-users';
import accountsAndUsers from '../server/services/errors/catalogue/accounts-and-users';
import accounts from '../server/services/errors/catalogue/accounts';
import apiTokens from '../server/services/errors/catalogue/api-tokens';
import applications from '../server/services/errors/catalogue/applications';
import authentication from '../server/services/errors/catalogue/authentication';
import breachedPasswords from '../server/services/errors/catalogue/breached-passwords';
import captchaPolicy from '../server/services/errors/catalogue/captcha-policy';
import domainRestrictions from '../server/services/errors/catalogue/domain-restrictions';
import emailLinks from '../server/services/errors/catalogue/email-links';
import environmentSettings from '../server/services/errors/catalogue/environment-settings';
import groups from '../server/services/errors/catalogue/groups';
import impersonation from '../server/services/errors/catalogue/impersonation';
import invitationTokens from '../server/services/errors/catalogue/invitation-tokens';
import invitations from '../server/services/errors/catalogue/invitations';
import ipRestrictions from '../server/services/errors/catalogue/ip-restrictions';
import jwtTemplates from '../server/services/errors/catalogue/jwt-templates';
import lockoutPolicy from '../server/services/errors/catalogue/lockout-policy';
import passwordPolicy from '../server/services/errors/catalogue/password-policy';
import passwords from '../server/services/errors/catalogue/passwords';
import request from '../server/services/errors/catalogue/request';
import roles from '../server/services/errors/catalogue/roles';
import sessions from '../server/services/errors/catalogue/sessions';
import signUp from '../server/services/errors/catalogue/sign-up';
import subAccountUsers from '../server/services/errors/catalogue/sub-account-users';
import subAccounts from '../server/services/errors/catalogue/sub-accounts';
import team from '../server/services/errors/catalogue/team';
import userEmails from '../server/services/errors/catalogue/user-emails';
import userJobs from '../server/services/errors/catalogue/user-jobs';
import vendorUsers from '../server/services/errors/catalogue/vendor-users';

/** Every feature's module of the error catalogue, by file name. */
export const errorModules = {
  'access-tokens': accessTokens,
  'account-users': accountUsers,
  'accounts-and-users': accountsAndUsers,
  'accounts': accounts,
  'api-tokens': apiTokens,
  'applications': applications,
  'authentication': authentication,
  'breached-passwords': breachedPasswords,
  'captcha-policy': captchaPolicy,
  'domain-restrictions': domainRestrictions,
  'email-links': emailLinks,
  'environment-settings': environmentSettings,
  'groups': groups,
  'impersonation': impersonation,
  'invitation-tokens': invitationTokens,
  'invitations': invitations,
  'ip-restrictions': ipRestrictions,
  'jwt-templates': jwtTemplates,
  'lockout-policy': lockoutPolicy,
  'password-policy': passwordPolicy,
  'passwords': passwords,
  'request': request,
  'roles': roles,
  'sessions': sessions,
  'sign-up': signUp,
  'sub-account-users': subAccountUsers,
  'sub-accounts': subAccounts,
  'team': team,
  'user-emails': userEmails,
  'user-jobs': userJobs,
  'vendor-users': vendorUsers,
};

/** Every error of the catalogue, by name. */
export const errors = {
  ...accessTokens.errors,
  ...accountUsers.errors,
  ...accountsAndUsers.errors,
  ...accounts.errors,
  ...apiTokens.errors,
  ...applications.errors,
  ...authentication.errors,
  ...breachedPasswords.errors,
  ...captchaPolicy.errors,
  ...domainRestrictions.errors,
  ...emailLinks.errors,
  ...environmentSettings.errors,
  ...groups.errors,
  ...impersonation.errors,
  ...invitationTokens.errors,
  ...invitations.errors,
  ...ipRestrictions.errors,
  ...jwtTemplates.errors,
  ...lockoutPolicy.errors,
  ...passwordPolicy.errors,
  ...passwords.errors,
  ...request.errors,
  ...roles.errors,
  ...sessions.errors,
  ...signUp.errors,
  ...subAccountUsers.errors,
  ...subAccounts.errors,
  ...team.errors,
  ...userEmails.errors,
  ...userJobs.errors,
  ...vendorUsers.errors,
};
