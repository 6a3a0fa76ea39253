import { locateCredential } from '../config/credentials';
import type { CredentialPath } from '../config/providers';
import { parseSecretReference } from '../config/secret-ref';
import type { ServedEntity } from '../config/served-entity';
import type { Env } from '../env';
import { readSecret } from '../storage/secrets';
import { GatewayError } from './errors';
import { TtlCache } from './ttl-cache';

// Decrypted provider credentials, cached per isolate; secrets/put invalidates the local copy.

const cache = new TtlCache<string | null>(60_000);

export const forgetSecret = (scope: string, key: string) => cache.delete(`${scope}/${key}`);

/** What a credential field of the entity's config holds (a secret reference, or nothing). */
function fieldOf(entity: ServedEntity, path: string): { leaf: string; value: unknown } {
  const { holder, leaf } = locateCredential(entity.config, path);
  return { leaf, value: holder?.[leaf] };
}

/** The value of a credential field of the entity's config (dotted path, e.g. bearer_token_auth.token). */
export async function credential<E extends ServedEntity>(
  env: Env,
  entity: E,
  path: CredentialPath<E['provider']>,
): Promise<string> {
  const { leaf, value } = fieldOf(entity, path);
  const secret = parseSecretReference(value);
  if (!secret)
    throw new GatewayError({
      status: 502,
      message: `Served entity '${entity.name}' has no ${leaf} configured.`,
      code: 'credential_missing',
    });
  const { scope, key } = secret;
  const plain = await cache.get(`${scope}/${key}`, () => readSecret(env, scope, key));
  if (plain === null)
    throw new GatewayError({
      status: 502,
      message: `The secret for ${leaf} of served entity '${entity.name}' no longer exists.`,
      code: 'credential_missing',
    });
  return plain;
}

/** A credential that may be absent (e.g. aws_session_token). */
export async function optionalCredential<E extends ServedEntity>(
  env: Env,
  entity: E,
  path: CredentialPath<E['provider']>,
): Promise<string | undefined> {
  return fieldOf(entity, path).value === undefined ? undefined : credential(env, entity, path);
}
