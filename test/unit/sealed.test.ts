import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../server/config';
import { SealedSecretUnreadable, createSecretBox, parseSecretsKey } from '../../server/lib/sealed';

describe('sealed secrets (AES-256-GCM under NESTEGG_SECRETS_KEY)', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('seals with a fresh nonce each time and opens in the same context', () => {
    const first = box.seal('s3cret-value', 'application:a:client-secret');
    const second = box.seal('s3cret-value', 'application:a:client-secret');
    expect(first).toMatch(/^sealed:v1:[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('s3cret');
    expect(box.open(first, 'application:a:client-secret')).toBe('s3cret-value');
    expect(box.open(second, 'application:a:client-secret')).toBe('s3cret-value');
  });

  it('refuses another context, another key, no key, and a changed byte', () => {
    const sealed = box.seal('s3cret-value', 'application:a:client-secret');
    expect(() => box.open(sealed, 'application:b:client-secret')).toThrow(SealedSecretUnreadable);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'application:a:client-secret')).toThrow(/another NESTEGG_SECRETS_KEY/);
    expect(() => createSecretBox(undefined).open(sealed, 'application:a:client-secret')).toThrow(/was not given/);
    const [nonce, body, tag] = sealed.slice('sealed:v1:'.length).split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open(`sealed:v1:${nonce}.${flipped.toString('base64url')}.${tag}`, 'application:a:client-secret')).toThrow(SealedSecretUnreadable);
  });

  it('refuses a sealed value with a part missing or one too many as damaged', () => {
    const sealed = box.seal('s3cret-value', 'application:a:client-secret');
    const [nonce, body] = sealed.slice('sealed:v1:'.length).split('.');
    expect(() => box.open(`sealed:v1:${nonce}.${body}`, 'application:a:client-secret')).toThrow(/damaged/);
    expect(() => box.open(`${sealed}.${nonce}`, 'application:a:client-secret')).toThrow(/damaged/);
    expect(() => box.open('sealed:v1:', 'application:a:client-secret')).toThrow(SealedSecretUnreadable);
  });

  it('without a key keeps secrets as given, and a keyed box still reads those', () => {
    const plain = createSecretBox(undefined);
    expect(plain.seal('as-given', 'x')).toBe('as-given');
    expect(plain.open('as-given', 'x')).toBe('as-given');
    expect(box.open('as-given', 'x')).toBe('as-given');
  });

  it('reads the key as 64 hex digits or base64 of 32 bytes, and nothing else', () => {
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64url'))).toEqual(key);
    expect(parseSecretsKey(randomBytes(16).toString('hex'))).toBeUndefined();
    expect(parseSecretsKey('correct horse battery staple')).toBeUndefined();
    expect(loadConfig({ NESTEGG_SECRETS_KEY: key.toString('hex') }).secretsKey).toEqual(key);
    expect(loadConfig({}).secretsKey).toBeUndefined();
    expect(() => loadConfig({ NESTEGG_SECRETS_KEY: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ NESTEGG_SECRETS_KEY: 'short' })).toThrow(/NESTEGG_SECRETS_KEY/);
  });
});
