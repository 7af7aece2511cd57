import { FIXED_SETTINGS, type EnvironmentSettings } from '../../services/environment';
import type { Schema } from './schema';

/** The settings both the environment and a member's Admin Portal read (the SDK's global security policy): no secret. */
function securityPolicyFields(id: string, settings: EnvironmentSettings, publicKey: string) {
  return {
    id,
    defaultTokenExpiration: settings.defaultTokenExpiration,
    defaultRefreshTokenExpiration: settings.defaultRefreshTokenExpiration,
    publicKey,
    cookieSameSite: settings.cookieSameSite,
    allowSignups: settings.allowSignups,
    apiTokensEnabled: settings.apiTokensEnabled,
    allowOverridePasswordComplexity: FIXED_SETTINGS.allowOverridePasswordComplexity,
    allowOverridePasswordExpiration: FIXED_SETTINGS.allowOverridePasswordExpiration,
    allowOverrideEnforcePasswordHistory: FIXED_SETTINGS.allowOverrideEnforcePasswordHistory,
  };
}

export function toVendorConfig(id: string, settings: EnvironmentSettings, publicKey: string, jwtSecret: string | undefined): Schema<'VendorConfig'> {
  return {
    ...securityPolicyFields(id, settings, publicKey),
    jwtAlgorithm: settings.jwtAlgorithm,
    jwtSecret: jwtSecret ?? '',
    allowNotVerifiedUsersLogin: settings.allowNotVerifiedUsersLogin,
    forcePermissions: settings.forcePermissions,
    authStrategy: settings.authStrategy,
    defaultPasswordlessTokenExpiration: FIXED_SETTINGS.defaultPasswordlessTokenExpiration,
    forceSameDeviceOnAuth: FIXED_SETTINGS.forceSameDeviceOnAuth,
    allowTenantInvitations: FIXED_SETTINGS.allowTenantInvitations,
    rotateRefreshTokens: settings.rotateRefreshTokens,
    machineToMachineAuthStrategy: settings.machineToMachineAuthStrategy,
    addRolesToJwt: settings.addRolesToJwt,
    addPermissionsToJwt: settings.addPermissionsToJwt,
    refreshTokensRotationLimit: settings.rotateRefreshTokens ? 1 : 0,
    addSamlAttributesToJwt: FIXED_SETTINGS.addSamlAttributesToJwt,
    allowCustomLoginTenantSwitch: FIXED_SETTINGS.allowCustomLoginTenantSwitch,
  };
}

/** What a member's Admin Portal reads of the settings (the SDK's global security policy): no secret. */
export function toMemberVendorConfig(
  id: string,
  { settings, createdAt, updatedAt }: { settings: EnvironmentSettings; createdAt: Date; updatedAt: Date },
  publicKey: string,
): Schema<'MemberVendorConfig'> {
  return { ...securityPolicyFields(id, settings, publicKey), createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
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

export function toVendorConfigBasic(settings: EnvironmentSettings): Schema<'VendorConfigBasic'> {
  return { forcePermissions: settings.forcePermissions, machineToMachineAuthStrategy: settings.machineToMachineAuthStrategy };
}

export function toVendor(vendor: { id: string; allowedOrigins: string[] }): Schema<'Vendor'> {
  return { id: vendor.id, allowedOrigins: vendor.allowedOrigins };
}
