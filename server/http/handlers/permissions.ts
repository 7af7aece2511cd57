import { roleActor } from '../caller';
import type { Handler } from '../operations';
import { toPermission, toPermissionCategory } from '../presenters/role';

/** Permissions and their categories, and the roles that hold a permission (the role side is in roles.ts). */

/** GET /identity/resources/permissions/v1 */
export const listPermissions: Handler<'listPermissions'> = async ({ caller, services }) => {
  return { status: 200, body: (await services.permissions.list({ tenantId: roleActor(caller).tenantId })).map(toPermission) };
};

/** POST /identity/resources/permissions/v1 */
export const createPermissions: Handler<'createPermissions'> = async ({ body, services }) => {
  return { status: 201, body: (await services.permissions.createMany(body)).map(toPermission) };
};

/** PATCH /identity/resources/permissions/v1/{permissionId} */
export const updatePermission: Handler<'updatePermission'> = async ({ params, body, services }) => {
  return { status: 200, body: toPermission(await services.permissions.update(params.permissionId, body)) };
};

/** DELETE /identity/resources/permissions/v1/{permissionId} */
export const deletePermission: Handler<'deletePermission'> = async ({ params, services }) => {
  await services.permissions.remove(params.permissionId);
  return { status: 204, body: undefined };
};

/** PUT /identity/resources/permissions/v1/{permissionId}/roles */
export const setPermissionRoles: Handler<'setPermissionRoles'> = async ({ params, body, caller, services }) => {
  return { status: 200, body: toPermission(await services.permissions.addToRoles(params.permissionId, body.roleIds, roleActor(caller))) };
};

/** PUT /identity/resources/permissions/v1/classification */
export const classifyPermissions: Handler<'classifyPermissions'> = async ({ body, services }) => {
  return { status: 200, body: (await services.permissions.classify(body.permissionIds, body.type)).map(toPermission) };
};

/** GET /identity/resources/permissions/v1/categories */
export const listPermissionCategories: Handler<'listPermissionCategories'> = async ({ services }) => {
  return { status: 200, body: (await services.permissions.listCategories()).map(toPermissionCategory) };
};

/** POST /identity/resources/permissions/v1/categories */
export const createPermissionCategory: Handler<'createPermissionCategory'> = async ({ body, services }) => {
  return { status: 201, body: toPermissionCategory(await services.permissions.createCategory(body)) };
};

/** PATCH /identity/resources/permissions/v1/categories/{categoryId} */
export const updatePermissionCategory: Handler<'updatePermissionCategory'> = async ({ params, body, services }) => {
  return { status: 200, body: toPermissionCategory(await services.permissions.updateCategory(params.categoryId, body)) };
};

/** DELETE /identity/resources/permissions/v1/categories/{categoryId} */
export const deletePermissionCategory: Handler<'deletePermissionCategory'> = async ({ params, services }) => {
  await services.permissions.removeCategory(params.categoryId);
  return { status: 200, body: undefined };
};
