import type { Handler } from '../operations';
import { toSsoPublicConfiguration } from '../presenters/page-load';

/** GET /team/resources/sso/v2/configurations/public */
export const getSsoPublicConfiguration: Handler<'getSsoPublicConfiguration'> = async ({ services }) => {
  return { status: 200, body: toSsoPublicConfiguration(services.pageLoad.ssoOffered()) };
};
