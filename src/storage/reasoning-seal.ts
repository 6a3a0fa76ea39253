import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { base64Decode, base64Encode } from '../formats/base64';

// Sealing reasoning (e.g. an Anthropic thinking block and its signature) into a Responses
// `encrypted_content` the client can neither read nor forge: AES-256-GCM under a key derived
// (HKDF) from the gateway's secrets key. Synchronous (node:crypto), because stream encoders are;
// the key itself is derived once per isolate, asynchronously, before a request needs it.

const PREFIX = 'gwr1.';
const encoder = new TextEncoder();
const keys = new Map<string, Promise<Uint8Array>>();

export function reasoningKey(env: {
  GATEWAY_SECRETS_KEY?: string;
  GATEWAY_ADMIN_TOKEN: string;
}): Promise<Uint8Array> {
  const material = env.GATEWAY_SECRETS_KEY
    ? base64Decode(env.GATEWAY_SECRETS_KEY)
    : encoder.encode(env.GATEWAY_ADMIN_TOKEN);
  const cacheKey = env.GATEWAY_SECRETS_KEY
    ? `k:${env.GATEWAY_SECRETS_KEY}`
    : `a:${env.GATEWAY_ADMIN_TOKEN}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', material, 'HKDF', false, ['deriveBits'])
      .then((k) =>
        crypto.subtle.deriveBits(
          {
            name: 'HKDF',
            hash: 'SHA-256',
            salt: encoder.encode('llm-gateway/reasoning'),
            info: encoder.encode('aes-gcm-256'),
          },
          k,
          256,
        ),
      )
      .then((bits) => new Uint8Array(bits));
    keys.set(cacheKey, key);
  }
  return key;
}

/** `gwr1.` + base64(iv ‖ ciphertext ‖ tag); `context` (e.g. the owner) is bound as additional data. */
export function seal(key: Uint8Array, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(encoder.encode(context));
  const body = Buffer.concat([
    iv,
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return PREFIX + base64Encode(new Uint8Array(body));
}

export const isSealed = (value: string) => value.startsWith(PREFIX);

/** The plaintext, or null when the value was not sealed by this gateway for this context or was altered. */
export function unseal(key: Uint8Array, sealed: string, context: string): string | null {
  if (!isSealed(sealed)) return null;
  try {
    const bytes = base64Decode(sealed.slice(PREFIX.length));
    if (bytes.length < 28) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(encoder.encode(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([
      decipher.update(bytes.subarray(12, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
