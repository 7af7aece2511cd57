import { DomainError, defineErrors } from '../domain-error';

/** Who is calling: credentials, tokens, the permissions they carry, and the acting user and account. */
export default defineErrors(
  'ER-010xx',
  {
    unauthenticated: () => new DomainError('unauthenticated', 'ER-01000', 'Failed to verify authentication'),
    /** A client id and secret that do not match: the environment's (POST /auth/vendor) or an API token's. */
    invalidClientCredentials: () => new DomainError('unauthenticated', 'ER-01001', 'Invalid authentication'),
    invalidUserCredentials: () => new DomainError('unauthenticated', 'ER-01002', 'Incorrect email or password'),
    invalidRefreshToken: () => new DomainError('unauthenticated', 'ER-01003', 'Session expired or invalid, please log in again'),
    missingPermission: (permissions: string[]) => new DomainError('forbidden', 'ER-01004', `Insufficient permissions: ${permissions.join(', ')} required`),
    userLocked: () => new DomainError('forbidden', 'ER-01005', 'User is locked'),
    userHasNoTenant: () => new DomainError('forbidden', 'ER-01006', 'User is not an active member of any account'),
    userNotVerified: () => new DomainError('forbidden', 'ER-01007', 'User is not verified'),
    missingActingUser: () => new DomainError('invalid', 'ER-01009', 'frontegg-user-id and frontegg-tenant-id headers are required with an environment token'),
  },
  {
    // Frontegg answers ER-01008 when the account is not assigned to the requested application.
    'ER-01008': "login by username not enabled (usernameLoginDisabled); the code is Frontegg's, with another meaning",
  },
);
