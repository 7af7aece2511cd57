import { IMPERSONATION_PERMISSION } from '../../../server/db/migrations/20261128000300_impersonation';
import { PASSWORD, createTenant, createUser, login, uniqueEmail } from '../../support/fixtures';
import { REFRESH } from '../../support/roles';
import { useTestServer } from '../../support/server';
import { impersonate, impersonationAccount, impersonationClaims, withToken, IMPERSONATE } from './support';

/** What an impersonation token may not do: impersonate again, change credentials, leave its account. */
const server = useTestServer();

let vendorToken: string;
let tenantId: string;
let admin: { id: string; token: string };
let secondAdmin: { id: string; token: string };
let reader: { id: string; token: string };

beforeAll(async () => {
  ({ vendorToken, tenantId, admin, secondAdmin, reader } = await impersonationAccount(server));
});

describe('an impersonation token', () => {
  it('an impersonation token cannot impersonate again, nor be the actor token, nor change the password or emails (403)', async () => {
    // The second admin holds what the first holds, so may be impersonated; their token then holds the permission.
    const answer = await impersonate(server, admin.token, secondAdmin.id, { reason: 'chaining check' });
    expect(answer.response.status).toBe(201);
    const token = answer.data!.accessToken;
    expect(impersonationClaims(token).permissions).toContain(IMPERSONATION_PERMISSION.key);

    const chained = await impersonate(server, token, reader.id);
    expect(chained.response.status).toBe(403);
    expect(chained.error?.errorCode).toBe('ER-07202');
    const asActor = await withToken(server, admin.token).POST(IMPERSONATE, { body: { impersonatedUserId: reader.id, actorToken: token } });
    expect(asActor.response.status).toBe(403);
    expect(asActor.error?.errorCode).toBe('ER-07202');

    const password = await withToken(server, token).POST('/identity/resources/users/v1/passwords/change', {
      body: { password: PASSWORD, newPassword: `${PASSWORD} again` },
    });
    expect(password.response.status).toBe(403);
    expect(password.error?.errorCode).toBe('ER-07202');
    const email = await withToken(server, token).POST('/identity/resources/users/emails/v1', { body: { email: uniqueEmail() } });
    expect(email.response.status).toBe(403);
    // The user's own login still works with the unchanged password.
    expect((await login(server, (await server.db('users').where({ id: secondAdmin.id }).first('email')).email)).accessToken).toBeTruthy();
  });

  it('cannot mint credentials that would outlive it: access tokens and API tokens are refused (403)', async () => {
    const answer = await impersonate(server, admin.token, secondAdmin.id, { reason: 'credentials check' });
    const as = withToken(server, answer.data!.accessToken);
    const attempts = [
      await as.POST('/identity/resources/users/access-tokens/v1', { body: {} }),
      await as.POST('/identity/resources/tenants/access-tokens/v1', { body: {} }),
      await as.POST('/identity/resources/users/api-tokens/v1', { body: {} }),
      await as.POST('/identity/resources/tenants/api-tokens/v2', { body: {} }),
    ];
    expect(attempts.map((attempt) => [attempt.response.status, attempt.error?.errorCode])).toEqual(Array(4).fill([403, 'ER-07202']));
    // The impersonated user's own token may.
    expect((await withToken(server, secondAdmin.token).POST('/identity/resources/users/access-tokens/v1', { body: {} })).response.status).toBe(201);
  });

  it('an impersonated session stays in its account: no token for another account, no switch, and moves of the user leave it', async () => {
    const vendor = withToken(server, vendorToken);
    const second = await createTenant(vendor);
    const target = await createUser(vendor, tenantId);
    const added = await vendor.POST('/identity/resources/users/v2', { headers: { 'frontegg-tenant-id': second.tenantId }, body: { email: target.email } });
    expect(added.response.status).toBe(201);
    const answer = await impersonate(server, admin.token, target.id, { reason: 'stay in account' });
    expect(answer.response.status).toBe(201);
    const token = answer.data!.accessToken;
    const other = await withToken(server, token).POST('/identity/resources/users/v3/me/token', { body: { tenantId: second.tenantId } });
    expect(other.response.status).toBe(403);
    expect(other.error?.errorCode).toBe('ER-07202');
    const switched = await withToken(server, token).PUT('/identity/resources/users/v1/tenant', { body: { tenantId: second.tenantId } });
    expect(switched.response.status).toBe(403);
    // The environment moving every session of the user leaves the impersonated one where it is.
    const moved = await withToken(server, vendorToken).PUT('/identity/resources/users/v1/tenant', {
      headers: { 'frontegg-tenant-id': tenantId, 'frontegg-user-id': target.id },
      body: { tenantId: second.tenantId },
    });
    expect(moved.response.status).toBe(200);
    const refreshed = await server.client.POST(REFRESH, { body: { refreshToken: answer.data!.refreshToken } });
    expect(refreshed.response.status).toBe(201);
    expect(impersonationClaims(refreshed.data!.accessToken)).toMatchObject({ sub: target.id, tenantId, act: { sub: admin.id } });
    const movedAway = await server.client.POST(REFRESH, { body: { refreshToken: refreshed.data!.refreshToken, tenantId: second.tenantId } });
    expect(movedAway.response.status).toBe(401);
  });

  it('altered to drop its act claim is no token at all (401)', async () => {
    const answer = await impersonate(server, admin.token, reader.id);
    const [header, , signature] = answer.data!.accessToken.split('.');
    const claims = impersonationClaims(answer.data!.accessToken);
    delete claims.act;
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const refused = await withToken(server, forged).POST('/identity/resources/users/v1/passwords/change', {
      body: { password: PASSWORD, newPassword: `${PASSWORD} again` },
    });
    expect(refused.response.status).toBe(401);
  });
});
