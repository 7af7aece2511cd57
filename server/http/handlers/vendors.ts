import type { Handler } from '../operations';
import { toVendorPublicInfo } from '../presenters/page-load';
import { toVendor } from '../presenters/settings';

/** GET /vendors/public */
export const getVendorPublicInfo: Handler<'getVendorPublicInfo'> = async ({ services }) => {
  return { status: 200, body: toVendorPublicInfo(services.pageLoad.vendorPublicInfo()) };
};

/** GET /vendors */
export const getVendor: Handler<'getVendor'> = async ({ services }) => {
  return { status: 200, body: toVendor(await services.environment.vendor()) };
};

/** PUT /vendors */
export const updateVendor: Handler<'updateVendor'> = async ({ body, services }) => {
  return { status: 200, body: toVendor(await services.environment.updateVendor(body)) };
};
