import type { ApplicationClient } from '../../services/application-secrets';
import type { Schema } from './schema';

export function toApplicationClient(client: ApplicationClient): Schema<'ApplicationClient'> {
  return {
    id: client.id,
    appId: client.application_id,
    clientName: client.client_name,
    clientSecret: client.client_secret,
    clientType: client.client_type as Schema<'ApplicationClient'>['clientType'],
    redirectURLs: client.redirect_urls,
    externalMetadata: client.external_metadata,
    createdAt: client.created_at.toISOString(),
    updatedAt: client.updated_at.toISOString(),
  };
}
