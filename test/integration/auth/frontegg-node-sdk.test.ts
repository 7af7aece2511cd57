import { login, tenantWithUser } from '../../support/fixtures';
import { accountWithMembers, READ_ONLY_ROLE_ID } from '../../support/roles';
import { useServerForFronteggSdk } from '../../support/frontegg-sdk';

/**
 * Frontegg's own Node SDK, pointed at nestegg: it authenticates with the environment credentials,
 * fetches the public key from the configuration route and validates our access tokens.
 */
const sdk = useServerForFronteggSdk();

describe('@frontegg/client against nestegg', () => {
  it('validates an access token from our login and reads its claims', async () => {
    const { user, tenant } = await tenantWithUser(sdk.server);
    const session = await login(sdk.server, user.email);
    // The SDK finds nestegg and the credentials through the environment variables set above alone.
    const { IdentityClient } = await import('@frontegg/client');
    const identity = IdentityClient.getInstance();
    const entity = await identity.validateIdentityOnToken(session.accessToken);
    expect(entity).toMatchObject({ sub: user.id, tenantId: tenant.tenantId, type: 'userToken', email: user.email });
  });

  it('rejects a tampered token', async () => {
    const { user } = await tenantWithUser(sdk.server);
    const session = await login(sdk.server, user.email);
    const [header, payload, signature] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'), signature].join('.');
    const { IdentityClient } = await import('@frontegg/client');
    await expect(IdentityClient.getInstance().validateIdentityOnToken(tampered)).rejects.toBeTruthy();
  });

  it('validates our access tokens (x-api-key): active ids, then roles and permissions through the M2M routes', async () => {
    const { admin, tenant, readerUser, reader } = await accountWithMembers(sdk.server);
    const accountToken = (await admin.client.POST('/identity/resources/tenants/access-tokens/v1', { body: { roleIds: [READ_ONLY_ROLE_ID] } })).data!;
    const personal = (await reader.client.POST('/identity/resources/users/access-tokens/v1', { body: {} })).data!;
    const gone = (await admin.client.POST('/identity/resources/tenants/access-tokens/v1', { body: {} })).data!;
    await admin.client.DELETE('/identity/resources/tenants/access-tokens/v1/{id}', { params: { path: { id: gone.id } } });
    const { IdentityClient } = await import('@frontegg/client');
    const identity = IdentityClient.getInstance();

    // Without options the SDK asks for the live ids; with permissions, for the token's grants, and
    // checks them (its answer then keeps the JWT's placeholder roles on top).
    await expect(identity.validateIdentityOnToken(accountToken.secret!)).resolves.toMatchObject({
      sub: accountToken.id,
      type: 'tenantAccessToken',
      tenantId: tenant.tenantId,
    });
    await expect(identity.validateIdentityOnToken(accountToken.secret!, { permissions: ['fe.secure.read.users'] })).resolves.toMatchObject({
      sub: accountToken.id,
    });
    await expect(identity.validateIdentityOnToken(accountToken.secret!, { permissions: ['fe.secure.write.users'] })).rejects.toBeTruthy();
    await expect(identity.validateIdentityOnToken(personal.secret!, { permissions: ['fe.secure.read.users'] })).resolves.toMatchObject({
      sub: personal.id,
      type: 'userAccessToken',
      userId: readerUser.id,
    });
    await expect(identity.validateIdentityOnToken(personal.secret!, { permissions: ['fe.secure.write.users'] })).rejects.toBeTruthy();
    // A deleted token: its grants are a 404, which the SDK refuses.
    await expect(identity.validateIdentityOnToken(gone.secret!, { permissions: ['fe.secure.read.users'] })).rejects.toBeTruthy();
  });
});
