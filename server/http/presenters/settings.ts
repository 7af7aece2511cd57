import type { EnvironmentSettings } from '../../services/environment';
import type { Schema } from './schema';

export function toVendorConfig(id: string, settings: EnvironmentSettings, publicKey: string): Schema<'VendorConfig'> {
  return {
    id,
    defaultTokenExpiration: settings.defaultTokenExpiration,
    defaultRefreshTokenExpiration: settings.defaultRefreshTokenExpiration,
    publicKey,
    cookieSameSite: settings.cookieSameSite,
    jwtAlgorithm: settings.jwtAlgorithm,
    rotateRefreshTokens: settings.rotateRefreshTokens,
    allowSignups: settings.allowSignups,
    allowNotVerifiedUsersLogin: settings.allowNotVerifiedUsersLogin,
  };
}

export function toPublicVendorConfig(settings: EnvironmentSettings): Schema<'PublicVendorConfig'> {
  return {
    allowSignups: settings.allowSignups,
    allowNotVerifiedUsersLogin: settings.allowNotVerifiedUsersLogin,
    apiTokensEnabled: settings.apiTokensEnabled,
    forcePermissions: settings.forcePermissions,
    authStrategy: settings.authStrategy,
    machineToMachineAuthStrategy: settings.machineToMachineAuthStrategy,
  };
}
