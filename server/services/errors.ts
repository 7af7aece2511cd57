/**
 * Domain errors: what went wrong, in words a caller may read, with a stable machine code.
 * Services throw these; `http/errors.ts` alone turns them into HTTP answers.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'too_large' | 'too_many_requests' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * The catalogue of error codes. A code never changes meaning once it has shipped; new errors get new
 * codes. `ER-0xxxx` are request-level, `ER-01xxx` authentication, `ER-02xxx` accounts and users, `ER-03xxx` roles,
 * permissions and groups, `ER-04xxx` applications.
 */
export const errors = {
  validation: (message: string) => new DomainError('invalid', 'ER-00001', message),
  routeNotFound: () => new DomainError('not_found', 'ER-00002', 'No such route'),
  invalidJson: () => new DomainError('invalid', 'ER-00006', 'Invalid input json'),
  payloadTooLarge: () => new DomainError('invalid', 'ER-00007', 'The request body is too large'),
  // CORS: a preflight from an origin the environment does not allow
  originNotAllowed: (origin: string) =>
    new DomainError('forbidden', 'ER-00009', `The origin ${origin.slice(0, 200)} may not call this API from a browser: add it to allowedOrigins (PUT /vendors)`),

  unauthenticated: () => new DomainError('unauthenticated', 'ER-01000', 'Failed to verify authentication'),
  invalidVendorCredentials: () => new DomainError('unauthenticated', 'ER-01001', 'Invalid authentication'),
  invalidUserCredentials: () => new DomainError('unauthenticated', 'ER-01002', 'Incorrect email or password'),
  invalidRefreshToken: () => new DomainError('unauthenticated', 'ER-01003', 'Session expired or invalid, please log in again'),
  missingPermission: (permissions: string[]) =>
    new DomainError('forbidden', 'ER-01004', `Insufficient permissions: ${permissions.join(', ')} required`),
  userLocked: () => new DomainError('forbidden', 'ER-01005', 'User is locked'),
  userHasNoTenant: () => new DomainError('forbidden', 'ER-01006', 'User is not an active member of any account'),
  userNotVerified: () => new DomainError('forbidden', 'ER-01007', 'User is not verified'),
  missingActingUser: () =>
    new DomainError('invalid', 'ER-01009', 'frontegg-user-id and frontegg-tenant-id headers are required with an environment token'),

  tenantNotFound: () => new DomainError('not_found', 'ER-02001', 'Account (tenant) not found'),
  tenantIdTaken: () => new DomainError('conflict', 'ER-02002', 'An account with this tenantId already exists'),
  userNotFound: () => new DomainError('not_found', 'ER-02003', 'User not found'),
  userEmailTaken: () => new DomainError('conflict', 'ER-02004', 'A user with this email already exists'),
  invalidMetadata: (field: string) => new DomainError('invalid', 'ER-02005', `${field} must be a JSON object sent as a string`),

  // accounts (tenants): ER-021xx
  tenantAliasTaken: (alias: string) => new DomainError('conflict', 'ER-02101', `Another account already has the alias ${alias}`),
  nothingToUpdate: () => new DomainError('invalid', 'ER-02102', 'Send at least one field to change'),
  invalidTenantMetadata: () =>
    new DomainError('invalid', 'ER-02103', 'metadata must be a JSON object, or a JSON object sent as a string'),
  tenantAliasNotFound: (alias: string) => new DomainError('not_found', 'ER-02104', `No account has the alias ${alias}`),
  tenantMigrationNotFound: (id: string) => new DomainError('not_found', 'ER-02105', `Account migration not found: ${id}`),
  unstorableText: (field: string) =>
    new DomainError('invalid', 'ER-02106', `${field} holds characters that cannot be stored (such as NUL)`),
  parentTenantNotFound: (id: string) => new DomainError('invalid', 'ER-02107', `No such parent account (tenant): ${id}`),
  // end of accounts
  // bulk user jobs: ER-025xx
  noRolesNamed: () => new DomainError('invalid', 'ER-02501', 'Name at least one role in addRoleIds or removeRoleIds'),
  notMemberOfTenants: (tenantIds: string[]) =>
    new DomainError('invalid', 'ER-02502', `The user is not a member of these accounts: ${tenantIds.join(', ')}`),
  roleOfAnotherAccount: (roleId: string, tenantIds: string[]) =>
    new DomainError('invalid', 'ER-02503', `Role ${roleId} belongs to one account and cannot be given in: ${tenantIds.join(', ')}`),
  bulkRolesTaskNotFound: (id: string) => new DomainError('not_found', 'ER-02504', `Bulk roles task not found: ${id}`),
  notMemberOfTenant: (tenantId: string) => new DomainError('invalid', 'ER-02505', `The user is no longer a member of account ${tenantId}`),

  // sub-accounts and hierarchy: ER-022xx
  accountNotInHierarchy: (id: string) => new DomainError('not_found', 'ER-02201', `Account (tenant) not found: ${id}`),
  subAccountManagementNotAllowed: (id: string) =>
    new DomainError('forbidden', 'ER-02202', `Account ${id} may not manage sub-accounts: it has a parent account and is not a reseller`),
  ownAccountNotSubAccount: (id: string) =>
    new DomainError('invalid', 'ER-02203', `${id} is your own account: this route acts only on the accounts beneath it`),
  ownParent: (id: string) => new DomainError('invalid', 'ER-02204', `An account cannot be its own parent: ${id}`),
  alreadyInHierarchy: (child: string, parent: string) =>
    new DomainError('invalid', 'ER-02205', `Account ${child} is already a sub-account of ${parent}: take it from there first`),
  hierarchyWouldLoop: (parent: string, child: string) =>
    new DomainError('invalid', 'ER-02206', `Account ${parent} is ${child} or beneath it: placing ${child} under it would make a loop`),
  notParentAndChild: (parent: string, child: string) =>
    new DomainError('not_found', 'ER-02207', `Account ${child} is not a sub-account of ${parent}`),
  hierarchyLoop: (id: string) => new DomainError('invalid', 'ER-02208', `The stored hierarchy holds a loop at account ${id}`),
  alreadyChildOf: (child: string, parent: string) =>
    new DomainError('conflict', 'ER-02209', `Account ${child} is already a sub-account of ${parent}`),
  // end of sub-accounts
  // users (vendor): ER-023xx
  userAlreadyMember: (tenantId: string) => new DomainError('conflict', 'ER-02301', `The user is already a member of account ${tenantId}`),
  userNotMemberOf: (tenantId: string) => new DomainError('invalid', 'ER-02302', `The user is not an active member of account ${tenantId}`),
  sameMigrationTenant: (tenantId: string) =>
    new DomainError('invalid', 'ER-02303', `The source and target accounts are the same: ${tenantId}`),
  phoneNumberTaken: (phoneNumber: string) => new DomainError('conflict', 'ER-02304', `The user already has the phone number ${phoneNumber}`),
  phoneNumberNotFound: (id: string) => new DomainError('not_found', 'ER-02305', `Phone number not found: ${id}`),
  temporaryUsersDisabled: () =>
    new DomainError('invalid', 'ER-02306', 'Temporary users are not enabled: enable them in the temporary users configuration first'),
  userExpired: () => new DomainError('forbidden', 'ER-02307', 'The user was temporary and has expired'),
  // end of users (vendor)
  // roles, permissions, categories: ER-030xx
  rolesNotFound: (ids: string[]) => new DomainError('invalid', 'ER-03001', `No such role in this account: ${ids.join(', ')}`),
  missingTenant: () =>
    new DomainError('invalid', 'ER-03002', 'The frontegg-tenant-id header is required with an environment token'),
  roleNotFound: (id: string) => new DomainError('not_found', 'ER-03003', `Role not found: ${id}`),
  roleKeysTaken: (keys: string[]) =>
    new DomainError('conflict', 'ER-03004', `A role with this key already exists where the account sees it: ${keys.join(', ')}`),
  builtInRole: (key: string) =>
    new DomainError('invalid', 'ER-03005', `${key} is a built-in role: it cannot be deleted or given to one account`),
  roleHeldElsewhere: (key: string) =>
    new DomainError('conflict', 'ER-03006', `Role ${key} is held by members or groups of other accounts; take it from them first`),
  roleElevation: (keys: string[], level: number | undefined) =>
    new DomainError(
      'forbidden',
      'ER-03007',
      `You may not give or take roles stronger than your own strongest role (${level === undefined ? 'you hold none' : `level ${level}`}): ${keys.join(', ')}`,
    ),
  permissionNotFound: (id: string) => new DomainError('not_found', 'ER-03008', `Permission not found: ${id}`),
  permissionsNotFound: (ids: string[]) => new DomainError('invalid', 'ER-03009', `No such permission: ${ids.join(', ')}`),
  permissionKeysTaken: (keys: string[]) =>
    new DomainError('conflict', 'ER-03010', `A permission with this key already exists: ${keys.join(', ')}`),
  builtInPermission: (key: string) =>
    new DomainError('invalid', 'ER-03011', `${key} is a built-in permission that guards nestegg's own routes: it cannot be deleted or change its key`),
  permissionsNotAssignable: (keys: string[]) =>
    new DomainError('invalid', 'ER-03012', `These permissions cannot be used in an account's own roles: ${keys.join(', ')}`),
  permissionsNotHeld: (keys: string[]) =>
    new DomainError('forbidden', 'ER-03013', `You may not put permissions you do not hold into a role: ${keys.join(', ')}`),
  categoryNotFound: (id: string) => new DomainError('not_found', 'ER-03014', `Permission category not found: ${id}`),
  unknownCategory: (id: string) => new DomainError('invalid', 'ER-03015', `No such permission category: ${id}`),
  categoryIdTaken: (id: string) => new DomainError('conflict', 'ER-03016', `A permission category with this id already exists: ${id}`),
  builtInCategory: (name: string) => new DomainError('invalid', 'ER-03017', `${name} is a built-in permission category: it cannot be deleted`),
  environmentWideRoles: (keys: string[]) =>
    new DomainError('forbidden', 'ER-03018', `Only the environment changes environment-wide roles; an account's members change its own: ${keys.join(', ')}`),
  // end of roles
  // groups: ER-031xx
  groupsDisabled: () => new DomainError('forbidden', 'ER-03101', 'Groups are disabled in this environment'),
  groupRolesDisabled: () => new DomainError('forbidden', 'ER-03102', 'Roles on groups are disabled in this environment'),
  groupNotFound: () => new DomainError('not_found', 'ER-03103', 'Group not found'),
  groupNameTaken: (name: string) => new DomainError('conflict', 'ER-03104', `A group named "${name}" already exists in this account`),
  groupUsersNotFound: (ids: string[]) => new DomainError('invalid', 'ER-03105', `No such member of this account: ${ids.join(', ')}`),
  // end of groups
  // applications: ER-040xx
  applicationNotFound: (id: string) => new DomainError('not_found', 'ER-04001', `Application not found: ${id}`),
  noDefaultApplication: () => new DomainError('not_found', 'ER-04002', 'The environment has no default application'),
  defaultApplicationStays: () =>
    new DomainError('conflict', 'ER-04003', 'The default application stays default and active: make another application the default first'),
  defaultApplicationDelete: () =>
    new DomainError('conflict', 'ER-04004', 'The default application cannot be deleted while other applications exist: make another one the default first'),
  applicationAlreadyAssigned: (id: string, tenantId: string) =>
    new DomainError('conflict', 'ER-04005', `Application ${id} is already assigned to account ${tenantId}`),
  applicationNotAssigned: (id: string, tenantId: string) =>
    new DomainError('not_found', 'ER-04006', `Application ${id} is not assigned to account ${tenantId}`),
  applicationUsersNotMembers: (ids: string[]) => new DomainError('invalid', 'ER-04007', `No such member of this account: ${ids.join(', ')}`),
  applicationsNotFound: (ids: string[]) => new DomainError('invalid', 'ER-04008', `No such application: ${ids.join(', ')}`),
  applicationsNotAssigned: (ids: string[], tenantId: string) =>
    new DomainError('invalid', 'ER-04009', `These applications are not assigned to account ${tenantId}: ${ids.join(', ')}`),
  applicationUnavailable: () => new DomainError('forbidden', 'ER-04010', 'The requested application does not exist or is not active'),
  applicationAccessDenied: () => new DomainError('forbidden', 'ER-04011', 'The user may not use the requested application'),
  activeTenantNotAllowed: (id: string, tenantId: string) =>
    new DomainError('invalid', 'ER-04012', `The user cannot use application ${id} in account ${tenantId}`),
  // application credentials and clients: ER-0402x
  applicationClientNotFound: (id: string) => new DomainError('not_found', 'ER-04020', `Application client not found: ${id}`),
  applicationSecretUnreadable: (reason: string) => new DomainError('unavailable', 'ER-04021', `${reason}: start it with the key the secret was sealed with`),
  redirectUrlInvalid: (url: string, reason: string) => new DomainError('invalid', 'ER-04022', `redirectURLs: "${url}" ${reason}`),
  clientNameBlank: () => new DomainError('invalid', 'ER-04023', 'clientName must not be blank'),
  // end of applications
  // users (self-service): ER-024xx
  identifierWithoutType: () =>
    new DomainError('invalid', 'ER-02402', '_identifier and _identifierType must be sent together'),
  memberNotFound: (userId: string) => new DomainError('not_found', 'ER-02403', `User not found in this account: ${userId}`),
  notAMemberOf: (tenantId: string) => new DomainError('not_found', 'ER-02404', `The user is not an active member of account ${tenantId}`),
  // end of users (self-service)
  // email and one-time links: ER-027xx
  invalidLinkToken: () => new DomainError('invalid', 'ER-02701', 'The link is invalid or has expired'),
  userAlreadyActivated: () => new DomainError('invalid', 'ER-02702', 'The user is already activated'),
  passwordRequired: () => new DomainError('invalid', 'ER-02703', 'Set a password: send password'),
  emailChangeNotAllowed: () =>
    new DomainError('forbidden', 'ER-02704', 'Users may not change their email in this environment (user emails policy: allowEmailChange is off)'),
  // end of email
  // invitations and bulk invites: ER-026xx
  noOpenInvitation: (email: string) => new DomainError('not_found', 'ER-02601', `No invitation waits for ${email} in this account`),
  bulkInviteNotFound: (id: string) => new DomainError('not_found', 'ER-02602', `Bulk invite not found: ${id}`),
  duplicateInvitees: (emails: string[]) => new DomainError('invalid', 'ER-02603', `These emails appear more than once: ${emails.join(', ')}`),
  inviteeEmailRequired: (positions: number[]) =>
    new DomainError('invalid', 'ER-02604', `users[${positions.join('], users[')}]: email is required (users without an email cannot be invited)`),
  // end of invitations
  // user emails and usernames: ER-028xx
  emailInUse: (email: string) => new DomainError('conflict', 'ER-02801', `The email ${email} already belongs to a user`),
  userEmailNotFound: (id: string) => new DomainError('not_found', 'ER-02802', `Email not found: ${id}`),
  primaryEmailNotDeletable: () =>
    new DomainError('invalid', 'ER-02803', 'The primary email cannot be deleted: make another email primary first'),
  emailNotVerified: (email: string) =>
    new DomainError('invalid', 'ER-02804', `The email ${email} is not verified: only a verified email can become primary`),
  emailNotOfUser: (email: string) => new DomainError('not_found', 'ER-02805', `The user has no email ${email}`),
  usernameTaken: (username: string) => new DomainError('conflict', 'ER-02806', `The username ${username} belongs to another user`),
  usernameNotFound: (username: string) => new DomainError('not_found', 'ER-02807', `Username not found: ${username}`),
  noUsername: () => new DomainError('not_found', 'ER-02808', 'The user has no username'),
  onlyIdentifier: () =>
    new DomainError('invalid', 'ER-02809', 'The user has no email: the username is how they log in and cannot be deleted; give them an email first'),
  // end of user emails and usernames
  // sub-account users: ER-029xx
  subAccountAccessDenied: (tenantId: string) =>
    new DomainError('forbidden', 'ER-02901', `You have no access to the accounts beneath your account, such as ${tenantId}`),
  tenantNamedTwice: (tenantId: string) => new DomainError('invalid', 'ER-02902', `Account ${tenantId} is named more than once`),
  userNamedTwice: (email: string) => new DomainError('invalid', 'ER-02903', `User ${email} is named more than once`),
  // end of sub-account users
  // account invitation tokens: ER-052xx
  invalidInviteToken: () => new DomainError('invalid', 'ER-05201', 'The invitation is invalid or has expired'),
  inviteTokenNotFound: () => new DomainError('not_found', 'ER-05202', 'Invitation not found'),
  // end of account invitation tokens
  // passwords: ER-050xx
  passwordTooShort: (field: string, min: number) => new DomainError('invalid', 'ER-05001', `${field} is too weak: it must be at least ${min} characters long`),
  passwordTooLong: (field: string, max: number) => new DomainError('invalid', 'ER-05002', `${field} is too long: it must be at most ${max} characters long`),
  wrongCurrentPassword: () => new DomainError('invalid', 'ER-05003', 'password is not the current password'),
  resetLinkGone: () => new DomainError('gone', 'ER-05004', 'The password-reset link is invalid, used or expired'),
  resetIdentifierMissing: () =>
    new DomainError('invalid', 'ER-05005', 'Name the user: send email, or identifier with identifierType'),
  resetByPhoneUnavailable: () =>
    new DomainError('invalid', 'ER-05006', 'Password recovery by phone number needs SMS, which is not configured: use email or username'),
  resetIdentifierInvalid: (type: string) => new DomainError('invalid', 'ER-05007', `identifier is not a valid ${type}`),
  // end of passwords
  // sign-up: ER-051xx
  signUpDisabled: () => new DomainError('forbidden', 'ER-05101', 'Sign-up is not open in this environment'),
  signUpPasswordRequired: () => new DomainError('invalid', 'ER-05102', 'password is required'),
  companyNameRequired: () => new DomainError('invalid', 'ER-05104', 'companyName is required and must not be blank'),
  signUpProviderUnsupported: (provider: string) =>
    new DomainError('invalid', 'ER-05105', `Sign-up with a password takes provider local, not ${provider}`),
  signUpByPhoneNotConfigured: () =>
    new DomainError('invalid', 'ER-05107', 'Sign-up by phone number is not configured: this server has no SMS provider; sign up with an email'),
  signUpRateLimited: () => new DomainError('too_many_requests', 'ER-05108', 'Too many sign-ups from this address; try again later'),
  // end of sign-up
  // lockout policy: ER-060xx
  lockoutPolicyExists: () => new DomainError('conflict', 'ER-06001', 'Lockout Policy already exists'),
  lockoutPolicyNotFound: () => new DomainError('not_found', 'ER-06002', 'Lockout policy is not defined'),
  lockoutMaxAttemptsInvalid: () => new DomainError('invalid', 'ER-06003', 'maxAttempts must be a whole number of at least 1'),
  lockoutPolicyIdStale: (id: string) =>
    new DomainError('not_found', 'ER-06004', `The lockout policy ${id} is not the one that applies here: read the policy again and save that`),
  // end of lockout policy
  // domain restrictions: ER-063xx
  invalidDomain: (domain: string) => new DomainError('invalid', 'ER-06301', `Not a domain name: ${domain}`),
  domainRestrictionNotFound: (id: string) => new DomainError('not_found', 'ER-06302', `Domain restriction not found: ${id}`),
  emailDomainNotAllowed: (domain: string) => new DomainError('invalid', 'ER-06303', `Emails of the domain ${domain} are not allowed here`),
  emailRequiredByDomainRestrictions: () =>
    new DomainError('invalid', 'ER-06304', 'email is required: this environment restricts the email domains a user may have'),
  // end of domain restrictions
  // IP restrictions: ER-064xx
  ipNotAllowed: (ip: string) => new DomainError('forbidden', 'ER-06401', `Access from IP address ${ip} is not allowed for this account`),
  invalidIpRule: (field: string, value: string) =>
    new DomainError('invalid', 'ER-06402', `${field} is not an IPv4 or IPv6 address or CIDR range: ${value}`),
  ipRestrictionNotFound: (id: string) => new DomainError('not_found', 'ER-06403', `IP restriction not found: ${id}`),
  ipChangeWouldLockOut: (ip: string) =>
    new DomainError(
      'conflict',
      'ER-06404',
      `This change would refuse your own IP address ${ip}: allow it first (or stop blocking it), or make the change with the environment token`,
    ),
  // end of IP restrictions
  // sessions: ER-062xx
  sessionNotFound: () => new DomainError('not_found', 'ER-06201', 'Session not found'),
  noCurrentSession: () => new DomainError('not_found', 'ER-06202', 'The caller has no session: only a user token belongs to one'),
  sessionConfigurationEmpty: () =>
    new DomainError('invalid', 'ER-06203', 'request/body must have sessionIdleTimeoutConfiguration, sessionTimeoutConfiguration or sessionConcurrentConfiguration'),
  // end of sessions
  // password policy: ER-061xx
  passwordMissingClass: (field: string, what: string) => new DomainError('invalid', 'ER-06101', `${field} is too weak: it must contain ${what}`),
  passwordTooGuessable: (field: string) =>
    new DomainError('invalid', 'ER-06102', `${field} is too weak: it is too easy to guess; use a longer phrase of uncommon words`),
  passwordRepeatsCharacters: (field: string) => new DomainError('invalid', 'ER-06103', `${field} must not repeat a character three times in a row`),
  passwordReused: (field: string) => new DomainError('invalid', 'ER-06104', `${field} was used recently; choose a password not used before`),
  passwordPolicyInvalid: (problem: string) => new DomainError('invalid', 'ER-06105', problem),
  historyPolicyExists: () => new DomainError('conflict', 'ER-06106', 'A password history policy exists already: update it with PATCH'),
  historyPolicyNotFound: () => new DomainError('not_found', 'ER-06107', 'No password history policy is set'),
  historyPolicyIdStale: (id: string) =>
    new DomainError('not_found', 'ER-06109', `The password history policy ${id} is not the one that applies here: read the policy again and save that`),
  // end of password policy
  // captcha policy: ER-065xx
  captchaPolicyExists: () => new DomainError('conflict', 'ER-06501', 'A captcha policy exists already: change it with PUT'),
  captchaPolicyNotFound: () => new DomainError('not_found', 'ER-06502', 'No captcha policy is set'),
  recaptchaTokenMissing: () => new DomainError('invalid', 'ER-06503', 'recaptchaToken is required: the captcha policy is on'),
  recaptchaTokenInvalid: () => new DomainError('invalid', 'ER-06504', 'The reCAPTCHA token is invalid or expired'),
  recaptchaScoreTooLow: () => new DomainError('invalid', 'ER-06505', 'The reCAPTCHA check failed: the score is too low'),
  captchaProviderUnavailable: () =>
    new DomainError('unavailable', 'ER-06506', 'The reCAPTCHA token could not be checked: the captcha provider is unavailable; try again later'),
  // end of captcha policy
  // signing keys and environment settings: ER-071xx
  settingNotSupported: (field: string, value: unknown) =>
    new DomainError('invalid', 'ER-07101', `${field} cannot be changed: nestegg does not support it yet and always behaves as ${field}=${JSON.stringify(value)}`),
  settingOutOfRange: (field: string, min: number, max: number) =>
    new DomainError('invalid', 'ER-07102', `${field} must be a whole number of seconds from ${min} to ${max}`),
  invalidAllowedOrigin: (value: string) =>
    new DomainError('invalid', 'ER-07103', `allowedOrigins: "${value.slice(0, 200)}" is not an origin (scheme, host and port only, such as https://app.example.com)`),
  // end of signing keys and environment settings
  // breached passwords (range API): ER-066xx
  passwordBreached: (field: string) =>
    new DomainError('invalid', 'ER-06601', `${field} has appeared in a data breach and cannot be used; choose another password`),
  // end of breached passwords
  // access tokens: ER-073xx
  accessTokenNotFound: (id: string) => new DomainError('not_found', 'ER-07301', `Access token not found: ${id}`),
  accessTokenBeyondCreator: (permissionKeys: string[]) =>
    new DomainError('forbidden', 'ER-07302', `An access token cannot hold permissions its creator does not: ${permissionKeys.join(', ')}`),
  // end of access tokens
  // API tokens (client credentials): ER-070xx
  invalidApiTokenCredentials: () => new DomainError('unauthenticated', 'ER-07001', 'Invalid authentication'),
  unknownRoleIds: (ids: string[]) => new DomainError('invalid', 'ER-07002', `No such role in this account: ${ids.join(', ')}`),
  unknownPermissionIds: (ids: string[]) => new DomainError('invalid', 'ER-07003', `No such permission: ${ids.join(', ')}`),
  creatorLacksRoles: (keys: string[]) =>
    new DomainError('forbidden', 'ER-07004', `You cannot give a token roles you do not hold: ${keys.join(', ')}`),
  creatorLacksPermissions: (keys: string[]) =>
    new DomainError('forbidden', 'ER-07005', `You cannot give a token permissions you do not hold: ${keys.join(', ')}`),
  apiTokenNotFound: (id: string) => new DomainError('not_found', 'ER-07006', `API token not found: ${id}`),
  apiTokensDisabled: () => new DomainError('forbidden', 'ER-07007', 'Api tokens are disabled'),
  invalidApiTokenRefresh: () => new DomainError('unauthenticated', 'ER-07008', 'Invalid or expired refresh token'),
  apiTokenNeedsMember: (userId: string, tenantId: string) =>
    new DomainError('not_found', 'ER-07009', `User ${userId} is not a member of account ${tenantId}`),
  // end of API tokens
  // delegation and impersonation: ER-072xx
  delegationDisabled: () => new DomainError('forbidden', 'ER-07201', 'Delegation is off for the environment: nobody can impersonate a user'),
  impersonationRefused: () =>
    new DomainError('forbidden', 'ER-07202', 'An impersonation token cannot do this: impersonate again, or change the password or emails of the user it acts for'),
  actorTokenMismatch: () => new DomainError('invalid', 'ER-07203', 'actorToken must be the access token the request is made with'),
  impersonationTargetOutranks: () =>
    new DomainError('forbidden', 'ER-07204', 'The user holds permissions in the account that the impersonator lacks: they cannot be impersonated by this user'),
  impersonationTargetNotFound: () => new DomainError('not_found', 'ER-07205', 'User not found in the account'),
  impersonationOfSelf: () => new DomainError('invalid', 'ER-07206', 'impersonatedUserId names the caller: a user cannot impersonate themselves'),
  impersonationTargetUnavailable: () => new DomainError('forbidden', 'ER-07207', 'The user cannot be impersonated: locked, expired, or not an active member of the account'),
  // end of delegation and impersonation
  // JWT templates: ER-074xx
  jwtTemplateNotFound: (id: string) => new DomainError('not_found', 'ER-07401', `JWT template not found: ${id}`),
  jwtTemplateKeyTaken: (key: string) => new DomainError('conflict', 'ER-07402', `A JWT template with key ${key} exists already`),
  jwtTemplateReservedClaims: (names: string[]) =>
    new DomainError('invalid', 'ER-07403', `templateSchema.claims cannot set claims every token must keep: ${names.join(', ')}`),
  jwtTemplateUnknownPlaceholder: (claim: string, placeholder: string) =>
    new DomainError('invalid', 'ER-07404', `templateSchema.claims.${claim}: unknown placeholder {{${placeholder}}}`),
  jwtTemplateInUse: (key: string) =>
    new DomainError('conflict', 'ER-07405', `JWT template ${key} is named by a targeting rule: change the targeting first`),
  jwtTargetingUnknownTemplates: (keys: string[]) => new DomainError('invalid', 'ER-07406', `rules[].treatment names no JWT template: ${keys.join(', ')}`),
  jwtTargetingExists: () => new DomainError('conflict', 'ER-07407', 'A JWT template targeting exists already: change it with PUT or PATCH'),
  jwtTargetingNotFound: () => new DomainError('not_found', 'ER-07408', 'No JWT template targeting is set'),
  jwtTargetingBadCondition: (index: number, problem: string) => new DomainError('invalid', 'ER-07409', `rules[${index}]: ${problem}`),
  jwtTemplateAlgorithmUnsupported: (pinned: string) =>
    new DomainError('invalid', 'ER-07410', `algorithm must be the environment's jwtAlgorithm (${pinned}): tokens verify with that one algorithm`),
  // end of JWT templates
  // team service: ER-075xx
  profileImageMissing: () => new DomainError('invalid', 'ER-07501', 'Send the picture as the multipart file "image", or as profileImage (a base64 data URL)'),
  profileImageNotImage: () => new DomainError('invalid', 'ER-07502', 'The profile picture must be a PNG, JPEG, GIF or WebP image'),
  profileImageTooLarge: (maxBytes: number) => new DomainError('too_large', 'ER-07503', `The profile picture is larger than ${maxBytes} bytes`),
  profileImageNotFound: () => new DomainError('not_found', 'ER-07504', 'Profile picture not found'),
  // end of team service
} as const;
