/**
 * Every function of `@frontegg/rest-api`'s `api.*`, and what nestegg does with it:
 * - `call`: supported. The suite calls it as an app does, against a real server, with an Admin of a
 *   fresh account logged in through the SDK, and judges what it resolves to by the SDK's `.d.ts`
 *   (or, where `dtsIsWrong` says why, by what the store reads); `check` adds what the answer must mean. `known` marks a call that still fails, with its cause: the
 *   suite expects it to fail (and fails when it starts passing, so that the mark is taken off).
 * - `planned`: the feature is not in nestegg yet; names the issue that brings it.
 * - `outside`: another Frontegg service than identity (billing, reports, ...); nestegg does not serve it.
 * - `internal`: no request of its own (it shapes an answer another function fetched).
 * - `todo`: the route is implemented but the suite does not call the function yet.
 *
 * `README.md`'s table of SDK functions is generated from this file (`npm run sdk:table`).
 */
import { ContextHolder, type FronteggApiClient } from '@frontegg/rest-api';
import { assignTenant, createApp, vendorWithDefault } from '../support/applications';
import { createTenant, createUser } from '../support/fixtures';
import type { Scenario } from './support/sdk';

export type Module = keyof FronteggApiClient;

export interface Supported {
  call: (scenario: Scenario) => Promise<unknown>;
  /** What the answer must mean, beyond its type. */
  check?: (result: never, scenario: Scenario) => void | Promise<void>;
  /** Runs in a browser of its own (it ends or changes the session). */
  ownSession?: true;
  /** Why the call still fails; the suite expects it to. */
  known?: string;
  /**
   * Where the `.d.ts` is wrong about the answer (the SDK's store reads another shape): why, and the
   * answer is judged by `check` alone.
   */
  dtsIsWrong?: string;
  /** The environment-wide setting the call changes: it runs on a database of its own (rest-api.environment.test.ts). */
  environmentWide?: string;
  /** Why nestegg refuses the call to an account's Admin by design (401 or 403); the suite expects that refusal. */
  refused?: string;
  /** Fields (by their path in the answer) where the answer differs from the `.d.ts` (a null, or the shape the store reads), and why. */
  dtsDiffers?: { path: RegExp; why: string };
}

export type Entry = Supported | { planned: string } | { outside: string } | { internal: string } | { todo: string };

const MFA = 'MFA (issue 20)';
const SMS = 'SMS and phone numbers (issue 20)';
const SSO = 'enterprise SSO (issue 21)';
const PASSWORDLESS = 'passwordless and passkeys (issue 22)';
const SOCIAL = 'social login (issue 22)';
const HOSTED = 'hosted login and OAuth (issue 23)';

/** Functions by name, where no explicit entry says otherwise. */
const rules: { module?: Module; pattern: RegExp; entry: Entry }[] = [
  { pattern: /mfa|MFA|Mfa|RememberMfaDevice|StepupSession|recoverMfa/, entry: { planned: MFA } },
  { pattern: /SSO|Saml|saml|Oidc|oidc|preLogin|postLogin|IdpType/, entry: { planned: SSO } },
  { pattern: /[Pp]asswordless|WebAuthn|webAuthn|NewDeviceSession/, entry: { planned: PASSWORDLESS } },
  { pattern: /[Ss]ocial/, entry: { planned: SOCIAL } },
  { pattern: /OAuth|oauth|silentOAuth/, entry: { planned: HOSTED } },
  { pattern: /Sms|SMS|[Pp]hone/, entry: { planned: SMS } },
  { pattern: /CountryRestriction/, entry: { outside: "Frontegg's security-engines service (country restrictions)" } },
  { pattern: /[Aa]pproval/, entry: { planned: 'approval flows (not yet filed)' } },
  { module: 'subscriptions', pattern: /./, entry: { outside: "Frontegg's subscriptions (billing) service" } },
  { module: 'reports', pattern: /./, entry: { outside: "Frontegg's reports service" } },
  { module: 'notifications', pattern: /./, entry: { outside: "Frontegg's notifications service" } },
  { module: 'audits', pattern: /./, entry: { outside: "Frontegg's audits service" } },
  { module: 'connectivity', pattern: /./, entry: { outside: "Frontegg's connectivity (webhooks, Slack) service" } },
  { module: 'velo', pattern: /./, entry: { outside: "Frontegg's Velo (AI agents) service" } },
  { module: 'securityCenter', pattern: /./, entry: { outside: "Frontegg's security-center service" } },
  { module: 'directory', pattern: /./, entry: { planned: 'SCIM directory sync (with enterprise SSO, issue 21)' } },
  { module: 'entitlements', pattern: /./, entry: { outside: "Frontegg's entitlements service (the SDK ignores its failure)" } },
];

/** A PNG of one pixel, as a profile picture. */
const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const unique = () => `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
/** The username of the user signUpUserWithUsername makes, without an email. */
const soloUsername = unique();

const NEW_PASSWORD = 'a fresh passphrase for the link 42';

/** A member of the account who asked for a password reset through the SDK, and the `userId` and `token` of the email's link. */
async function resetLink({ api, member, mailbox, server }: Scenario) {
  const { email } = await member();
  await api.auth.forgotPassword({ email });
  const { params } = await mailbox.next(email, /password/i);
  lastReset.set(server, email);
  return { email, userId: params.userId ?? '', token: params.token ?? '' };
}

/** The address of the last reset link asked for, by server. */
const lastReset = new WeakMap<object, string>();

/** A new user invited into the account, and what their activation email carries: `userId`, `token` and the code. */
async function activationEmail({ invite, mailbox }: Scenario) {
  const { email } = await invite();
  const mail = await mailbox.next(email);
  return { email, userId: mail.params.userId ?? '', token: mail.params.token ?? '', code: mail.code ?? '' };
}

/** A user of another account invited into this one, and what their invitation email carries. */
async function invitationEmail({ vendor, invite, mailbox }: Scenario) {
  const elsewhere = await createTenant(vendor);
  const existing = await createUser(vendor, elsewhere.tenantId);
  await invite(existing.email);
  const mail = await mailbox.next(existing.email);
  return { email: existing.email, userId: mail.params.userId ?? '', token: mail.params.token ?? '', code: mail.code ?? '' };
}

/** An application of the environment, assigned to the account (both with the environment token), that its users may be given. */
async function application({ server, tenantId }: Scenario) {
  const { vendor } = await vendorWithDefault(server);
  const app = await createApp(vendor, { name: `app ${unique()}`, accessType: 'MANAGED_ACCESS' });
  await assignTenant(vendor, app.id, tenantId);
  return app;
}

/** The explicit entries, by module and function. */
export const catalog: { [M in Module]?: Record<string, Entry> } = {
  auth: {
    signUp: { internal: 'the shared body of signUpUser, signUpUserWithUsername and signUpUserWithPhoneNumber' },
    generateLoginResponse: { internal: 'shapes the login answer; run by login and refreshToken' },
    generateLoginResponseV2: { internal: 'shapes the login answer; run by refreshTokenV2' },
    generateLoginResponseV3: { internal: 'shapes the login answer; run by loginv2 and refreshTokenV3' },
    getMeAndEntitlements: { call: ({ api }) => api.auth.getMeAndEntitlements() },
    noThrowLoadEntitlements: { internal: 'loads entitlements and ignores their failure' },
    shouldLoadEntitlements: { internal: 'reads the SDK context' },
    shouldLoadMeAuthorization: { internal: 'reads the SDK context' },
    resolveSessionTenant: { internal: 'picks the active account from answers already fetched' },
    login: {
      ownSession: true,
      call: async ({ api, admin }) => api.auth.login({ email: admin.email, password: admin.password }),
    },
    loginv2: {
      ownSession: true,
      call: async ({ api, admin }) => api.auth.loginv2({ email: admin.email, password: admin.password }),
    },
    refreshToken: { call: ({ api }) => api.auth.refreshToken() },
    refreshTokenV2: { call: ({ api }) => api.auth.refreshTokenV2() },
    refreshTokenV3: { call: ({ api }) => api.auth.refreshTokenV3() },
    logout: { ownSession: true, call: ({ api }) => api.auth.logout() },
    getMeV2: { call: ({ api }) => api.auth.getMeV2() },
    getUserAuthorization: { call: ({ api }) => api.auth.getUserAuthorization() },
    getVendorConfig: { call: ({ api }) => api.auth.getVendorConfig() },
    getSignUpStrategies: { call: ({ api }) => api.auth.getSignUpStrategies() },
    getPasswordRecoveryStrategies: { call: ({ api }) => api.auth.getPasswordRecoveryStrategies() },
    loadPasswordConfig: { call: ({ api, admin }) => api.auth.loadPasswordConfig({ userId: admin.id }) },
    getVendorPublicAuthStrategiesConfig: { call: ({ api }) => api.auth.getVendorPublicAuthStrategiesConfig() },
    getPublicAuthStrategiesConfigForAuthenticatedUser: { call: ({ api }) => api.auth.getPublicAuthStrategiesConfigForAuthenticatedUser() },
    forgotPassword: { call: ({ api, admin }) => api.auth.forgotPassword({ email: admin.email }) },
    resetPasswordViaEmail: { call: ({ api, admin }) => api.auth.resetPasswordViaEmail({ identifier: admin.email, identifierType: 'email' as never }) },
    resetPassword: {
      call: async (scenario) => {
        const { userId, token } = await resetLink(scenario);
        return scenario.api.auth.resetPassword({ userId, token, password: NEW_PASSWORD });
      },
      check: async (_result: undefined, { server }) => {
        // The last reset's new password logs in.
        const email = lastReset.get(server);
        const login = await server.client.POST('/identity/resources/auth/v1/user', { body: { email: email ?? '', password: NEW_PASSWORD } });
        expect(login.response.status).toBe(200);
      },
    },
    validateResetPasswordToken: {
      call: async (scenario) => {
        const { userId, token } = await resetLink(scenario);
        return scenario.api.auth.validateResetPasswordToken({ userId, token });
      },
    },
    activateAccount: {
      ownSession: true,
      call: async (scenario) => {
        const { userId, token } = await activationEmail(scenario);
        return scenario.api.auth.activateAccount({ userId, token, password: NEW_PASSWORD });
      },
    },
    activateAccountV2: {
      ownSession: true,
      call: async (scenario) => {
        const { userId, token } = await activationEmail(scenario);
        return scenario.api.auth.activateAccountV2({ userId, token, password: NEW_PASSWORD });
      },
      check: (result: { user: { verified?: boolean } }) => expect(result.user.verified).toBe(true),
    },
    activateAccountWithOTC: {
      ownSession: true,
      call: async (scenario) => {
        const { userId, token, code } = await activationEmail(scenario);
        return scenario.api.auth.activateAccountWithOTC({ userId, token, code, password: NEW_PASSWORD });
      },
      check: (result: { user: { verified?: boolean } }) => expect(result.user.verified).toBe(true),
    },
    getActivateAccountStrategy: {
      call: async (scenario) => {
        const { userId, token } = await activationEmail(scenario);
        return scenario.api.auth.getActivateAccountStrategy({ userId, token });
      },
      check: (result: { shouldSetPassword: boolean }) => expect(result).toEqual({ shouldSetPassword: true }),
    },
    resendActivationEmail: { call: ({ api, admin }) => api.auth.resendActivationEmail({ email: admin.email }) },
    resendInvitationEmail: {
      call: async ({ api, invite, mailbox }) => {
        const { email } = await invite();
        await mailbox.next(email);
        const result = await api.auth.resendInvitationEmail({ email });
        // A second email arrives, with a link of its own.
        if (!(await mailbox.next(email)).params.token) throw new Error('the email sent again has no token');
        return result;
      },
    },
    acceptInvitation: {
      call: async (scenario) => {
        const { userId, token } = await invitationEmail(scenario);
        return scenario.api.auth.acceptInvitation({ userId, token });
      },
    },
    acceptInvitationWithOTC: {
      call: async (scenario) => {
        const { userId, token, code } = await invitationEmail(scenario);
        return scenario.api.auth.acceptInvitationWithOTC({ userId, token, code });
      },
    },
    verifyInviteToken: {
      call: async ({ api, vendor, tenantId }) => {
        const made = await vendor.POST('/identity/resources/tenants/invites/v1', { body: { tenantId } });
        return api.auth.verifyInviteToken({ token: made.data?.token ?? '' });
      },
      dtsIsWrong: "typed as a string, but the store reads `name` (the account's name) from the answer, as the reference document answers",
      check: (result: { name: string }) => expect(result.name).toEqual(expect.any(String)),
    },
    signUpUser: {
      ownSession: true,
      call: ({ api }) =>
        api.auth.signUpUser({ email: `${unique()}@example.com`, password: 'a long enough passphrase 123', companyName: 'Signed Up Inc.', name: 'New User' }),
    },
    signUpUserWithUsername: {
      ownSession: true,
      // As the store sends it: a username and no email (a user known by the username alone, logged in at once).
      call: ({ api }) =>
        api.auth.signUpUserWithUsername({ username: soloUsername, password: 'a long enough passphrase 123', companyName: 'Signed Up Inc.', name: 'New User' }),
      // ... who then logs in by username.
      check: async (result: { shouldActivate: boolean; userId?: string }, { api }) => {
        expect(result.shouldActivate).toBe(false);
        const login = await api.auth.login({ username: soloUsername, password: 'a long enough passphrase 123' } as never);
        expect(login).toMatchObject({ id: result.userId });
      },
      // Only the email: the `/user` lines are the union (user or null) failing because of it; any other field still counts.
      dtsDiffers: {
        path: /^\/user(\/email)?$/,
        why: 'a user known by a username alone has no email: null (the SDK types it as a string; Frontegg documents email as optional in this sign-up)',
      },
    },
    getCurrentUserSessions: { call: ({ api }) => api.auth.getCurrentUserSessions() },
    getCurrentUserSession: { call: ({ api }) => api.auth.getCurrentUserSession() },
    revokeSessionsForUser: { call: async ({ api, member }) => api.auth.revokeSessionsForUser((await member()).id) },
    getSessionConfigurations: { call: ({ api }) => api.auth.getSessionConfigurations() },
    createOrUpdateSessionConfigrations: {
      call: ({ api }) => api.auth.createOrUpdateSessionConfigrations({ sessionConcurrentConfiguration: { isActive: false, maxSessions: 10 } } as never),
    },
    deleteSessionForUser: {
      call: async ({ api }) => {
        const sessions = await api.auth.getCurrentUserSessions();
        const other = sessions.find((session) => !session.current);
        return other ? api.auth.deleteSessionForUser(other.id) : undefined;
      },
    },
    deleteAllSessionsForUser: { call: ({ api }) => api.auth.deleteAllSessionsForUser() },
    getUserApiTokensData: { call: ({ api }) => api.auth.getUserApiTokensData() },
    getTenantApiTokensData: { call: ({ api }) => api.auth.getTenantApiTokensData() },
    updateUserApiTokensData: { call: ({ api }) => api.auth.updateUserApiTokensData({ description: 'personal', expiresInMinutes: null } as never) },
    updateTenantApiTokensData: {
      call: ({ api }) => api.auth.updateTenantApiTokensData({ description: 'account', roleIds: [], expiresInMinutes: null } as never),
    },
    deleteUserApiToken: {
      call: async ({ api }) => {
        const token = await api.auth.updateUserApiTokensData({ description: 'to delete' } as never);
        return api.auth.deleteUserApiToken({ tokenId: token.clientId ?? '' });
      },
    },
    deleteTenantApiToken: {
      call: async ({ api }) => {
        const token = await api.auth.updateTenantApiTokensData({ description: 'to delete', roleIds: [] } as never);
        return api.auth.deleteTenantApiToken({ tokenId: token.clientId ?? '' });
      },
    },
    getUserAccessTokensData: { call: ({ api }) => api.auth.getUserAccessTokensData() },
    getTenantAccessTokensData: { call: ({ api }) => api.auth.getTenantAccessTokensData() },
    createUserAccessToken: { call: ({ api }) => api.auth.createUserAccessToken({ description: 'personal', expiresInMinutes: null } as never) },
    createTenantAccessToken: {
      call: ({ api }) => api.auth.createTenantAccessToken({ description: 'account', roleIds: [], expiresInMinutes: null } as never),
    },
    deleteUserAccessToken: {
      call: async ({ api }) => {
        const token = await api.auth.createUserAccessToken({ description: 'to delete' } as never);
        return api.auth.deleteUserAccessToken({ id: (token as unknown as { id: string }).id });
      },
    },
    deleteTenantAccessToken: {
      call: async ({ api }) => {
        const token = await api.auth.createTenantAccessToken({ description: 'to delete', roleIds: [] } as never);
        return api.auth.deleteTenantAccessToken({ id: (token as unknown as { id: string }).id });
      },
    },
    getUserById: { call: async ({ api, member }) => api.auth.getUserById({ userId: (await member()).id }) },
    getGlobalSecurityPolicy: { call: ({ api }) => api.auth.getGlobalSecurityPolicy() },
    getLockoutPolicy: { call: ({ api }) => api.auth.getLockoutPolicy() },
    getVendorLockoutPolicy: { call: ({ api }) => api.auth.getVendorLockoutPolicy() },
    saveLockoutPolicy: {
      call: async ({ api }) => {
        const loaded = await api.auth.getLockoutPolicy();
        return api.auth.saveLockoutPolicy({ ...loaded, enabled: true, maxAttempts: 7 });
      },
    },
    getCaptchaPolicy: { call: ({ api }) => api.auth.getCaptchaPolicy() },
    getPasswordHistoryPolicy: { call: ({ api }) => api.auth.getPasswordHistoryPolicy() },
    getVendorPasswordHistoryPolicy: { call: ({ api }) => api.auth.getVendorPasswordHistoryPolicy() },
    savePasswordHistoryPolicy: {
      call: async ({ api }) => {
        const current = await api.auth.getPasswordHistoryPolicy();
        return api.auth.savePasswordHistoryPolicy({ ...current, enabled: true, historySize: 4 } as never);
      },
    },
    getPasswordConfigPolicy: { call: ({ api }) => api.auth.getPasswordConfigPolicy() },
    getDomainRestrictions: { call: ({ api }) => api.auth.getDomainRestrictions() },
    getDomainRestrictionsConfig: { call: ({ api }) => api.auth.getDomainRestrictionsConfig() },
    createDomainRestriction: { call: ({ api }) => api.auth.createDomainRestriction({ domain: `${unique()}.example.com`, type: 'ALLOW' } as never) },
    updateDomainRestrictionConfig: { call: ({ api }) => api.auth.updateDomainRestrictionConfig({ active: false } as never) },
    deleteDomainRestriction: {
      call: async ({ api }) => {
        const restriction = await api.auth.createDomainRestriction({ domain: `${unique()}.example.com`, type: 'BLOCK' } as never);
        return api.auth.deleteDomainRestriction(restriction.id);
      },
    },
    getIPRestrictions: { call: ({ api }) => api.auth.getIPRestrictions({ _limit: 10, _offset: 0, _filter: 'ALLOW' } as never) },
    getIPRestrictionsConfig: { call: ({ api }) => api.auth.getIPRestrictionsConfig() },
    createIPRestriction: { call: ({ api }) => api.auth.createIPRestriction({ ip: '10.1.2.3', strategy: 'BLOCK', isActive: true } as never) },
    bulkCreateIPRestriction: {
      call: ({ api }) => api.auth.bulkCreateIPRestriction({ ips: [{ ip: '10.9.9.9', strategy: 'BLOCK', isActive: true }] } as never),
    },
    updateIPRestrictionConfig: { call: ({ api }) => api.auth.updateIPRestrictionConfig({ strategy: 'BLOCK', isActive: false } as never) },
    deleteIPRestriction: {
      call: async ({ api }) => {
        await api.auth.createIPRestriction({ ip: '10.4.4.4', strategy: 'BLOCK', isActive: true } as never);
        const page = await api.auth.getIPRestrictions({ _limit: 50, _offset: 0 } as never);
        const rule = (page as unknown as { items: { id: string; ip: string }[] }).items.find((item) => item.ip === '10.4.4.4');
        return api.auth.deleteIPRestriction(rule?.id ?? 'missing');
      },
    },
    testCurrentIp: { call: ({ api }) => api.auth.testCurrentIp() },
    // Read on every page load; empty until social login (issue 22) and SSO (issue 21) exist.
    getSocialLoginProviders: { call: ({ api }) => api.auth.getSocialLoginProviders() },
    getSocialLoginProvidersV2: { call: ({ api }) => api.auth.getSocialLoginProvidersV2() },
    getSocialLoginProvidersV2ForAuthenticatedUser: { call: ({ api }) => api.auth.getSocialLoginProvidersV2ForAuthenticatedUser() },
    getCustomSocialLoginProvidersV1: { call: ({ api }) => api.auth.getCustomSocialLoginProvidersV1() },
    getSSOPublicConfiguration: { call: ({ api }) => api.auth.getSSOPublicConfiguration() },
    testCurrentIpInAllowList: { call: ({ api }) => api.auth.testCurrentIpInAllowList() },
  },
  users: {
    getUsersV2: {
      call: ({ api, admin }) => api.users.getUsersV2({ _limit: 20, _offset: 0, _filter: admin.email.slice(0, 12) } as never),
      check: (result: { items: { id: string }[] }, { admin }) => expect(result.items.map((user) => user.id)).toEqual([admin.id]),
    },
    getUsersV3: { call: ({ api }) => api.users.getUsersV3({ _limit: 20, _offset: 0 } as never) },
    getUsersRoles: { call: ({ api, admin }) => api.users.getUsersRoles({ ids: [admin.id] }) },
    getUsersGroups: { call: ({ api, admin }) => api.users.getUsersGroups({ ids: [admin.id] }) },
    getUsersUsernames: { call: ({ api, admin }) => api.users.getUsersUsernames({ userIds: [admin.id] } as never) },
    getCurrentUserTenantsV1: { call: ({ api }) => api.users.getCurrentUserTenantsV1() },
    getCurrentUserTenantsV3: { call: ({ api }) => api.users.getCurrentUserTenantsV3() },
    GetUserJwt: { call: ({ api, tenantId }) => api.users.GetUserJwt({ tenantId }) },
    updateUserProfileV2: { call: ({ api }) => api.users.updateUserProfileV2({ name: 'Renamed Admin', phoneNumber: null, profilePictureUrl: null } as never) },
    sendResetBreachedPasswordEmails: { call: ({ api }) => api.users.sendResetBreachedPasswordEmails() },
    unlockMe: {
      ownSession: true,
      call: async ({ api, vendor, tenantId, member, mailbox, server }) => {
        // The account (its own: the policy stays on) locks a user after two wrong passwords; the lock emails them an unlock link.
        const locking = await vendor.POST('/identity/resources/configurations/v1/lockout-policy', {
          params: { header: { 'frontegg-tenant-id': tenantId } } as never,
          body: { enabled: true, maxAttempts: 2 },
        });
        if (locking.response.status !== 201) throw new Error(`lockout policy: ${locking.response.status}`);
        const { email } = await member();
        for (let attempt = 0; attempt < 3; attempt += 1) {
          await server.client.POST('/identity/resources/auth/v1/user', { body: { email, password: 'not the password' } });
        }
        const { params } = await mailbox.next(email, /locked/i);
        return api.users.unlockMe({ token: params.token ?? '' });
      },
    },
  },
  roles: {
    getRoles: { call: ({ api }) => api.roles.getRoles() },
    addRole: {
      call: ({ api }) => api.roles.addRole({ key: unique(), name: 'Auditor', description: 'reads', isDefault: false, level: 1, permissions: [] }),
    },
    addRoleV2: {
      call: async ({ api }) => {
        const roles = await api.roles.getRoles();
        return api.roles.addRoleV2({
          key: unique(),
          name: 'Copy',
          description: 'copy',
          isDefault: false,
          level: 1,
          permissionIds: [],
          baseRoleId: roles[0]?.id ?? '',
        });
      },
    },
    updateRole: {
      call: async ({ api }) => {
        const role = await api.roles.addRole({ key: unique(), name: 'Before', description: 'x', isDefault: false, level: 1, permissions: [] });
        return api.roles.updateRole({ roleId: role.id, name: 'After' });
      },
    },
    deleteRole: {
      call: async ({ api }) => {
        const role = await api.roles.addRole({ key: unique(), name: 'Gone', description: 'x', isDefault: false, level: 1, permissions: [] });
        return api.roles.deleteRole({ roleId: role.id });
      },
    },
    attachPermissionsToRole: {
      call: async ({ api }) => {
        const role = await api.roles.addRole({ key: unique(), name: 'Perms', description: 'x', isDefault: false, level: 1, permissions: [] });
        const permissions = await api.roles.getPermissions();
        return api.roles.attachPermissionsToRole({ roleId: role.id, permissionIds: permissions.slice(0, 2).map((permission) => permission.id) });
      },
    },
    getPermissions: { call: ({ api }) => api.roles.getPermissions() },
    getPermissionCategories: { call: ({ api }) => api.roles.getPermissionCategories() },
    attachPermissionToRoles: {
      call: async ({ api }) => {
        const role = await api.roles.addRole({ key: unique(), name: 'One', description: 'x', isDefault: false, level: 1, permissions: [] });
        const [permission] = await api.roles.getPermissions();
        return api.roles.attachPermissionToRoles({ permissionId: permission?.id ?? '', roleIds: [role.id] });
      },
    },
  },
  groups: {
    getGroups: {
      call: ({ api }) => api.groups.getGroups({ _groupsRelations: 'rolesAndUsers' as never }),
      dtsIsWrong: 'typed as an array, but the store reads `{ groups }` (its own comment says so), as the reference document answers',
      check: (result: { groups: unknown[] }) => expect(Array.isArray(result.groups)).toBe(true),
    },
    createGroup: { call: ({ api }) => api.groups.createGroup({ name: `group ${unique()}`, color: '#123456', description: 'team' }) },
    getGroupById: {
      call: async ({ api }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        return api.groups.getGroupById({ groupId: group.id }, { _groupsRelations: 'rolesAndUsers' as never });
      },
    },
    getGroupsByIds: {
      call: async ({ api }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        return api.groups.getGroupsByIds({ groupsIds: [group.id] }, { _groupsRelations: 'roles' as never });
      },
      dtsIsWrong: 'typed as an array; the reference document answers `{ groups }`, as for the list',
      check: (result: { groups: unknown[] }) => expect(result.groups).toHaveLength(1),
    },
    updateGroup: {
      call: async ({ api }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        return api.groups.updateGroup({ groupId: group.id, description: 'changed' });
      },
    },
    deleteGroup: {
      call: async ({ api }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        return api.groups.deleteGroup(group.id);
      },
    },
    addRolesToGroup: {
      call: async ({ api }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        const [role] = await api.roles.getRoles();
        return api.groups.addRolesToGroup(group.id, { roleIds: [role?.id ?? ''] });
      },
    },
    deleteRolesFromGroup: {
      call: async ({ api }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        const [role] = await api.roles.getRoles();
        await api.groups.addRolesToGroup(group.id, { roleIds: [role?.id ?? ''] });
        return api.groups.deleteRolesFromGroup(group.id, { roleIds: [role?.id ?? ''] });
      },
    },
    addUsersToGroup: {
      call: async ({ api, admin }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        return api.groups.addUsersToGroup(group.id, { userIds: [admin.id] });
      },
    },
    deleteUsersFromGroup: {
      call: async ({ api, admin }) => {
        const group = await api.groups.createGroup({ name: `group ${unique()}` });
        await api.groups.addUsersToGroup(group.id, { userIds: [admin.id] });
        return api.groups.deleteUsersFromGroup(group.id, { userIds: [admin.id] });
      },
    },
    getGroupConfiguration: { call: ({ api }) => api.groups.getGroupConfiguration() },
    updateGroupConfiguration: {
      call: ({ api }) => api.groups.updateGroupConfiguration({ enabled: true, rolesEnabled: true }),
      refused: "it switches groups for the whole environment: an account's Admin may read the switch, only the environment token changes it",
    },
  },
  tenants: {
    getTenants: { call: ({ api }) => api.tenants.getTenants() },
    switchTenant: { ownSession: true, call: ({ api, tenantId }) => api.tenants.switchTenant({ tenantId }) },
    getSubTenants: {
      call: async ({ api, tenantId }) => {
        await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Listed branch', parentTenantId: tenantId });
        return api.tenants.getSubTenants();
      },
      dtsIsWrong: 'typed as one `ISubTenant`, but the store keeps the answer as `subTenants: ISubTenant[]` (TenantsState), a list of every account beneath',
      check: (result: { tenantId: string; tenantName: string; level: number }[]) => {
        expect(Array.isArray(result)).toBe(true);
        expect(result).toContainEqual(expect.objectContaining({ tenantId: expect.any(String), tenantName: 'Listed branch', level: 1 }));
      },
    },
    getSubTenantsAsTree: { call: ({ api }) => api.tenants.getSubTenantsAsTree() },
    getParentTenants: { call: ({ api }) => api.tenants.getParentTenants() },
    getParentTenantsById: {
      call: async ({ api, tenantId }) => {
        const sub = await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Branch', parentTenantId: tenantId });
        return api.tenants.getParentTenantsById(sub.tenantId);
      },
      check: (result: { tenantId: string; level: number }[], { tenantId }) => expect(result).toEqual([expect.objectContaining({ tenantId, level: 1 })]),
    },
    getTenantsUsersCount: { call: ({ api, tenantId }) => api.tenants.getTenantsUsersCount({ tenantIds: [tenantId] }) },
    searchSubTenants: {
      call: async ({ api, tenantId }) => {
        await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Searched branch', parentTenantId: tenantId });
        return api.tenants.searchSubTenants({ _offset: 0, _limit: 50, _filter: 'searched', _subTenantId: tenantId } as never);
      },
      check: (result: { items: { name: string; metadata: { isParent: boolean } }[] }) =>
        expect(result.items).toEqual([expect.objectContaining({ name: 'Searched branch', metadata: { isParent: false } })]),
    },
    getHierarchyMetadata: {
      call: async ({ api, tenantId }) => {
        const sub = await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Branch', parentTenantId: tenantId });
        return api.tenants.getHierarchyMetadata({ _tenantIds: [tenantId, sub.tenantId] } as never);
      },
      check: (result: { tenantId: string; totalSubTenants: number; isParent: boolean }[], { tenantId }) => {
        expect(result[0]).toMatchObject({ tenantId, isParent: true });
        expect(result[0].totalSubTenants).toBeGreaterThan(0);
        expect(result[1]).toMatchObject({ totalSubTenants: 0, isParent: false });
      },
    },
  },
  accountSettings: {
    getSettings: { call: ({ api }) => api.accountSettings.getSettings() },
    updateSettings: { call: ({ api }) => api.accountSettings.updateSettings({ timezone: 'Europe/Paris' } as never) },
    getPublicSettings: {
      call: ({ api }) => api.accountSettings.getPublicSettings(),
      check: (result: { tenantId: string }, { tenantId }) => expect(result.tenantId).toBe(tenantId),
    },
  },
  subTenants: {
    loadAllUsers: {
      call: ({ api }) => api.subTenants.loadAllUsers({ _limit: 10, _offset: 0 } as never),
      dtsDiffers: {
        path: /^\/items\/\d+\/tenants\/\d+\/roles\/\d+\/tenantId$/,
        why: 'an environment-wide role belongs to no account (IRole types the same field as optional)',
      },
    },
    createSubTenant: {
      call: ({ api, tenantId }) => api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Branch', parentTenantId: tenantId }),
    },
    deleteSubTenant: {
      call: async ({ api, tenantId }) => {
        const sub = await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Branch', parentTenantId: tenantId });
        return api.subTenants.deleteSubTenant(sub.tenantId);
      },
    },
    updateSubTenant: {
      call: async ({ api, tenantId }) => {
        const sub = await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Branch', parentTenantId: tenantId });
        return api.subTenants.updateSubTenant({ tenantId: sub.tenantId }, { name: 'Renamed branch' } as never);
      },
      check: async (_result: unknown, { api }) => {
        const accounts = (await api.tenants.getSubTenants()) as unknown as { tenantName: string }[];
        expect(accounts.map((account) => account.tenantName)).toContain('Renamed branch');
      },
    },
    updateSubTenantManagement: {
      call: async ({ api, tenantId }) => {
        const sub = await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Branch', parentTenantId: tenantId });
        return api.subTenants.updateSubTenantManagement({ tenantId: sub.tenantId }, { isReseller: true } as never);
      },
    },
    updateSubTenantHierarchySettings: {
      call: async ({ api, tenantId }) => {
        const sub = await api.subTenants.createSubTenant({ tenantId: `sub-${unique()}`, name: 'Branch', parentTenantId: tenantId });
        return api.subTenants.updateSubTenantHierarchySettings({ tenantId: sub.tenantId }, { subAccountAccessType: 'alwaysOn' } as never);
      },
      check: (result: { name: string; subAccountAccessType: string }) => expect(result).toMatchObject({ name: 'Branch', subAccountAccessType: 'alwaysOn' }),
    },
    addUserToTenantAndSubTenants: {
      call: ({ api, tenantId }) => api.subTenants.addUserToTenantAndSubTenants({ user: { email: `${unique()}@example.com` }, subTenants: [{ tenantId }] }),
    },
    removeUserFromTenantAndSubTenants: {
      call: async ({ api, tenantId, member }) => api.subTenants.removeUserFromTenantAndSubTenants({ userId: (await member()).id, subTenants: [{ tenantId }] }),
    },
    addUserRolesForSubTenants: {
      call: async ({ api, tenantId, member }) => {
        const [role] = await api.roles.getRoles();
        return api.subTenants.addUserRolesForSubTenants((await member()).id, { subTenantsRoles: [{ tenantId, roleIds: [role?.id ?? ''] }] });
      },
    },
    removeUserRolesFromSubTenants: {
      call: async ({ api, tenantId, member }) => {
        const [role] = await api.roles.getRoles();
        return api.subTenants.removeUserRolesFromSubTenants((await member()).id, { subTenantsRoles: [{ tenantId, roleIds: [role?.id ?? ''] }] });
      },
    },
    setUserRolesForSubTenants: {
      call: async ({ api, tenantId, member }) => {
        const [role] = await api.roles.getRoles();
        return api.subTenants.setUserRolesForSubTenants((await member()).id, { subTenantsRoles: [{ tenantId, roleIds: [role?.id ?? ''] }] });
      },
    },
    updateSubAccountAccess: {
      call: async ({ api, member }) => api.subTenants.updateSubAccountAccess((await member()).id, { allowAccess: true } as never),
    },
    addUsersToSubTenant: {
      call: ({ api, tenantId }) => api.subTenants.addUsersToSubTenant({ users: [{ email: `${unique()}@example.com`, name: 'Sub User' }], tenantId } as never),
    },
  },
  applications: {
    getUserApplicationsId: { call: ({ api, admin }) => api.applications.getUserApplicationsId({ userId: admin.id }) },
    getUsersApplicationsId: { call: ({ api, admin }) => api.applications.getUsersApplicationsId({ userIds: [admin.id] }) },
    getTenantsApplications: { call: ({ api }) => api.applications.getTenantsApplications() },
    getTenantsApplicationsV2: { call: ({ api }) => api.applications.getTenantsApplicationsV2() },
    getApplicationsData: {
      call: async (scenario) => scenario.api.applications.getApplicationsData({ appIds: [(await application(scenario)).id] }),
      check: (result: { id: string }[]) => expect(result.map((app) => typeof app.id)).toEqual(['string']),
      dtsDiffers: {
        path: /^\/\d+\/(logoURL|description|integrationFinishedAt)$/,
        why: 'an application made without a logo or description, whose integration is not finished, has none: null, as Frontegg answers an empty field',
      },
    },
    assignUserToApplications: {
      call: async (scenario) => {
        const app = await application(scenario);
        const { id: userId } = await scenario.member();
        await scenario.api.applications.assignUserToApplications({ userId, tenantId: scenario.tenantId, appIds: [app.id] });
        return scenario.api.applications.getUsersOfApplications({ appIds: [app.id] });
      },
      check: (result: { appId: string; userIds: string[] }[]) => expect(result[0]?.userIds).toHaveLength(1),
    },
    unassignUserFromApplications: {
      call: async (scenario) => {
        const app = await application(scenario);
        const { id: userId } = await scenario.member();
        await scenario.api.applications.assignUserToApplications({ userId, tenantId: scenario.tenantId, appIds: [app.id] });
        await scenario.api.applications.unassignUserFromApplications({ userId, tenantId: scenario.tenantId, appIds: [app.id] });
        return scenario.api.applications.getUsersOfApplications({ appIds: [app.id] });
      },
      check: (result: { appId: string; userIds: string[] }[]) => expect(result.flatMap((entry) => entry.userIds)).toEqual([]),
    },
    getUsersOfApplications: {
      call: async (scenario) => scenario.api.applications.getUsersOfApplications({ appIds: [(await application(scenario)).id] }),
    },
  },
  impersonate: {
    impersonate: {
      ownSession: true,
      call: async ({ api, appName, vendor, member }) => {
        // Delegation is environment-wide; the suite only ever turns it on.
        const enabled = await vendor.POST('/identity/resources/configurations/v1/delegation', { body: { enabled: true } });
        if (enabled.response.status !== 200) throw new Error(`enable delegation: ${enabled.response.status}`);
        const { id } = await member();
        // The impersonator's own access token is the actor token, as the Admin Portal sends it.
        const actorToken = ContextHolder.for(appName).getAccessToken() ?? '';
        return api.impersonate.impersonate({ impersonatedUserId: id, actorToken });
      },
    },
  },
  usernames: {
    getUsernamesV1: { call: ({ api, admin }) => api.usernames.getUsernamesV1({ userIds: [admin.id] } as never) },
    getUserOwnUsername: {
      call: async ({ api }) => {
        await api.usernames.createUsername({ username: unique() } as never);
        return api.usernames.getUserOwnUsername();
      },
    },
    createUsername: { call: ({ api }) => api.usernames.createUsername({ username: unique() } as never) },
    deleteUsername: {
      call: async ({ api }) => {
        const username = unique();
        await api.usernames.createUsername({ username } as never);
        return api.usernames.deleteUsername(username);
      },
    },
  },
  usersEmails: { getUsersEmailsV1: { call: ({ api, admin }) => api.usersEmails.getUsersEmailsV1({ userIds: [admin.id] } as never) } },
  userEmailPolicy: { getUserEmailPolicyConfig: { call: ({ api }) => api.userEmailPolicy.getUserEmailPolicyConfig() } },
  securityPolicy: {
    // the others are auth's, below
    getPasswordRotationPolicy: { call: ({ api }) => api.securityPolicy.getPasswordRotationPolicy() },
    getVendorPasswordRotationPolicy: { call: ({ api }) => api.securityPolicy.getVendorPasswordRotationPolicy() },
    savePasswordRotationPolicy: {
      call: ({ api }) => api.securityPolicy.savePasswordRotationPolicy({ isActive: true, rotationPeriod: 43200, notificationPeriod: 1440 }),
    },
  },
  teams: {
    getProfile: { call: ({ api }) => api.teams.getProfile() },
    updateProfile: { call: ({ api }) => api.teams.updateProfile({ name: 'Renamed Through Teams' }) },
    updateProfileImage: {
      call: ({ api }) => {
        const form = new FormData();
        form.append('image', new File([new Uint8Array(ONE_PIXEL_PNG)], 'image', { type: 'image/png' }));
        return api.teams.updateProfileImage(form);
      },
      check: (url: string) => expect(new URL(url).pathname).toMatch(/^\/team\/resources\/profile\/images\/v1\//),
    },
    changePassword: {
      ownSession: true,
      call: ({ api, admin }) => api.teams.changePassword({ password: admin.password, newPassword: 'another long passphrase 456' }),
    },
    updateEmail: { ownSession: true, call: ({ api }) => api.teams.updateEmail(`${unique()}@example.com`) },
    verifyEmail: {
      ownSession: true,
      call: async ({ api, mailbox }) => {
        const email = `${unique()}@example.com`;
        await api.teams.updateEmail(email);
        // The confirmation email's link carries the code the SDK sends back.
        const { params } = await mailbox.next(email);
        return api.teams.verifyEmail(email, params.code ?? '');
      },
      check: async (_result: unknown, { api }) => expect((await api.auth.getMeV2()).email).toMatch(/@example\.com$/),
    },
    loadUsers: {
      call: ({ api }) => api.teams.loadUsers({ pageOffset: 0, pageSize: 20, filter: [{ id: 'searchFilter', value: '' }], sort: [{ id: 'name', desc: true }] }),
      dtsIsWrong: 'typed as a bare page, but the store reads `{ items, totalPages, totalItems }`',
      check: (result: { items: { email: string }[]; totalPages: number }, { admin }) => {
        expect(result.items.map((user) => user.email)).toContain(admin.email);
        expect(result.totalPages).toBeGreaterThanOrEqual(1);
      },
    },
    addUser: { call: async ({ api }) => api.teams.addUser({ email: `${unique()}@example.com`, name: 'Invited', roleIds: [] }) },
    updateUser: {
      call: async ({ api, member }) => {
        const user = await member();
        const { items } = (await api.teams.loadAvailableRoles()) as unknown as { items: { id: string }[] };
        return api.teams.updateUser({ id: user.id, email: user.email, roleIds: [items[0]?.id ?? ''] } as never);
      },
      dtsDiffers: { path: /^\/tenants$/, why: 'typed as one object; the team service answers `tenants` as an array, as its list does' },
    },
    deleteUser: {
      call: async ({ api, member }) => api.teams.deleteUser({ userId: (await member()).id }),
      dtsIsWrong:
        'typed with `tenants` as one object; the team service answers the member as its list does, `tenants` an array (the store ignores this answer)',
      check: (result: { id: string; tenants: unknown[] }) => expect(Array.isArray(result.tenants)).toBe(true),
    },
    resendActivationLink: { call: async ({ api, invite }) => api.teams.resendActivationLink({ userId: (await invite()).id }) },
    resendInvitationLink: { call: async ({ api, invite }) => api.teams.resendInvitationLink({ email: (await invite()).email }) },
    resendInvitationLinkToAllTenants: { call: async ({ api, invite }) => api.teams.resendInvitationLinkToAllTenants({ email: (await invite()).email }) },
    disableUser: { call: async ({ api, member }) => api.teams.disableUser((await member()).id) },
    enableUser: {
      call: async ({ api, member }) => {
        const { id } = await member();
        await api.teams.disableUser(id);
        return api.teams.enableUser(id);
      },
    },
    loadAvailableRoles: {
      call: ({ api }) => api.teams.loadAvailableRoles(),
      dtsIsWrong: 'typed as an array, but the store reads `{ items }` from it',
      check: (result: { items: { key: string }[] }) => expect(result.items.map((role) => role.key)).toContain('Admin'),
    },
    loadAvailablePermissions: {
      call: ({ api }) => api.teams.loadAvailablePermissions(),
      // The store reads `{ items }` here too, but the same route answers `api.roles.getPermissions`, which the roles page
      // reads as an array, as Frontegg's reference answers it: the array is kept.
    },
    loadStats: { call: ({ api }) => api.teams.loadStats() },
    getTemporaryUserConfiguration: { call: ({ api }) => api.teams.getTemporaryUserConfiguration() },
    updateUserExpirationTime: {
      environmentWide: 'temporary users enabled',
      call: async ({ api, member, vendor }) => {
        await vendor.PUT('/identity/resources/users/temporary/v1/configuration', { body: { enabled: true } } as never);
        return api.teams.updateUserExpirationTime({ userId: (await member()).id, expirationInSeconds: 600 });
      },
    },
    setPermanentUser: {
      environmentWide: 'temporary users enabled',
      call: async ({ api, member, vendor }) => {
        await vendor.PUT('/identity/resources/users/temporary/v1/configuration', { body: { enabled: true } } as never);
        const { id } = await member();
        await api.teams.updateUserExpirationTime({ userId: id, expirationInSeconds: 600 });
        return api.teams.setPermanentUser(id);
      },
    },
    getInviteLinkConfiguration: { call: ({ api }) => api.teams.getInviteLinkConfiguration() },
    createInviteUserLink: { call: ({ api }) => api.teams.createInviteUserLink({ expiresInMinutes: 60, shouldSendEmail: false }) },
    createInviteUserLinkV2: { call: ({ api }) => api.teams.createInviteUserLinkV2({ expiresInMinutes: 60, shouldSendEmail: false, roleIds: [] }) },
    getInviteUserLink: {
      call: async ({ api }) => {
        await api.teams.createInviteUserLink({ expiresInMinutes: 60, shouldSendEmail: false });
        return api.teams.getInviteUserLink();
      },
    },
    updateInviteUserLink: {
      call: async ({ api }) => {
        await api.teams.createInviteUserLink({ expiresInMinutes: 60, shouldSendEmail: false });
        return api.teams.updateInviteUserLink({ expiresInMinutes: 120 });
      },
    },
    deleteInviteUserLink: {
      call: async ({ api }) => {
        await api.teams.createInviteUserLink({ expiresInMinutes: 60, shouldSendEmail: false });
        return api.teams.deleteInviteUserLink();
      },
    },
  },

  vendor: { getVendorPublicInfo: { call: ({ api }) => api.vendor.getVendorPublicInfo() } },
  featureFlags: { loadFeatureFlags: { call: ({ api }) => api.featureFlags.loadFeatureFlags() } },
  metadata: {
    // An account's own look of the login box (the store's custom login): with hosted login.
    getAdminBoxMetadata: { planned: "an account's own login-box look, custom login (with hosted login, issue 23)" },
    getSamlMetadata: { call: ({ api }) => api.metadata.getSamlMetadata() },
    updateAdminBoxMetadata: { planned: "an account's own login-box look, custom login (with hosted login, issue 23)" },
    // Private in the `.d.ts`: getSamlMetadata and the other named reads call it.
    getMetadata: {
      call: ({ api }) => (api.metadata as unknown as { getMetadata(query: { entityName: string }): Promise<unknown> }).getMetadata({ entityName: 'saml' }),
    },
    getIpMetadata: { outside: "Frontegg's IP geolocation service" },
    getCurrentUserIpMetadata: { outside: "Frontegg's IP geolocation service" },
    getIpAdressMetadata: { outside: "Frontegg's IP geolocation service" },
    getNotificationsMetadata: { outside: "Frontegg's notifications service" },
    getAuditsMetadata: { outside: "Frontegg's audits service" },
  },
};

/** The securityPolicy module is the same functions as auth's security-policy ones. */
for (const name of Object.keys(catalog.auth ?? {})) {
  if (/Policy|Restriction|testCurrentIp/.test(name)) {
    const entry = catalog.auth?.[name];
    if (entry && 'call' in entry) {
      catalog.securityPolicy ??= {};
      const securityPolicy = catalog.securityPolicy;
      securityPolicy[name] = {
        ...entry,
        call: (scenario) => entry.call({ ...scenario, api: { ...scenario.api, auth: scenario.api.securityPolicy as unknown as FronteggApiClient['auth'] } }),
      };
    }
  }
}

/** What nestegg does with `api.<module>.<name>`, or undefined when the catalog does not say. */
export function entryFor(module: Module, name: string): Entry | undefined {
  const explicit = catalog[module]?.[name];
  if (explicit) return explicit;
  return rules.find((rule) => (!rule.module || rule.module === module) && rule.pattern.test(name))?.entry;
}

/** The SDK's own request helpers, present on every module: not API functions. */
const BASE_METHODS = new Set(['get', 'post', 'patch', 'put', 'delete', 'postDownload', 'extractHeadersFromOptions']);

/** Every function of `api.*`, as module and name, in the SDK's order. */
export function sdkFunctions(api: FronteggApiClient): { module: Module; name: string }[] {
  const functions: { module: Module; name: string }[] = [];
  for (const [module, client] of Object.entries(api) as [Module, object][]) {
    const names = new Set<string>();
    for (let proto: object | null = client; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name !== 'constructor' && !BASE_METHODS.has(name) && typeof (client as Record<string, unknown>)[name] === 'function') names.add(name);
      }
    }
    for (const name of names) functions.push({ module, name });
  }
  return functions;
}
