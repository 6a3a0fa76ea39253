import type { Env } from '../env';
import { forgetSecret } from '../gateway/credentials';
import { GatewayError } from '../gateway/errors';
import { putSecret, secretExists } from '../storage/secrets';
import { CONFIG_BLOCK, credentialFields, SECRET_REFERENCE, type EndpointCoreConfig, type ProviderName } from './endpoint-schema';

// Credentials in endpoint configs: references must name existing secrets; *_plaintext values are
// stored encrypted like secrets (in a scope private to the endpoint) and replaced by a reference,
// so D1 never holds a credential in clear. Reads show them redacted.

export const REDACTED = '[REDACTED]';
const PRIVATE_SCOPE_PREFIX = '__endpoint_';

const privateScope = (endpointId: string) => `${PRIVATE_SCOPE_PREFIX}${endpointId}`;

interface CredentialSlot {
  entityName: string;
  holder: Record<string, any>;
  leaf: string;
  path: string;
}

function slots(config: EndpointCoreConfig): CredentialSlot[] {
  const out: CredentialSlot[] = [];
  for (const entity of config.served_entities) {
    const model = entity.external_model as Record<string, any>;
    const block = model[CONFIG_BLOCK[model.provider as ProviderName]];
    if (!block) continue;
    for (const { path } of credentialFields(model.provider as ProviderName, block)) {
      const parts = path.split('.');
      const leaf = parts.pop()!;
      const holder = parts.reduce((o, k) => o?.[k], block);
      if (holder) out.push({ entityName: entity.name ?? model.name, holder, leaf, path });
    }
  }
  return out;
}

/**
 * Checks references, stores plaintext values, and returns the config to keep (references only).
 * `previous` lets a config read back with redacted values be written again unchanged.
 */
export async function sealCredentials(env: Env, endpointId: string, input: EndpointCoreConfig, previous?: EndpointCoreConfig): Promise<EndpointCoreConfig> {
  const config = structuredClone(input);
  for (const entity of config.served_entities) entity.name ??= entity.external_model.name;
  const previousRefs = new Map(previous ? slots(previous).map((s) => [`${s.entityName}/${s.path}`, s.holder[s.leaf]]) : []);
  for (const slot of slots(config)) {
    const plain = slot.holder[`${slot.leaf}_plaintext`];
    if (plain !== undefined) {
      delete slot.holder[`${slot.leaf}_plaintext`];
      const key = `${slot.entityName}/${slot.path}`;
      if (plain === REDACTED) {
        const kept = previousRefs.get(key);
        if (!kept) throw new GatewayError(400, `${slot.leaf}_plaintext of served entity ${slot.entityName}: give the credential itself, not ${REDACTED}`, 'INVALID_PARAMETER_VALUE');
        slot.holder[slot.leaf] = kept;
        continue;
      }
      await putSecret(env, privateScope(endpointId), key, plain, endpointId);
      forgetSecret(privateScope(endpointId), key);
      slot.holder[slot.leaf] = `{{secrets/${privateScope(endpointId)}/${key}}}`;
      continue;
    }
    const ref = slot.holder[slot.leaf];
    if (ref === undefined) continue;
    const [, scope, key] = SECRET_REFERENCE.exec(ref)!;
    if (!(await secretExists(env.DB, scope, key))) {
      throw new GatewayError(404, `${slot.leaf} of served entity ${slot.entityName} refers to secret ${scope}/${key}, which does not exist.`, 'RESOURCE_DOES_NOT_EXIST');
    }
  }
  return config;
}

/** The config as users see it: their own references, and REDACTED for values given in plaintext. */
export function redactCredentials(stored: EndpointCoreConfig): EndpointCoreConfig {
  const config = structuredClone(stored);
  for (const slot of slots(config)) {
    const ref = slot.holder[slot.leaf];
    if (typeof ref === 'string' && ref.startsWith(`{{secrets/${PRIVATE_SCOPE_PREFIX}`)) {
      delete slot.holder[slot.leaf];
      slot.holder[`${slot.leaf}_plaintext`] = REDACTED;
    } else if (typeof ref === 'string' && !SECRET_REFERENCE.test(ref)) {
      slot.holder[slot.leaf] = REDACTED;
    }
  }
  return config;
}
