// Encryption of stored credentials (AES-GCM) and hashing of gateway tokens (SHA-256).

import { base64Decode, base64Encode } from '../formats/base64';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

/** The AES key: GATEWAY_SECRETS_KEY, or HKDF of the admin token when it is not set. */
export function secretsKey(env: {
  GATEWAY_SECRETS_KEY?: string;
  GATEWAY_ADMIN_TOKEN: string;
}): Promise<CryptoKey> {
  const cacheKey = env.GATEWAY_SECRETS_KEY
    ? `k:${env.GATEWAY_SECRETS_KEY}`
    : `a:${env.GATEWAY_ADMIN_TOKEN}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = importSecretsKey(env);
    keyCache.set(cacheKey, key);
  }
  return key;
}

async function importSecretsKey(env: {
  GATEWAY_SECRETS_KEY?: string;
  GATEWAY_ADMIN_TOKEN: string;
}): Promise<CryptoKey> {
  if (env.GATEWAY_SECRETS_KEY) {
    const raw = base64Decode(env.GATEWAY_SECRETS_KEY);
    if (raw.length !== 32)
      throw new Error('GATEWAY_SECRETS_KEY must be base64 of exactly 32 bytes');
    return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  }
  const material = await crypto.subtle.importKey(
    'raw',
    encoder.encode(env.GATEWAY_ADMIN_TOKEN),
    'HKDF',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('llm-gateway/secrets'),
      info: encoder.encode('aes-gcm-256'),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** base64(iv || ciphertext). `context` is bound as additional data so ciphertexts cannot be swapped. */
export async function encrypt(key: CryptoKey, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(plaintext),
  );
  const out = new Uint8Array(iv.length + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), iv.length);
  return base64Encode(out);
}

export async function decrypt(key: CryptoKey, sealed: string, context: string): Promise<string> {
  const bytes = base64Decode(sealed);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: encoder.encode(context) },
    key,
    bytes.subarray(12),
  );
  return decoder.decode(plain);
}

/** Two hex digits per byte value, so hashing a token on every request builds no arrays. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** Compares two SHA-256 hex digests (always 64 characters) in time independent of where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  return (
    a.length === b.length && crypto.subtle.timingSafeEqual(encoder.encode(a), encoder.encode(b))
  );
}

export function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}
