import { SECRET_REFERENCE } from '../control/endpoint-schema';
import type { Env } from '../env';
import { readSecret } from '../storage/secrets';
import { GatewayError } from './errors';
import type { ServedEntity } from './endpoints';
import { TtlCache } from './ttl-cache';

// Decrypted provider credentials, cached per isolate; secrets/put invalidates the local copy.

const cache = new TtlCache<string | null>(60_000);

export const forgetSecret = (scope: string, key: string) => cache.delete(`${scope}/${key}`);
export const forgetAllSecrets = () => cache.clear();

/** The value of a credential field of the entity's config (dotted path, e.g. bearer_token_auth.token). */
export async function credential(env: Env, entity: ServedEntity, path: string): Promise<string> {
  const parts = path.split('.');
  const leaf = parts.pop()!;
  const holder = parts.reduce((o, k) => o?.[k], entity.config) ?? {};
  const reference = holder[leaf];
  const match = typeof reference === 'string' ? SECRET_REFERENCE.exec(reference) : null;
  if (!match) throw new GatewayError(502, `Served entity '${entity.name}' has no ${leaf} configured.`, 'credential_missing');
  const [, scope, key] = match;
  const value = await cache.get(`${scope}/${key}`, () => readSecret(env, scope, key));
  if (value === null) throw new GatewayError(502, `The secret for ${leaf} of served entity '${entity.name}' no longer exists.`, 'credential_missing');
  return value;
}

/** A credential that may be absent (e.g. aws_session_token). */
export async function optionalCredential(env: Env, entity: ServedEntity, path: string): Promise<string | undefined> {
  const parts = path.split('.');
  const leaf = parts.pop()!;
  const holder = parts.reduce((o, k) => o?.[k], entity.config) ?? {};
  return holder[leaf] === undefined ? undefined : credential(env, entity, path);
}
