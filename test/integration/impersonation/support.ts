import { createNesteggClient, type NesteggClient } from '../../../client';
import type { TestServer } from '../../support/server';

export const DELEGATION = '/identity/resources/configurations/v1/delegation';
export const IMPERSONATE = '/identity/resources/impersonation/v1';
export const CURRENT_SESSION = '/identity/resources/users/sessions/v1/me/current';

/** The claims of an impersonation token (signature not checked). */
export function impersonationClaims(token: string): {
  sub: string;
  tenantId: string;
  sid: string;
  permissions: string[];
  act?: { sub: string; type: string };
  iat: number;
  exp: number;
} {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** A client calling with `token`; `tenantId` names the account for an environment token. */
export function withToken(server: TestServer, token: string, tenantId?: string): NesteggClient {
  return createNesteggClient({ baseUrl: server.url, accessToken: token, headers: tenantId ? { 'frontegg-tenant-id': tenantId } : {} });
}

/** Impersonates `impersonatedUserId` with `token`, which is both the credential and the actor token. */
export function impersonate(server: TestServer, token: string, impersonatedUserId: string, extra: { reason?: string; tenantId?: string } = {}) {
  const { tenantId, ...rest } = extra;
  return withToken(server, token, tenantId).POST(IMPERSONATE, { body: { impersonatedUserId, actorToken: token, ...rest } });
}
