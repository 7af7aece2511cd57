/**
 * Lookups that the role, permission and member-role services share: ids named in a request, and
 * what an acting member may hand on.
 */

import type { Db } from '../db/knex';
import { isUuid } from '../lib/ids';
import { findMemberRoleIds } from '../repositories/grants';
import { findPermissions, findPermissionsOfRoles, type PermissionRow } from '../repositories/permissions';
import { findRoles, type RoleRow, type RoleView } from '../repositories/roles';
import type { EnvironmentService } from './environment';
import { errors } from './errors';
import { groupGrants } from './auth';

/** A call that acts in one account; `userId` is the member acting, when a user (not the environment) calls. */
export interface AccountActor {
  tenantId: string;
  userId?: string;
}

/** Rows in the order of `ids`. */
export function inOrder<Row extends { id: string }>(ids: string[], rows: Row[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The roles among `ids` the view sees, in that order, held until the transaction ends (a concurrent
 * delete waits); any other id (not a UUID, unknown, another account's) is a 400 that names it.
 */
export async function requireRoles(db: Db, ids: string[], view: RoleView): Promise<RoleRow[]> {
  const unique = [...new Set(ids)];
  const found = await findRoles(db, unique.filter(isUuid), view, { hold: true });
  const missing = unique.filter((id) => !found.some((role) => role.id === id));
  if (missing.length > 0) throw errors.rolesNotFound(missing);
  return inOrder(unique, found);
}

/** What a member may hand on: roles at their strongest level (`undefined` when they hold none) or weaker, and the permissions they hold. */
export interface MemberAuthority {
  level?: number;
  permissionIds: Set<string>;
}

/** The member's authority, from the roles their tokens carry (given directly and through groups). */
export async function memberAuthority(db: Db, environment: EnvironmentService, actor: Required<AccountActor>): Promise<MemberAuthority> {
  const roleIds = await findMemberRoleIds(db, actor.userId, actor.tenantId, groupGrants(await environment.settings()));
  const roles = await findRoles(db, roleIds, {});
  const permissions = await findPermissionsOfRoles(db, roleIds, {});
  const levels = roles.map((role) => role.level);
  return {
    level: levels.length > 0 ? Math.min(...levels) : undefined,
    permissionIds: new Set(permissions.map((permission) => permission.id)),
  };
}

/** Throws unless the member may give or take each role: none may be stronger than the member's strongest. */
export function assertNoElevation(authority: MemberAuthority, roles: Pick<RoleRow, 'key' | 'level'>[]): void {
  const stronger = roles.filter((role) => authority.level === undefined || role.level < authority.level);
  if (stronger.length > 0)
    throw errors.roleElevation(
      stronger.map((role) => role.key),
      authority.level,
    );
}

/** The permissions among `ids`, in that order, held until the transaction ends; any other id is a 400 that names it. */
export async function requirePermissions(db: Db, ids: string[]): Promise<PermissionRow[]> {
  const unique = [...new Set(ids)];
  const found = await findPermissions(db, unique.filter(isUuid), {}, { hold: true });
  const missing = unique.filter((id) => !found.some((permission) => permission.id === id));
  if (missing.length > 0) throw errors.permissionsNotFound(missing);
  return inOrder(unique, found);
}

/**
 * Throws unless a member of account `tenantId` may change each role: the account's own roles only
 * (environment-wide ones are the environment's to change), none stronger than the member's strongest.
 */
export function assertMemberMayChangeRoles(authority: MemberAuthority, tenantId: string, roles: RoleRow[]): void {
  const shared = roles.filter((role) => role.tenant_id !== tenantId);
  if (shared.length > 0) throw errors.environmentWideRoles(shared.map((role) => role.key));
  assertNoElevation(authority, roles);
}

/** Throws unless a member may put the permissions into their account's roles: assignable ones they hold themselves. */
export function assertMemberMayGrant(authority: MemberAuthority, permissions: PermissionRow[]): void {
  const never = permissions.filter((permission) => permission.assignment_type === 'NEVER');
  if (never.length > 0) throw errors.permissionsNotAssignable(never.map((permission) => permission.key));
  const notHeld = permissions.filter((permission) => !authority.permissionIds.has(permission.id));
  if (notHeld.length > 0) throw errors.permissionsNotHeld(notHeld.map((permission) => permission.key));
}
