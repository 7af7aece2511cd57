import type { Handler } from '../operations';
import { toFeatureFlags } from '../presenters/page-load';

/** GET /flags */
export const getFeatureFlags: Handler<'getFeatureFlags'> = async ({ services }) => {
  return { status: 200, body: toFeatureFlags(services.pageLoad.featureFlags()) };
};
