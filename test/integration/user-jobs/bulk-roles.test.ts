import { randomUUID } from 'node:crypto';
import type { components } from '../../../generated/schema';
import { insertJob } from '../../../server/repositories/jobs';
import { BULK_ROLES_AT_ONCE } from '../../../server/services/bulk-roles';
import { asVendor, createTenant, createUser, login } from '../../support/fixtures';
import { ADMIN_ROLE_ID, READ_ONLY_ROLE_ID, USERS_ROLES, createRole, vendorIn } from '../../support/roles';
import { useTestServer, type TestServer } from '../../support/server';

const server = useTestServer();

const BULK = '/identity/resources/vendor-only/users/v1/{userId}/roles/bulk';
const STATUS = '/identity/resources/vendor-only/users/v1/bulk-roles/status/{taskId}';

type BulkRolesTaskStatus = components['schemas']['BulkRolesTaskStatus'];

/**
 * A user who is a member of `count` accounts (ReadOnly in each but the first). The memberships past
 * the first are written to the table: no route adds an existing user to an account yet.
 */
async function userInAccounts(server: TestServer, count: number) {
  const { client: vendor, token } = await asVendor(server);
  const tenants = [];
  for (let index = 0; index < count; index += 1) tenants.push(await createTenant(vendor));
  const user = await createUser(vendor, tenants[0].tenantId);
  for (const tenant of tenants.slice(1)) {
    await server.db('user_tenants').insert({ user_id: user.id, tenant_id: tenant.tenantId });
    await server.db('user_tenant_roles').insert({ user_id: user.id, tenant_id: tenant.tenantId, role_id: READ_ONLY_ROLE_ID });
  }
  const rolesIn = async (tenantId: string) =>
    (await vendorIn(server, token, tenantId).GET(USERS_ROLES, { params: { query: { ids: [user.id] } } })).data![0].roleIds.sort();
  return { vendor, token, user, tenantIds: tenants.map((tenant) => tenant.tenantId), rolesIn };
}

const path = (userId: string) => ({ params: { path: { userId } } });

describe('PATCH /identity/resources/vendor-only/users/v1/{userId}/roles/bulk', () => {
  it('changes the roles in the accounts named, at once, and the next token carries them', async () => {
    const { vendor, user, tenantIds, rolesIn } = await userInAccounts(server, 3);
    const global = await createRole(vendor, { level: 4 });
    const own = await createRole(vendor, { tenantId: tenantIds[1], level: 4 });
    const changed = await vendor.PATCH(BULK, {
      ...path(user.id),
      body: { addRoleIds: [global.id, own.id], removeRoleIds: [READ_ONLY_ROLE_ID], tenantIds: [tenantIds[1]] },
    });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toEqual({ userId: user.id, affectedTenants: 1, rolesAdded: [global.id, own.id], rolesRemoved: [READ_ONLY_ROLE_ID] });
    expect(await rolesIn(tenantIds[1])).toEqual([global.id, own.id].sort());
    expect(await rolesIn(tenantIds[2])).toEqual([READ_ONLY_ROLE_ID]);
    expect(await rolesIn(tenantIds[0])).toEqual([ADMIN_ROLE_ID]);

    const everywhere = await vendor.PATCH(BULK, { ...path(user.id), body: { addRoleIds: [global.id] } });
    expect(everywhere.data).toMatchObject({ affectedTenants: 3 });
    expect(everywhere.data!.taskId).toBeUndefined();
    for (const tenantId of tenantIds) expect(await rolesIn(tenantId)).toContain(global.id);
    const token = await login(server, user.email);
    const claims = JSON.parse(Buffer.from(token.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.roles).toEqual(expect.arrayContaining([global.key]));
  });

  it('answers 400 naming what is wrong, and changes nothing', async () => {
    const { vendor, user, tenantIds, rolesIn } = await userInAccounts(server, 2);
    const own = await createRole(vendor, { tenantId: tenantIds[0] });
    const stranger = await createTenant(vendor);
    const unknown = randomUUID();
    const cases: [object, string, string][] = [
      [{}, 'ER-02501', 'Name at least one role in addRoleIds or removeRoleIds'],
      [{ addRoleIds: [ADMIN_ROLE_ID, unknown, 'nope'] }, 'ER-03001', `No such role in this account: ${unknown}, nope`],
      [
        { addRoleIds: [ADMIN_ROLE_ID], tenantIds: [tenantIds[0], stranger.tenantId] },
        'ER-02502',
        `The user is not a member of these accounts: ${stranger.tenantId}`,
      ],
      [{ addRoleIds: [ADMIN_ROLE_ID, own.id] }, 'ER-02503', `Role ${own.id} belongs to one account and cannot be given in: ${tenantIds[1]}`],
    ];
    for (const [body, errorCode, message] of cases) {
      const refused = await vendor.PATCH(BULK, { ...path(user.id), body });
      expect(refused.response.status).toBe(400);
      expect(refused.error).toEqual({ errors: [message], errorCode });
    }
    expect(await rolesIn(tenantIds[0])).toEqual([ADMIN_ROLE_ID]);
    expect(await rolesIn(tenantIds[1])).toEqual([READ_ONLY_ROLE_ID]);
  });

  it('answers 404 for an unknown user, 400 for a malformed id, 401 with a user token or none', async () => {
    const { vendor, user } = await userInAccounts(server, 1);
    expect((await vendor.PATCH(BULK, { ...path(randomUUID()), body: { addRoleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(404);
    expect((await vendor.PATCH(BULK, { ...path('not-a-uuid'), body: { addRoleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(400);
    const { accessToken } = await login(server, user.email);
    const asUser = await server.client.PATCH(BULK, {
      ...path(user.id),
      body: { addRoleIds: [ADMIN_ROLE_ID] },
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(asUser.response.status).toBe(401);
    expect((await server.client.PATCH(BULK, { ...path(user.id), body: { addRoleIds: [ADMIN_ROLE_ID] } })).response.status).toBe(401);
  });
});

describe('bulk role changes in the background', () => {
  it(`above ${BULK_ROLES_AT_ONCE} accounts answers a task at once and changes every account; the status route follows it`, async () => {
    const { vendor, user, tenantIds, rolesIn } = await userInAccounts(server, BULK_ROLES_AT_ONCE + 2);
    const global = await createRole(vendor);
    const started = await vendor.PATCH(BULK, { ...path(user.id), body: { addRoleIds: [global.id], removeRoleIds: [READ_ONLY_ROLE_ID] } });
    expect(started.response.status).toBe(200);
    expect(started.data).toMatchObject({ userId: user.id, affectedTenants: tenantIds.length });
    const taskId = started.data!.taskId!;
    let status: BulkRolesTaskStatus | undefined;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      status = (await vendor.GET(STATUS, { params: { path: { taskId } } })).data;
      if (status?.status === 'Completed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toEqual({
      id: taskId,
      userId: user.id,
      status: 'Completed',
      totalTenants: tenantIds.length,
      processedTenants: tenantIds.length,
      addedRoleIds: [global.id],
      removedRoleIds: [READ_ONLY_ROLE_ID],
      errors: [],
    });
    for (const tenantId of tenantIds.slice(1)) expect(await rolesIn(tenantId)).toEqual([global.id]);
  });

  it('reports the accounts it could not change (CompletedWithErrors), and 404 for an unknown task', async () => {
    const { vendor, user, tenantIds, rolesIn } = await userInAccounts(server, 2);
    const gone = await createTenant(vendor);
    // A task as a process leaves it: one account the user has left since it was asked for.
    const taskId = randomUUID();
    const items = [tenantIds[1], gone.tenantId].map((tenantId) => ({ key: tenantId, input: { userId: user.id, tenantId, add: [ADMIN_ROLE_ID], remove: [] } }));
    await insertJob(server.db, { id: taskId, kind: 'bulk-roles' }, items);
    await server.services.jobs.resume();
    let status: BulkRolesTaskStatus | undefined;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      status = (await vendor.GET(STATUS, { params: { path: { taskId } } })).data;
      if (status?.status !== 'NotStarted' && status?.status !== 'InProgress') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toMatchObject({
      status: 'CompletedWithErrors',
      processedTenants: 2,
      errors: [{ message: `The user is no longer a member of account ${gone.tenantId}`, tenantId: gone.tenantId, details: 'ER-02505' }],
    });
    expect(await rolesIn(tenantIds[1])).toEqual([ADMIN_ROLE_ID, READ_ONLY_ROLE_ID].sort());
    expect((await vendor.GET(STATUS, { params: { path: { taskId: randomUUID() } } })).response.status).toBe(404);
    expect((await vendor.GET(STATUS, { params: { path: { taskId: 'nope' } } })).response.status).toBe(400);
  });
});
