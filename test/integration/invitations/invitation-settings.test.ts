import { asVendor } from '../../support/fixtures';
import { accountWithMembers } from '../../support/roles';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const ACTIVATION = '/identity/resources/configurations/v1/activation/strategies';
const INVITATION = '/identity/resources/configurations/v1/invitation/strategies';
const EMAILS_POLICY = '/identity/resources/configurations/v1/user-emails-policy';

// These are settings of the one environment, which every test file on a PostgreSQL database shares:
// each test puts back what it changed.

describe('activation strategy', () => {
  it('answers the defaults, stores a change (codeExpiration kept when left out), and puts them back', async () => {
    const { client: vendor } = await asVendor(server);
    const before = await vendor.GET(ACTIVATION);
    expect(before.response.status).toBe(200);
    expect(before.data).toEqual({ strategy: 'link', codeExpiration: 604800 });
    try {
      expect((await vendor.POST(ACTIVATION, { body: { strategy: 'code', codeExpiration: 600 } })).response.status).toBe(200);
      expect((await vendor.GET(ACTIVATION)).data).toEqual({ strategy: 'code', codeExpiration: 600 });
      expect((await vendor.POST(ACTIVATION, { body: { strategy: 'link' } })).response.status).toBe(200);
      expect((await vendor.GET(ACTIVATION)).data).toEqual({ strategy: 'link', codeExpiration: 600 });
    } finally {
      await vendor.POST(ACTIVATION, { body: before.data! });
    }
  });

  it('rejects an unknown strategy, a missing one and a code lifetime under 60 seconds', async () => {
    const { client: vendor } = await asVendor(server);
    const unknown = await vendor.POST(ACTIVATION, { body: { strategy: 'carrier-pigeon' as 'code' } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error?.errors?.join(' ')).toMatch(/strategy/);
    expect((await vendor.POST(ACTIVATION, { body: {} as never })).response.status).toBe(400);
    const short = await vendor.POST(ACTIVATION, { body: { strategy: 'code', codeExpiration: 59 } });
    expect(short.response.status).toBe(400);
    expect(short.error?.errors?.join(' ')).toMatch(/codeExpiration/);
    expect((await vendor.GET(ACTIVATION)).data).toEqual({ strategy: 'link', codeExpiration: 604800 });
  });
});

describe('invitation strategy', () => {
  it('answers the defaults and stores a code lifetime', async () => {
    const { client: vendor } = await asVendor(server);
    const before = await vendor.GET(INVITATION);
    expect(before.data).toEqual({ strategy: 'link', codeExpiration: 604800 });
    try {
      expect((await vendor.POST(INVITATION, { body: { codeExpiration: 3600 } })).response.status).toBe(200);
      expect((await vendor.GET(INVITATION)).data).toEqual({ strategy: 'link', codeExpiration: 3600 });
      expect((await vendor.POST(INVITATION, { body: {} })).response.status).toBe(200);
      expect((await vendor.GET(INVITATION)).data).toEqual({ strategy: 'link', codeExpiration: 3600 });
      expect((await vendor.POST(INVITATION, { body: { codeExpiration: 'soon' as unknown as number } })).response.status).toBe(400);
    } finally {
      await vendor.POST(INVITATION, { body: { codeExpiration: before.data!.codeExpiration } });
    }
  });
});

describe('user emails policy', () => {
  it('allows email change by default and stores a change', async () => {
    const { client: vendor } = await asVendor(server);
    expect((await vendor.GET(EMAILS_POLICY)).data).toEqual({ allowEmailChange: true });
    try {
      expect((await vendor.POST(EMAILS_POLICY, { body: { allowEmailChange: false } })).response.status).toBe(200);
      expect((await vendor.GET(EMAILS_POLICY)).data).toEqual({ allowEmailChange: false });
      expect((await vendor.POST(EMAILS_POLICY, { body: {} })).response.status).toBe(200);
      expect((await vendor.GET(EMAILS_POLICY)).data).toEqual({ allowEmailChange: false });
      expect((await vendor.POST(EMAILS_POLICY, { body: { allowEmailChange: 'no' as unknown as boolean } })).response.status).toBe(400);
    } finally {
      await vendor.POST(EMAILS_POLICY, { body: { allowEmailChange: true } });
    }
  });
});

describe('who may call', () => {
  it('these are environment settings: a member (even an admin) and no credentials are refused', async () => {
    const { admin } = await accountWithMembers(server);
    for (const path of [ACTIVATION, INVITATION] as const) {
      // A user token is not a credential these routes take at all.
      expect((await admin.client.GET(path)).response.status).toBe(401);
      expect((await server.client.GET(path)).response.status).toBe(401);
    }
    // The user emails policy is read by the Admin Portal with the member's token; only the environment changes it.
    expect((await admin.client.GET(EMAILS_POLICY)).response.status).toBe(200);
    expect((await admin.client.POST(EMAILS_POLICY, { body: { allowEmailChange: false } })).response.status).toBe(401);
    expect((await server.client.GET(EMAILS_POLICY)).response.status).toBe(401);
  });
});
