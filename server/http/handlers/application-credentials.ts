import type { Handler } from '../operations';
import { toApplicationClient } from '../presenters/application-client';

/** GET /applications/resources/applications/v1/credentials/{appId} */
export const getApplicationClientCredentials: Handler<'getApplicationClientCredentials'> = async ({ params, services }) => {
  return { status: 200, body: await services.applicationSecrets.credentials(params.appId) };
};

/** POST /applications/resources/applications/v1/credentials/regenerate */
export const regenerateApplicationClientCredentials: Handler<'regenerateApplicationClientCredentials'> = async ({ body, services }) => {
  await services.applicationSecrets.regenerateClientSecret(body.appId);
  return { status: 201, body: undefined };
};

/** POST /applications/resources/applications/v1/credentials/shared/regenerate */
export const regenerateApplicationSharedSecretCredentials: Handler<'regenerateApplicationSharedSecretCredentials'> = async ({ body, services }) => {
  await services.applicationSecrets.regenerateSharedSecret(body.appId);
  return { status: 201, body: undefined };
};

/** POST /applications/application-clients */
export const createApplicationClient: Handler<'createApplicationClient'> = async ({ body, services }) => {
  return { status: 201, body: toApplicationClient(await services.applicationSecrets.createClient(body)) };
};

/** GET /applications/application-clients/app/{appId} */
export const getApplicationClientsByAppId: Handler<'getApplicationClientsByAppId'> = async ({ params, services }) => {
  return { status: 200, body: (await services.applicationSecrets.clientsOf(params.appId)).map(toApplicationClient) };
};

/** GET /applications/application-clients/{id} */
export const getApplicationClientById: Handler<'getApplicationClientById'> = async ({ params, services }) => {
  return { status: 200, body: toApplicationClient(await services.applicationSecrets.getClient(params.id)) };
};

/** PATCH /applications/application-clients/{id} */
export const updateApplicationClient: Handler<'updateApplicationClient'> = async ({ body, params, services }) => {
  return { status: 200, body: toApplicationClient(await services.applicationSecrets.updateClient(params.id, body)) };
};

/** DELETE /applications/application-clients/{id} */
export const deleteApplicationClient: Handler<'deleteApplicationClient'> = async ({ params, services }) => {
  await services.applicationSecrets.deleteClient(params.id);
  return { status: 204, body: undefined };
};
