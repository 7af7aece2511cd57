import { BUILT_IN_CATEGORIES } from '../../server/db/migrations/20261126000000_authorization';
import { IMPERSONATION_PERMISSION } from '../../server/db/migrations/20261128000300_impersonation';
import { asVendor, createUser, login, tenantWithUser, uniqueEmail } from '../support/fixtures';
import { bulkInvite } from '../support/invitations';
import { createGroup } from '../support/groups';
import { acceptsEnvironment, acceptsUser, fill, sampleBody, send, specOperationList, type SpecOperation } from '../support/operations';
import { asUser, createRole } from '../support/roles';
import { useTestServer } from '../support/server';

/**
 * The authorization matrix, generated from the spec: for every operation and every kind of caller,
 * exactly the expected allow or deny. "Allowed" means the request got past authentication and the
 * permission check (any answer but 401 and 403); path parameters are random, so it may well be a 404.
 */
const server = useTestServer();

// The built-ins of the authorization migration, and those later migrations added (to the Admin role).
const BUILT_IN = [...BUILT_IN_CATEGORIES.flatMap((category) => category.permissions.map((permission) => permission.key)), IMPERSONATION_PERMISSION.key];
const ADMIN = [...BUILT_IN].sort();
const READ_ONLY = BUILT_IN.filter((key) => key.split('.')[2] === 'read').sort();

interface Callers {
  vendor: string;
  admin: string;
  readOnly: string;
  /** A member whose only role was taken away: they hold no permission at all. */
  noRoles: string;
}
let callers: Callers;
/** The members' emails, to log them in afresh: on a loaded host the checks can outlast a 300 s access token. */
let emails: Omit<Callers, 'vendor'>;
let loggedInAt = 0;
const freshMemberTokens = async () => {
  for (const kind of ['admin', 'readOnly', 'noRoles'] as const) callers[kind] = (await login(server, emails[kind])).accessToken;
  loggedInAt = Date.now();
};
/** How long the members' tokens are used before they log in again (their access tokens live 300 s). */
const TOKEN_REUSE_MS = 120_000;

/**
 * Ids of things that belong to another account, by path parameter. Every path parameter of a route a
 * member may call must be named here (or in ENVIRONMENT_WIDE), so a new route cannot slip past the
 * cross-account check below.
 */
let foreignIds: Record<string, string>;
/**
 * Path parameters that name environment-wide things (applications, permissions): a member names them
 * to act in their own account, where they see only that account's part (tested with each route).
 */
const ENVIRONMENT_WIDE = new Set(['appId', 'permissionId']);
const accountOwnedParameters = (route: string) => [...route.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).filter((name) => !ENVIRONMENT_WIDE.has(name));
const foreignId = (route: string, name: string): string => {
  if (name === 'id' && route.startsWith('/identity/resources/groups/')) return foreignIds.groupId;
  if (name === 'id' && route.startsWith('/identity/resources/users/bulk/')) return foreignIds.bulkInviteId;
  if (name === 'id' && route.startsWith('/identity/resources/tenants/invites/')) return foreignIds.tenantInviteId;
  if (name === 'id' && route.startsWith('/identity/resources/configurations/restrictions/')) return foreignIds.domainRestrictionId;
  if (name === 'id' && route.startsWith('/identity/resources/configurations/v1/restrictions/ip/')) return foreignIds.ipRestrictionId;
  if (name === 'id' && route.startsWith('/identity/resources/users/sessions/')) return foreignIds.sessionId;
  if (name === 'id' && route.startsWith('/identity/resources/tenants/access-tokens/')) return foreignIds.tenantAccessTokenId;
  if (name === 'id' && route.startsWith('/identity/resources/users/access-tokens/')) return foreignIds.userAccessTokenId;
  if (name === 'id' && route.startsWith('/identity/resources/tenants/api-tokens/')) return foreignIds.tenantApiTokenId;
  if (name === 'id' && route.startsWith('/identity/resources/users/api-tokens/')) return foreignIds.userApiTokenId;
  const id = foreignIds[name];
  if (id === undefined) throw new Error(`no id of another account for {${name}} in ${route}: add one to the cross-account fixture`);
  return id;
};

function decode(token: string): { roles: string[]; permissions: string[] } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

beforeAll(async () => {
  const { vendor, tenant, user: first } = await tenantWithUser(server);
  const second = await createUser(vendor, tenant.tenantId);
  const third = await createUser(vendor, tenant.tenantId);
  const unassigned = await vendor.DELETE('/identity/resources/users/v1/{userId}/roles', {
    params: { path: { userId: third.id }, header: { 'frontegg-tenant-id': tenant.tenantId } },
    body: { roleIds: third.roles.map((role) => role.id) },
  });
  if (unassigned.response.status !== 200) throw new Error(`taking roles away failed: ${unassigned.response.status}`);
  emails = { admin: first.email, readOnly: second.email, noRoles: third.email };
  callers = {
    vendor: (await asVendor(server)).token,
    admin: (await login(server, first.email)).accessToken,
    readOnly: (await login(server, second.email)).accessToken,
    noRoles: (await login(server, third.email)).accessToken,
  };
  loggedInAt = Date.now();

  const other = await tenantWithUser(server);
  const otherLogin = await login(server, other.user.email);
  const otherAdmin = asUser(server, otherLogin.accessToken);
  const foreignEmail = await other.vendor.POST('/identity/resources/users/emails/v1/vendor/{userId}', {
    params: { path: { userId: other.user.id } },
    body: { email: `other-${other.user.id}@example.com`, isVerified: true },
  });
  const foreignUsername = `other.${other.user.id.slice(0, 8)}`;
  const named = await otherAdmin.POST('/identity/resources/usernames/v1', { body: { username: foreignUsername } });
  if (foreignEmail.response.status !== 201 || named.response.status !== 201) throw new Error("the other account's email or username failed");
  const foreignInvite = await otherAdmin.POST('/identity/resources/tenants/invites/v1/user', { body: { expiresInMinutes: 60, shouldSendEmail: false } });
  if (foreignInvite.response.status !== 201) throw new Error("the other account's invitation token failed");
  foreignIds = {
    userId: other.user.id,
    roleId: (await createRole(other.vendor, { tenantId: other.tenant.tenantId })).id,
    groupId: (await createGroup(otherAdmin)).id,
    tenantId: other.tenant.tenantId,
    bulkInviteId: await bulkInvite(otherAdmin, [{ email: uniqueEmail(), skipInviteEmail: true }]),
    emailId: foreignEmail.data!.id,
    username: foreignUsername,
    tenantInviteId: foreignInvite.data!.id,
    domainRestrictionId: (
      await otherAdmin.POST('/identity/resources/configurations/restrictions/v1/email-domain', { body: { domain: 'other-account.example', type: 'BLOCK' } })
    ).data!.id,
    ipRestrictionId: (await otherAdmin.POST('/identity/resources/configurations/v1/restrictions/ip', { body: { ip: '192.0.2.0/24', strategy: 'BLOCK' } })).data!
      .id,
    sessionId: (JSON.parse(Buffer.from(otherLogin.accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid,
    tenantAccessTokenId: (await otherAdmin.POST('/identity/resources/tenants/access-tokens/v1', { body: {} })).data!.id,
    userAccessTokenId: (await otherAdmin.POST('/identity/resources/users/access-tokens/v1', { body: {} })).data!.id,
    tenantApiTokenId: (await otherAdmin.POST('/identity/resources/tenants/api-tokens/v2', { body: {} })).data!.clientId,
    userApiTokenId: (await otherAdmin.POST('/identity/resources/users/api-tokens/v1', { body: {} })).data!.clientId,
  };
});

const allowed = (status: number) => status !== 401 && status !== 403;

beforeEach(async () => {
  if (Date.now() - loggedInAt >= TOKEN_REUSE_MS) await freshMemberTokens();
});

describe('built-in roles', () => {
  it('every permission an operation asks for is in the built-in catalogue', () => {
    const unknown = specOperationList.flatMap((operation) => operation.permissions.filter((key) => !BUILT_IN.includes(key)));
    expect(unknown).toEqual([]);
  });

  it("an account's first member is Admin with every built-in permission; later members are ReadOnly", () => {
    expect(decode(callers.admin)).toMatchObject({ roles: ['Admin'], permissions: ADMIN });
    expect(decode(callers.readOnly)).toMatchObject({ roles: ['ReadOnly'], permissions: READ_ONLY });
    expect(decode(callers.noRoles)).toMatchObject({ roles: [], permissions: [] });
  });
});

const memberRoutesWithIds = specOperationList.filter((operation) => acceptsUser(operation) && accountOwnedParameters(operation.route).length > 0);

// Before the matrix below: it ends by deleting the callers' own account, and on a loaded host it
// can outlast the admin's access token (300 s).
describe("another account's ids", () => {
  describe.each(memberRoutesWithIds)('$method $route ($operationId)', (operation: SpecOperation) => {
    it("an admin of one account is answered 404 (or 403) for the ids of another account's things, with a valid body", async () => {
      const route = fill(operation.route, (name) => foreignId(operation.route, name));
      const result = await send(server.url, operation, { token: callers.admin, route, body: sampleBody(operation) });
      expect([403, 404]).toContain(result.status);
    });
  });
});

// Destructive operations on the caller's own account ("delete current") run last, so they do not
// take the account from under the other checks.
const ordered = [...specOperationList].sort(
  (a, b) => Number(a.route.includes('{') === false && a.method === 'delete') - Number(b.route.includes('{') === false && b.method === 'delete'),
);

describe('every operation and caller', () => {
  beforeAll(freshMemberTokens);

  describe.each(ordered.filter((operation) => operation.schemes.length > 0))('$method $route ($operationId)', (operation: SpecOperation) => {
    it('the environment token passes where the operation takes it, and only there', async () => {
      const result = await send(server.url, operation, { token: callers.vendor, body: '{}' });
      expect(allowed(result.status)).toBe(acceptsEnvironment(operation));
    });

    it('a read-only member passes only with every permission the operation asks for', async () => {
      const result = await send(server.url, operation, { token: callers.readOnly, body: '{}' });
      const expected = acceptsUser(operation) && operation.permissions.every((key) => READ_ONLY.includes(key));
      expect(allowed(result.status)).toBe(expected);
      if (acceptsUser(operation) && !expected) expect(result.status).toBe(403);
    });

    it('a member with no roles passes only where the operation asks for no permission', async () => {
      const result = await send(server.url, operation, { token: callers.noRoles, body: '{}' });
      const expected = acceptsUser(operation) && operation.permissions.length === 0;
      expect(allowed(result.status)).toBe(expected);
      if (acceptsUser(operation) && !expected) expect(result.status).toBe(403);
    });

    it('an admin passes wherever the operation takes a user token', async () => {
      const result = await send(server.url, operation, { token: callers.admin, body: '{}' });
      expect(allowed(result.status)).toBe(acceptsUser(operation));
    });
  });
});

// Sign-up is public: no credentials and no permission, and a token, of any kind, changes nothing.
const SIGN_UP_OPERATIONS = ['signUpUser', 'signUpUserWithUsername', 'signUpUserWithPhoneNumber', 'getSignUpStrategies'];

describe.each(specOperationList.filter((operation) => SIGN_UP_OPERATIONS.includes(operation.operationId)))(
  'public sign-up: $method $route ($operationId)',
  (operation: SpecOperation) => {
    it('declares no security and no permission, and passes for anyone', async () => {
      expect(operation.schemes).toEqual([]);
      expect(operation.permissions).toEqual([]);
      for (const token of [undefined, callers.noRoles, callers.vendor]) {
        const result = await send(server.url, operation, { token, body: '{}' });
        expect(allowed(result.status)).toBe(true);
      }
    });
  },
);
