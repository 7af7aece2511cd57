import type { NesteggClient } from '../../client';
import type { components } from '../../generated/schema';

type Invitee = components['schemas']['BulkInvitee'];
export type BulkInviteStatus = components['schemas']['BulkInviteStatus'];

/** Starts a bulk invite to the caller's account (or `tenantId` with an environment token); answers its id. */
export async function bulkInvite(client: NesteggClient, users: Invitee[], tenantId?: string): Promise<string> {
  const { data, response } = await client.POST('/identity/resources/users/bulk/v1/invite', {
    params: { header: tenantId ? { 'frontegg-tenant-id': tenantId } : {} },
    body: { users },
  });
  if (response.status !== 202 || !data) throw new Error(`bulk invite failed: ${response.status}`);
  return data.id;
}

/** Polls the invite's status until it is done (or `timeoutMs` passes). */
export async function waitForBulkInvite(client: NesteggClient, id: string, timeoutMs = 60_000): Promise<BulkInviteStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data, response } = await client.GET('/identity/resources/users/bulk/v1/status/{id}', { params: { path: { id } } });
    if (response.status !== 200 || !data) throw new Error(`bulk invite status failed: ${response.status}`);
    if (data.status === 'Completed' || data.status === 'CompletedWithErrors') return data;
    if (Date.now() > deadline) throw new Error(`bulk invite ${id} not done within ${timeoutMs} ms: ${JSON.stringify(data)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
