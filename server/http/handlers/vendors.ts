import type { Handler } from '../operations';
import { toVendorPublicInfo } from '../presenters/page-load';

/** GET /vendors/public */
export const getVendorPublicInfo: Handler<'getVendorPublicInfo'> = async ({ services }) => {
  return { status: 200, body: toVendorPublicInfo(services.pageLoad.vendorPublicInfo()) };
};
