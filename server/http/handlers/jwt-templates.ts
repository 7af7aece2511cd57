import type { JwtTemplateRow, TargetingRow } from '../../repositories/jwt-templates';
import type { Handler } from '../operations';
import { toPage } from '../presenters/pagination';

const ROUTE = '/identity/resources/jwt-templates/v1';
const SORT_COLUMNS = { createdAt: 'created_at', key: 'key', name: 'name' } as const;

const toTemplate = (row: JwtTemplateRow, vendorId: string) => ({
  id: row.id,
  vendorId,
  key: row.key,
  name: row.name,
  description: row.description,
  expiration: row.expiration,
  algorithm: row.algorithm,
  templateSchema: { claims: row.claims },
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

const toTargeting = (row: TargetingRow) => ({
  id: row.id,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  targeting: { rules: row.rules.map((rule) => ({ ...rule })) },
});

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** POST /identity/resources/jwt-templates/v1 */
export const createJwtTemplate: Handler<'createJwtTemplate'> = async ({ body, services }) => {
  return { status: 201, body: toTemplate(await services.jwtTemplates.create(body), services.environment.id) };
};

/** GET /identity/resources/jwt-templates/v1 */
export const getJwtTemplates: Handler<'getJwtTemplates'> = async ({ query, services }) => {
  const { _limit: limit = 50, _offset: page = 0, _sortBy: sortBy = 'createdAt', _order: order = 'ASC', keys, ids } = query;
  const { rows, total } = await services.jwtTemplates.list(
    { page, limit },
    { keys: list(keys), ids: list(ids) },
    { sortBy: SORT_COLUMNS[sortBy], order: order === 'DESC' ? 'desc' : 'asc' },
  );
  const items = rows.map((row) => toTemplate(row, services.environment.id));
  return { status: 200, body: toPage(items, { page, limit, total }, ROUTE, { keys, ids, _sortBy: sortBy, _order: order }) };
};

/** GET /identity/resources/jwt-templates/v1/{id} */
export const getJwtTemplate: Handler<'getJwtTemplate'> = async ({ params, services }) => {
  return { status: 200, body: toTemplate(await services.jwtTemplates.get(params.id), services.environment.id) };
};

/** PUT /identity/resources/jwt-templates/v1/{id} */
export const updateJwtTemplate: Handler<'updateJwtTemplate'> = async ({ params, body, services }) => {
  return { status: 200, body: toTemplate(await services.jwtTemplates.update(params.id, body), services.environment.id) };
};

/** DELETE /identity/resources/jwt-templates/v1/{id} */
export const deleteJwtTemplate: Handler<'deleteJwtTemplate'> = async ({ params, services }) => {
  await services.jwtTemplates.remove(params.id);
  return { status: 204, body: undefined };
};

/** GET /identity/resources/configurations/v1/jwt-template-targeting */
export const getJwtTemplateTargeting: Handler<'getJwtTemplateTargeting'> = async ({ services }) => {
  return { status: 200, body: toTargeting(await services.jwtTemplates.targeting()) };
};

/** POST /identity/resources/configurations/v1/jwt-template-targeting */
export const createJwtTemplateTargeting: Handler<'createJwtTemplateTargeting'> = async ({ body, services }) => {
  return { status: 201, body: toTargeting(await services.jwtTemplates.createTargeting(body.rules ?? [])) };
};

/** PUT /identity/resources/configurations/v1/jwt-template-targeting */
export const updateJwtTemplateTargeting: Handler<'updateJwtTemplateTargeting'> = async ({ body, services }) => {
  await services.jwtTemplates.replaceTargeting(body.rules ?? []);
  return { status: 200, body: undefined };
};

/** PATCH /identity/resources/configurations/v1/jwt-template-targeting/{id} */
export const patchJwtTemplateTargeting: Handler<'patchJwtTemplateTargeting'> = async ({ params, body, services }) => {
  await services.jwtTemplates.patchTargeting(params.id, body.rules);
  return { status: 200, body: undefined };
};

/** DELETE /identity/resources/configurations/v1/jwt-template-targeting/{id} */
export const deleteJwtTemplateTargeting: Handler<'deleteJwtTemplateTargeting'> = async ({ params, services }) => {
  await services.jwtTemplates.removeTargeting(params.id);
  return { status: 200, body: undefined };
};
