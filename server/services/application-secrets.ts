import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema';
import type { Db } from '../db/knex';
import { randomSecret } from '../lib/crypto';
import { SealedSecretUnreadable, type SecretBox } from '../lib/sealed';
import { findApplication, findDefaultApplication, lockApplication, type ApplicationRow } from '../repositories/applications';
import {
  deleteClient,
  findClient,
  findClients,
  findCredentials,
  insertClient,
  insertCredentials,
  updateClient,
  upsertCredentials,
  type ApplicationClientChanges,
  type ApplicationClientRow,
  type ApplicationCredentialsRow,
} from '../repositories/application-secrets';
import { errors } from './errors';

export type NewApplicationClientInput = components['schemas']['CreateApplicationClientRequest'];
export type ApplicationClientChangesInput = components['schemas']['UpdateApplicationClientRequest'];

/** An application client with its secret readable. */
export type ApplicationClient = ApplicationClientRow;

export interface ApplicationCredentials {
  clientSecret: string;
  sharedSecret: string;
}

/** Schemes a browser or an OS would run rather than open as a page: never a place to send a code. */
const REFUSED_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect URL as OAuth 2.1 and RFC 8252 allow it: absolute, without a fragment; `https:`, or
 * `http:` on a loopback host, or an app's own scheme (`com.example.app:/callback`, `cursor://...`).
 */
function checkRedirectUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw errors.redirectUrlInvalid(text, 'is not an absolute URL');
  }
  if (url.hash !== '' || text.includes('#')) throw errors.redirectUrlInvalid(text, 'must not have a fragment (#)');
  if (REFUSED_SCHEMES.has(url.protocol)) throw errors.redirectUrlInvalid(text, `uses ${url.protocol}, which cannot receive a redirect`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw errors.redirectUrlInvalid(text, 'uses http: on a host other than localhost, 127.0.0.1 or [::1]; use https:');
  }
  return text;
}

function redirectUrls(urls: string[]): string[] {
  return [...new Set(urls.map(checkRedirectUrl))];
}

function clientName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw errors.clientNameBlank();
  return trimmed;
}

/**
 * An application's own credentials (its client secret and shared secret, the application's id
 * being its client id) and its further clients (agents), each with an id, a secret and redirect
 * URLs. Frontegg gives these secrets back on reading, so they are kept sealed under the operator's
 * key (`NESTEGG_SECRETS_KEY`), with the row they belong to bound in; without a key, as given.
 * A regenerated secret replaces the old one at once.
 */
export function createApplicationSecretsService(db: Db, environmentId: string, box: SecretBox) {
  const contexts = {
    clientSecret: (applicationId: string) => `application:${applicationId}:client-secret`,
    sharedSecret: (applicationId: string) => `application:${applicationId}:shared-secret`,
    client: (clientId: string) => `application-client:${clientId}:client-secret`,
  };

  function open(stored: string, context: string): string {
    try {
      return box.open(stored, context);
    } catch (error) {
      if (error instanceof SealedSecretUnreadable) throw errors.applicationSecretUnreadable(error.message);
      throw error;
    }
  }

  function newCredentials(applicationId: string): ApplicationCredentialsRow {
    return {
      application_id: applicationId,
      client_secret: box.seal(randomSecret(32), contexts.clientSecret(applicationId)),
      shared_secret: box.seal(randomSecret(32), contexts.sharedSecret(applicationId)),
    };
  }

  /** The application, held (shared) until the transaction ends: it cannot go while its secrets are written. */
  async function holdApplication(trx: Db, applicationId: string): Promise<ApplicationRow> {
    const application = await lockApplication(trx, environmentId, applicationId, 'share');
    if (!application) throw errors.applicationNotFound(applicationId);
    return application;
  }

  function readable(client: ApplicationClientRow): ApplicationClient {
    return { ...client, client_secret: open(client.client_secret, contexts.client(client.id)) };
  }

  async function getClientRow(id: string): Promise<ApplicationClientRow> {
    const client = await findClient(db, environmentId, id);
    if (!client) throw errors.applicationClientNotFound(id);
    return client;
  }

  async function regenerate(applicationId: string, replace: ('client_secret' | 'shared_secret')[]): Promise<void> {
    await db.transaction(async (trx) => {
      await holdApplication(trx, applicationId);
      await upsertCredentials(trx, newCredentials(applicationId), replace);
    });
  }

  return {
    /** The application's credentials, made on the first reading. */
    async credentials(applicationId: string): Promise<ApplicationCredentials> {
      if (!(await findApplication(db, environmentId, applicationId))) throw errors.applicationNotFound(applicationId);
      let stored = await findCredentials(db, applicationId);
      if (!stored) {
        await db.transaction(async (trx) => {
          await holdApplication(trx, applicationId);
          await insertCredentials(trx, newCredentials(applicationId));
        });
        stored = await findCredentials(db, applicationId);
        if (!stored) throw errors.applicationNotFound(applicationId);
      }
      return {
        clientSecret: open(stored.client_secret, contexts.clientSecret(applicationId)),
        sharedSecret: open(stored.shared_secret, contexts.sharedSecret(applicationId)),
      };
    },

    /** A new client secret; the shared secret stays. */
    regenerateClientSecret: (applicationId: string) => regenerate(applicationId, ['client_secret']),

    /** A new shared secret; the client secret stays. */
    regenerateSharedSecret: (applicationId: string) => regenerate(applicationId, ['shared_secret']),

    /** A client of the application named, or of the default application. */
    async createClient(input: NewApplicationClientInput): Promise<ApplicationClient> {
      const name = clientName(input.clientName);
      const urls = redirectUrls(input.redirectURLs ?? []);
      const id = randomUUID();
      const secret = randomSecret(32);
      const client = await db.transaction(async (trx) => {
        const application = input.appId ? await holdApplication(trx, input.appId) : await findDefaultApplication(trx, environmentId);
        if (!application) throw errors.noDefaultApplication();
        return insertClient(trx, {
          id,
          application_id: application.id,
          client_name: name,
          client_secret: box.seal(secret, contexts.client(id)),
          client_type: input.clientType,
          redirect_urls: urls,
          external_metadata: input.externalMetadata ?? null,
        });
      });
      return { ...client, client_secret: secret };
    },

    async clientsOf(applicationId: string): Promise<ApplicationClient[]> {
      if (!(await findApplication(db, environmentId, applicationId))) throw errors.applicationNotFound(applicationId);
      return (await findClients(db, applicationId)).map(readable);
    },

    async getClient(id: string): Promise<ApplicationClient> {
      return readable(await getClientRow(id));
    },

    async updateClient(id: string, input: ApplicationClientChangesInput): Promise<ApplicationClient> {
      const changes: ApplicationClientChanges = {};
      if (input.clientName !== undefined) changes.client_name = clientName(input.clientName);
      if (input.redirectURLs !== undefined) changes.redirect_urls = redirectUrls(input.redirectURLs);
      if (input.externalMetadata !== undefined) changes.external_metadata = input.externalMetadata;
      await getClientRow(id);
      const updated = await updateClient(db, id, changes);
      if (!updated) throw errors.applicationClientNotFound(id);
      return readable(updated);
    },

    async deleteClient(id: string): Promise<void> {
      await getClientRow(id);
      await deleteClient(db, id);
    },
  };
}
