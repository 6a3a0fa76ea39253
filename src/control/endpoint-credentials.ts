import type { Env } from '../env';
import { forgetSecret } from '../gateway/credentials';
import { GatewayError } from '../gateway/errors';
import { putSecret, secretExists } from '../storage/secrets';
import { CONFIG_BLOCK, credentialFields, SECRET_REFERENCE, type EndpointCoreConfig, type ProviderName } from './endpoint-schema';

// Credentials in endpoint configs: references must name existing secrets; *_plaintext values are
// stored encrypted like secrets (in a scope private to the endpoint) and replaced by a reference,
// so D1 never holds a credential in clear. Reads show them redacted.

export const REDACTED = '[REDACTED]';
export const PRIVATE_SCOPE_PREFIX = '__endpoint_';

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

/** JSON with sorted keys, so two configs compare equal whatever their key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Each entity's external_model without its credentials: where a kept credential would be sent. */
function destinations(config: EndpointCoreConfig): Map<string, string> {
  const copy = structuredClone(config);
  for (const slot of slots(copy)) {
    delete slot.holder[slot.leaf];
    delete slot.holder[`${slot.leaf}_plaintext`];
  }
  return new Map(copy.served_entities.map((e) => [e.name ?? e.external_model.name, stableJson(e.external_model)]));
}

/**
 * Checks references, stores plaintext values, and returns the config to keep (references only).
 * `previous` lets a config read back with redacted values be written again unchanged.
 * Only the admin, who manages secrets, may point a secret at a new destination: anyone else could
 * otherwise send a stored key to a server of their own by changing the api base next to it.
 */
export async function sealCredentials(
  env: Env,
  endpointId: string,
  input: EndpointCoreConfig,
  previous: EndpointCoreConfig | undefined,
  callerIsAdmin: boolean,
): Promise<EndpointCoreConfig> {
  const config = structuredClone(input);
  for (const entity of config.served_entities) entity.name ??= entity.external_model.name;
  const previousRefs = new Map(previous ? slots(previous).map((s) => [`${s.entityName}/${s.path}`, s.holder[s.leaf]]) : []);
  const before = previous ? destinations(previous) : new Map<string, string>();
  const after = destinations(config);
  /** A stored credential may stay only where it was, going where it went; the admin may do anything else. */
  const mayKeep = (slot: CredentialSlot, ref: string) => {
    const unchanged = previousRefs.get(`${slot.entityName}/${slot.path}`) === ref && before.get(slot.entityName) === after.get(slot.entityName);
    const otherEndpoints = ref.startsWith(`{{secrets/${PRIVATE_SCOPE_PREFIX}`) && !ref.startsWith(`{{secrets/${privateScope(endpointId)}/`);
    return unchanged || (callerIsAdmin && !otherEndpoints);
  };
  // Check everything first and store afterwards: a rejected config must leave no credential behind.
  const toStore: { slot: CredentialSlot; key: string; plain: string }[] = [];
  for (const slot of slots(config)) {
    const plain = slot.holder[`${slot.leaf}_plaintext`];
    if (plain !== undefined) {
      delete slot.holder[`${slot.leaf}_plaintext`];
      const key = `${slot.entityName}/${slot.path}`;
      if (plain === REDACTED) {
        const kept = previousRefs.get(key);
        if (!kept) throw new GatewayError(400, `${slot.leaf}_plaintext of served entity ${slot.entityName}: give the credential itself, not ${REDACTED}`, 'INVALID_PARAMETER_VALUE');
        if (!mayKeep(slot, kept)) {
          throw new GatewayError(403, `${slot.leaf}_plaintext of served entity ${slot.entityName}: the stored credential stays with its old settings; give the credential itself to change them.`, 'PERMISSION_DENIED');
        }
        slot.holder[slot.leaf] = kept;
      } else {
        toStore.push({ slot, key, plain });
      }
      continue;
    }
    const ref = slot.holder[slot.leaf];
    if (ref === undefined) continue;
    if (!mayKeep(slot, ref)) {
      throw new GatewayError(
        403,
        `${slot.leaf} of served entity ${slot.entityName}: only the admin may refer to a stored secret here; give ${slot.leaf}_plaintext instead.`,
        'PERMISSION_DENIED',
      );
    }
    const [, scope, key] = SECRET_REFERENCE.exec(ref)!;
    if (!(await secretExists(env.DB, scope, key))) {
      throw new GatewayError(404, `${slot.leaf} of served entity ${slot.entityName} refers to secret ${scope}/${key}, which does not exist.`, 'RESOURCE_DOES_NOT_EXIST');
    }
  }
  for (const { slot, key, plain } of toStore) {
    await putSecret(env, privateScope(endpointId), key, plain, endpointId);
    forgetSecret(privateScope(endpointId), key);
    slot.holder[slot.leaf] = `{{secrets/${privateScope(endpointId)}/${key}}}`;
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
