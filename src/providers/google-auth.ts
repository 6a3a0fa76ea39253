import { importPKCS8, SignJWT } from 'jose';
import type { ServedEntity } from '../config/served-entity';
import { credential } from '../gateway/credentials';
import { GatewayError } from '../gateway/errors';
import { AccessTokenCache, requestAccessToken } from './oauth-tokens';
import type { ProviderCall } from './types';
import type { JsonObject } from '../formats/json';

// Google service-account OAuth (PROTOCOLS §4.4): an RS256 JWT-bearer grant signed with the
// key's private key, exchanged at the key's token_uri for an access token, cached per isolate
// until shortly before expiry with one mint at a time.

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google refuses assertions that live longer than an hour. */
const ASSERTION_LIFETIME_S = 3600;

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id: string;
  token_uri: string;
  project_id?: string;
}

type VertexCall = ProviderCall<ServedEntity<'google-cloud-vertex-ai'>>;

const tokens = new AccessTokenCache();

/** The entity's service-account key JSON, checked for the fields the grant needs. */
export async function serviceAccountKey(call: VertexCall): Promise<ServiceAccountKey> {
  const raw = await credential(call.env, call.entity, 'private_key');
  let key: JsonObject;
  try {
    key = JSON.parse(raw);
  } catch {
    throw invalidKey(call, 'it is not JSON');
  }
  for (const field of ['client_email', 'private_key', 'private_key_id'] as const) {
    if (typeof key?.[field] !== 'string' || !key[field])
      throw invalidKey(call, `it has no ${field}`);
  }
  return {
    ...(key as ServiceAccountKey),
    token_uri: key.token_uri ?? 'https://oauth2.googleapis.com/token',
  };
}

function invalidKey(call: VertexCall, why: string): GatewayError {
  return new GatewayError({
    status: 502,
    message: `The private_key of served entity '${call.entity.name}' is not a service-account key JSON: ${why}.`,
    code: 'credential_invalid',
  });
}

/** A cloud-platform access token for the entity's service account. */
export async function googleAccessToken(call: VertexCall): Promise<string> {
  const key = await serviceAccountKey(call);
  // private_key_id names the key: a rotated key mints a fresh token at once.
  return tokens.get(
    `${key.token_uri}|${key.client_email}|${key.private_key_id}`,
    async () =>
      requestAccessToken(
        key.token_uri,
        { grant_type: JWT_BEARER, assertion: await signAssertion(key, call) },
        'Google OAuth',
      ),
    call.waitUntil,
  );
}

async function signAssertion(key: ServiceAccountKey, call: VertexCall): Promise<string> {
  let privateKey: CryptoKey;
  try {
    privateKey = (await importPKCS8(key.private_key, 'RS256')) as CryptoKey;
  } catch {
    throw invalidKey(call, 'its private_key is not a PKCS#8 RSA key');
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: CLOUD_PLATFORM_SCOPE })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.private_key_id })
    .setIssuer(key.client_email)
    .setAudience(key.token_uri)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_S)
    .sign(privateKey);
}
