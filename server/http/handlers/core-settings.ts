import type { Handler } from '../operations';
import { toPublicVendorConfig, toVendorConfig } from '../presenters/settings';

/** GET /identity/resources/configurations/v1 */
export const getVendorConfig: Handler<'getVendorConfig'> = async ({ services }) => {
  const settings = await services.environment.settings();
  const key = await services.keys.activeKey();
  return { status: 200, body: toVendorConfig(services.environment.id, settings, key.publicKeyPem) };
};

/** GET /identity/resources/configurations/v1/public */
export const getPublicVendorConfig: Handler<'getPublicVendorConfig'> = async ({ services }) => {
  return { status: 200, body: toPublicVendorConfig(await services.environment.settings()) };
};
