import type { Services } from '../../services';
import type { EnvironmentSettings } from '../../services/environment';
import type { Handler } from '../operations';
import { toMemberVendorConfig, toPublicVendorConfig, toVendorConfig, toVendorConfigBasic } from '../presenters/settings';
import { toAuthStrategiesConfig } from '../presenters/page-load';

/** The full configuration: the settings, the public key that signs now and the HS256 secret. */
async function vendorConfig(services: Services, settings: EnvironmentSettings) {
  const key = await services.keys.activeKey();
  return toVendorConfig(services.environment.id, settings, key.publicKeyPem, await services.environment.jwtSecret());
}

/** GET /identity/resources/configurations/v1 (a user token: the member's view, without secrets) */
export const getVendorConfig: Handler<'getVendorConfig'> = async ({ caller, services }) => {
  if (caller.kind !== 'user') return { status: 200, body: await vendorConfig(services, await services.environment.settings()) };
  const [configuration, key] = await Promise.all([services.environment.settingsWithTimes(), services.keys.activeKey()]);
  return { status: 200, body: toMemberVendorConfig(services.environment.id, configuration, key.publicKeyPem) };
};

/** POST /identity/resources/configurations/v1 */
export const addOrUpdateVendorConfig: Handler<'addOrUpdateVendorConfig'> = async ({ body, services }) => {
  return { status: 201, body: await vendorConfig(services, await services.environment.configure(body)) };
};

/** GET /identity/resources/configurations/v1/basic */
export const getVendorConfigBasic: Handler<'getVendorConfigBasic'> = async ({ services }) => {
  return { status: 200, body: toVendorConfigBasic(await services.environment.settings()) };
};

/** GET /identity/resources/configurations/v1/public */
export const getPublicVendorConfig: Handler<'getPublicVendorConfig'> = async ({ services }) => {
  return { status: 200, body: toPublicVendorConfig(await services.environment.settings()) };
};

/** GET /identity/resources/configurations/v1/auth/strategies/public */
export const getVendorPublicAuthStrategiesConfig: Handler<'getVendorPublicAuthStrategiesConfig'> = async ({ services }) => {
  return { status: 200, body: toAuthStrategiesConfig(services.pageLoad.authStrategies()) };
};

/** GET /identity/resources/configurations/v1/auth/strategies */
export const getAuthStrategiesConfig: Handler<'getAuthStrategiesConfig'> = async ({ services }) => {
  return { status: 200, body: toAuthStrategiesConfig(services.pageLoad.authStrategies()) };
};
