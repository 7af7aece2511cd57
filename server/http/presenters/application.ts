import type { ApplicationRow, ApplicationUserRow, TenantAssignmentRow } from '../../repositories/applications';
import type { Schema } from './schema';

export function toApplication(application: ApplicationRow): Schema<'Application'> {
  return {
    id: application.id,
    vendorId: application.environment_id,
    accessType: application.access_type,
    appURL: application.app_url,
    loginURL: application.login_url,
    isDefault: application.is_default,
    isActive: application.is_active,
    name: application.name,
    logoURL: application.logo_url,
    createdAt: application.created_at.toISOString(),
    updatedAt: application.updated_at.toISOString(),
    type: application.type as Schema<'Application'>['type'],
    frontendStack: application.frontend_stack as Schema<'Application'>['frontendStack'],
    description: application.description,
    integrationFinishedAt: application.integration_finished_at?.toISOString() ?? null,
    metadata: application.metadata,
    appHost: application.app_host,
    allowDcr: application.allow_dcr,
  };
}

export function toTenantAssignment(tenantId: string, assignments: TenantAssignmentRow[]): Schema<'ApplicationTenantAssignment'> {
  return { tenantId, appIds: assignments.map((row) => row.application_id) };
}

export function toTenantAssignmentV2(tenantId: string, assignments: TenantAssignmentRow[]): Schema<'ApplicationTenantAssignmentV2'> {
  return { tenantId, assignments: assignments.map((row) => ({ appId: row.application_id, accessType: row.access_type })) };
}

export function toApplicationUserTenant(row: ApplicationUserRow): Schema<'ApplicationUserTenant'> {
  return { appId: row.application_id, userTenantId: row.id, createdAt: row.created_at.toISOString() };
}
