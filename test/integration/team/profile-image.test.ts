import { createNesteggClient } from '../../../client';
import { groupsAccount } from '../../support/groups';
import { useTestServer } from '../../support/server';

const server = useTestServer();

const UPLOAD = '/team/resources/profile/me/image/v1';
const IMAGE = '/team/resources/profile/images/v1/{imageId}';
const PROFILE = '/identity/resources/users/v2/me';

// A 1x1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The form the store's profile save sends: the picture as the file `image`. */
function form(bytes: Buffer, type = 'image/png'): FormData {
  const body = new FormData();
  body.append('image', new File([new Uint8Array(bytes)], 'image', { type }));
  return body;
}

async function upload(accessToken: string, body: FormData | string, contentType?: string) {
  const response = await fetch(`${server.url}${UPLOAD}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${accessToken}`, ...(contentType ? { 'content-type': contentType } : {}) },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The image's path on the test server (the URL names the configured public address). */
const pathOf = (url: string) => new URL(url).pathname;

describe('PUT /team/resources/profile/me/image/v1', () => {
  it('keeps an uploaded picture, answers its URL as plain text, and makes it the profile picture', async () => {
    const mine = await groupsAccount(server);
    const first = await upload(mine.readOnly.accessToken, form(PNG));
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/plain/);
    const url = new URL(first.text); // what the store does with the answer
    url.searchParams.set('t', '1');
    expect(url.pathname).toMatch(/^\/team\/resources\/profile\/images\/v1\/[0-9a-f-]{36}$/);
    const served = await fetch(`${server.url}${url.pathname}${url.search}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const profile = await mine.readOnly.client.GET(PROFILE);
    expect(profile.data?.profilePictureUrl).toBe(first.text);
    // A new upload gets a new URL; the earlier picture is gone.
    const second = await upload(
      mine.readOnly.accessToken,
      JSON.stringify({ profileImage: `data:image/png;base64,${PNG.toString('base64')}` }),
      'application/json',
    );
    expect(second.status).toBe(200);
    expect(second.text).not.toBe(first.text);
    expect((await fetch(`${server.url}${pathOf(first.text)}`)).status).toBe(404);
    expect((await fetch(`${server.url}${pathOf(second.text)}`)).status).toBe(200);
    // The store then saves the profile with the URL it was given (and a `t` of its own).
    const saved = await mine.readOnly.client.PUT(PROFILE, { body: { profilePictureUrl: `${second.text}?t=2` } });
    expect(saved.response.status).toBe(200);
  });

  it('refuses a file that is not an image whatever it claims (400), a picture over 2 MiB (413), no file (400), no token (401)', async () => {
    const mine = await groupsAccount(server);
    const text = await upload(mine.readOnly.accessToken, form(Buffer.from('<svg onload="alert(1)"/>'), 'image/png'));
    expect(text.status).toBe(400);
    expect(JSON.parse(text.text)).toEqual({ errors: [expect.stringContaining('PNG, JPEG, GIF or WebP')], errorCode: 'ER-07502' });
    const large = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const tooLarge = await upload(mine.readOnly.accessToken, form(large));
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.text).errors).toHaveLength(1);
    const notDataUrl = await upload(mine.readOnly.accessToken, JSON.stringify({ profileImage: 'https://example.com/me.png' }), 'application/json');
    expect(notDataUrl.status).toBe(400);
    const noFile = new FormData();
    noFile.append('other', 'x');
    expect((await upload(mine.readOnly.accessToken, noFile)).status).toBe(400);
    expect((await upload('not-a-token', form(PNG))).status).toBe(401);
    const profile = await mine.readOnly.client.GET(PROFILE);
    expect(profile.data?.profilePictureUrl).toBeNull();
  });
});

describe('GET /team/resources/profile/images/v1/{imageId}', () => {
  it('answers 404 for an unknown picture and 400 for an id that is not one', async () => {
    const anyone = createNesteggClient({ baseUrl: server.url });
    const missing = await anyone.GET(IMAGE, { params: { path: { imageId: '00000000-0000-4000-8000-000000000000' } }, parseAs: 'stream' });
    expect(missing.response.status).toBe(404);
    const bad = await anyone.GET(IMAGE, { params: { path: { imageId: 'x' } }, parseAs: 'stream' });
    expect(bad.response.status).toBe(400);
  });
});
