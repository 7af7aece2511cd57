import type { Config } from '../config';

/**
 * What the browser SDK reads on every page load, logged in or not, for features nestegg does not
 * have yet: each answer is the one an environment without that feature gives, so that the SDK
 * applies its own defaults. A feature that lands replaces its part here with its own service.
 */

/** Main login strategy: nestegg logs in by email and password. */
const MAIN_AUTH_STRATEGY = 'EmailAndPassword' as const;

/** The other login strategies the SDK knows; of them, only a username with its password is offered. */
const SECONDARY_AUTH_STRATEGIES = [
  'WebAuthnPlatform',
  'WebAuthnCrossPlatform',
  'SmsCode',
  'SmsCodeV2',
  'Passkeys',
  'UsernameAndPassword',
  'UsernameAndMagicLink',
  'UsernameAndCode',
  'UsernameAndSms',
] as const;

type SecondaryAuthStrategy = (typeof SECONDARY_AUTH_STRATEGIES)[number];

export interface AuthStrategies {
  mainAuthStrategies: { strategy: typeof MAIN_AUTH_STRATEGY }[];
  secondaryAuthStrategies: { strategy: SecondaryAuthStrategy; isActive: boolean }[];
}

export interface MetadataRow {
  entityName: string;
  isActive?: boolean;
  configuration: Record<string, unknown>;
}

export interface VendorPublicInfo {
  name: string;
  logoUrl: string;
  iconUrl: string;
}

export function createPageLoadService(config: Pick<Config, 'vendor'>) {
  return {
    /** Feature flags by name: none exist, so every flag the SDK asks about is off. */
    featureFlags(): Record<string, 'on' | 'off'> {
      return {};
    },

    /**
     * Stored configuration of one kind (`adminBox`, `saml`, ...): nothing is stored yet. The SDK takes
     * no row of `saml` for an error and asks twice more, half a second apart, before the page is
     * ready; an inactive row with no service-provider settings (empty, as the SDK's type has them)
     * gives it the same defaults at once.
     */
    metadataRows(entityName: string): MetadataRow[] {
      return entityName === 'saml' ? [{ entityName, isActive: false, configuration: { acsUrl: '', spEntityId: '' } }] : [];
    },

    vendorPublicInfo(): VendorPublicInfo {
      return { ...config.vendor };
    },

    /** Social login providers: none until social login exists. */
    socialLoginProviders(): never[] {
      return [];
    },

    /** Whether login pages offer SSO: not until SSO exists. */
    ssoOffered(): boolean {
      return false;
    },

    authStrategies(): AuthStrategies {
      return {
        mainAuthStrategies: [{ strategy: MAIN_AUTH_STRATEGY }],
        secondaryAuthStrategies: SECONDARY_AUTH_STRATEGIES.map((strategy) => ({ strategy, isActive: strategy === 'UsernameAndPassword' })),
      };
    },
  };
}
