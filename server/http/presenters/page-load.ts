import type { AuthStrategies, MetadataRow, VendorPublicInfo } from '../../services/page-load';
import { BUILT_IN_POLICY_ID, BUILT_IN_POLICY_TIME } from '../../services/policy-levels';
import type { Schema } from './schema';

export function toFeatureFlags(flags: Record<string, 'on' | 'off'>): Schema<'FeatureFlags'> {
  return { ...flags };
}

/**
 * Rows of stored configuration. None is stored yet: a row nestegg answers by default has the built-in
 * id and the epoch as its times, as built-in security policies do.
 */
export function toMetadataRows(rows: MetadataRow[], vendorId: string): Schema<'MetadataRows'> {
  return {
    rows: rows.map((row) => ({
      id: BUILT_IN_POLICY_ID,
      vendorId,
      entityName: row.entityName,
      ...(row.isActive === undefined ? {} : { isActive: row.isActive }),
      configuration: row.configuration,
      properties: [],
      createdAt: BUILT_IN_POLICY_TIME.toISOString(),
      updatedAt: BUILT_IN_POLICY_TIME.toISOString(),
    })),
  };
}

export function toVendorPublicInfo(info: VendorPublicInfo): Schema<'VendorPublicInfo'> {
  // No third party's brand is shown on nestegg's login pages.
  return { name: info.name, logo: info.logoUrl, icon: info.iconUrl, whiteLabelMode: true };
}

export function toSsoPublicConfiguration(offered: boolean): Schema<'SsoPublicConfiguration'> {
  return { isActive: offered };
}

export function toAuthStrategiesConfig(strategies: AuthStrategies): Schema<'AuthStrategiesConfig'> {
  return {
    mainAuthStrategies: strategies.mainAuthStrategies.map(({ strategy }) => ({ strategy })),
    secondaryAuthStrategies: strategies.secondaryAuthStrategies.map(({ strategy, isActive }) => ({ strategy, isActive })),
  };
}
