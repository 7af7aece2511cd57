import { VENDOR_TOKEN_LIFETIME } from '../../services/environment';
import type { Handler } from '../operations';

/** POST /auth/vendor */
export const authenticateVendor: Handler<'authenticateVendor'> = async ({ body, services }) => {
  await services.environment.checkCredentials(body.clientId, body.secret);
  const { token, expiresIn } = await services.tokens.sign({ vendorId: services.environment.id, scopes: [], type: 'vendor' }, VENDOR_TOKEN_LIFETIME);
  return { status: 200, body: { token, expiresIn } };
};
