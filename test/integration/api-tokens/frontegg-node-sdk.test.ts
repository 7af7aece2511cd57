import { accountWithMembers, ADMIN_ROLE_ID } from '../../support/roles';
import { useServerForFronteggSdk } from '../../support/frontegg-sdk';

/**
 * Frontegg's Node SDK validating our client-credentials tokens (tenantApiToken and userApiToken),
 * pointed at nestegg as in test/integration/auth/frontegg-node-sdk.test.ts.
 */
const sdk = useServerForFronteggSdk();

describe('@frontegg/client validates client-credentials tokens from nestegg', () => {
  it('accepts a tenantApiToken and a userApiToken, with their roles and permissions', async () => {
    const { tenant, admin, adminUser } = await accountWithMembers(sdk.server);
    const tenantToken = await admin.client.POST('/identity/resources/tenants/api-tokens/v2', { body: { roleIds: [ADMIN_ROLE_ID] } });
    const userToken = await admin.client.POST('/identity/resources/users/api-tokens/v1', { body: {} });
    const exchange = (clientId: string, secret: string) =>
      sdk.server.client.POST('/identity/resources/auth/v2/api-token', { body: { clientId, secret } }).then((answer) => answer.data!.access_token);
    const tenantJwt = await exchange(tenantToken.data!.clientId, tenantToken.data!.secret);
    const userJwt = await exchange(userToken.data!.clientId, userToken.data!.secret);

    const { IdentityClient } = await import('@frontegg/client');
    const identity = IdentityClient.getInstance();
    const tenantEntity = await identity.validateIdentityOnToken(tenantJwt, { roles: ['Admin'], permissions: ['fe.secure.write.users'] });
    expect(tenantEntity).toMatchObject({ sub: tenantToken.data!.clientId, type: 'tenantApiToken', tenantId: tenant.tenantId });
    const userEntity = await identity.validateIdentityOnToken(userJwt);
    expect(userEntity).toMatchObject({ sub: userToken.data!.clientId, type: 'userApiToken', tenantId: tenant.tenantId, userId: adminUser.id });
    await expect(identity.validateIdentityOnToken(tenantJwt, { roles: ['NoSuchRole'] })).rejects.toBeTruthy();
  });
});
