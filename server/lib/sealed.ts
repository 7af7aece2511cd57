import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets the API must give back (an application's client secret, for one) cannot be kept hashed.
 * With an operator key (`NESTEGG_SECRETS_KEY`) they are kept sealed: AES-256-GCM with a random
 * 96-bit nonce, and the row they belong to as associated data, so a sealed value copied to another
 * row does not open. Without a key they are kept as given, like the signing keys; a value sealed
 * earlier still needs the key to open.
 */
export interface SecretBox {
  seal(secret: string, context: string): string;
  open(stored: string, context: string): string;
}

const PREFIX = 'sealed:v1:';

/** A sealed secret this process cannot open: it has no key, or another one than sealed it. */
export class SealedSecretUnreadable extends Error {}

export function createSecretBox(key: Buffer | undefined): SecretBox {
  if (key && key.length !== 32) throw new Error('The secrets key must be 32 bytes');
  return {
    seal(secret, context) {
      if (!key) return secret;
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return `${PREFIX}${[nonce, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.')}`;
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) return stored;
      if (!key) throw new SealedSecretUnreadable('A secret is sealed with NESTEGG_SECRETS_KEY, which this process was not given');
      const [nonce, sealed, tag, ...rest] = stored
        .slice(PREFIX.length)
        .split('.')
        .map((part) => Buffer.from(part, 'base64url'));
      if (!nonce || !sealed || !tag || rest.length > 0) throw new SealedSecretUnreadable('A sealed secret is damaged: it is not nonce.ciphertext.tag');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedSecretUnreadable('A secret was sealed with another NESTEGG_SECRETS_KEY than this process has');
      }
    },
  };
}

/** NESTEGG_SECRETS_KEY: 32 bytes, as 64 hex digits or as base64 (44 characters). */
export function parseSecretsKey(raw: string): Buffer | undefined {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}
