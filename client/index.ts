import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema';

export type { paths } from '../generated/schema';
export type NesteggClient = Client<paths>;

export interface NesteggClientOptions extends ClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer` on every request: a user token or an environment token. */
  accessToken?: string | (() => string | undefined);
  /** Extra headers on every request, e.g. `frontegg-tenant-id` with an environment token. */
  headers?: Record<string, string>;
}

/** A client for nestegg's API, typed by the bundled spec (generated/schema.d.ts). */
export function createNesteggClient(options: NesteggClientOptions): NesteggClient {
  const { accessToken, ...clientOptions } = options;
  const client = createClient<paths>(clientOptions);
  if (accessToken !== undefined) {
    const bearer: Middleware = {
      onRequest({ request }) {
        const token = typeof accessToken === 'function' ? accessToken() : accessToken;
        if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
