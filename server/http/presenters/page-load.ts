import type { AuthStrategies, MetadataRow, VendorPublicInfo } from '../../services/page-load';
import type { Schema } from './schema';

export function toFeatureFlags(flags: Record<string, 'on' | 'off'>): Schema<'FeatureFlags'> {
  return { ...flags };
}

export function toMetadataRows(rows: MetadataRow[]): Schema<'MetadataRows'> {
  return {
    rows: rows.map((row) => ({
      entityName: row.entityName,
      ...(row.isActive === undefined ? {} : { isActive: row.isActive }),
      configuration: row.configuration,
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
