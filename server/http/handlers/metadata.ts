import type { Handler } from '../operations';
import { toMetadataRows } from '../presenters/page-load';

/** GET /metadata?entityName=... */
export const getMetadata: Handler<'getMetadata'> = async ({ query, services }) => {
  return { status: 200, body: toMetadataRows(services.pageLoad.metadataRows(query.entityName), services.environment.id) };
};
