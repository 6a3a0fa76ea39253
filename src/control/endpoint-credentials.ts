import { credentialFields, locateCredential } from '../config/credentials';
import { entityName, type EndpointCoreConfig } from '../config/endpoint-config';
import { uncheckedProviderBlock } from '../config/external-model';
import { parseSecretReference, secretReference } from '../config/secret-ref';
import type { Env } from '../env';
import { forgetSecret } from '../gateway/credentials';
import { invalidParameter, permissionDenied, resourceMissing } from '../gateway/errors';
import { PRIVATE_SCOPE_PREFIX } from '../config/control-requests';
import { putSecret, secretExists } from '../storage/secrets';

// Credentials in endpoint configs: references must name existing secrets; *_plaintext values are
// stored encrypted like secrets (in a scope private to the endpoint) and replaced by a reference,
// so D1 never holds a credential in clear. Reads show them redacted.

export const REDACTED = '[REDACTED]';

const privateScope = (endpointId: string) => `${PRIVATE_SCOPE_PREFIX}${endpointId}`;

/** The scope of a reference to some endpoint's private credential; undefined for secrets users stored. */
function privateScopeOf(ref: string): string | undefined {
  const scope = parseSecretReference(ref)?.scope;
  return scope?.startsWith(PRIVATE_SCOPE_PREFIX) ? scope : undefined;
}

interface CredentialSlot {
  entityName: string;
  holder: Record<string, unknown>;
  leaf: string;
  path: string;
}

function slots(config: EndpointCoreConfig): CredentialSlot[] {
  const out: CredentialSlot[] = [];
  for (const entity of config.served_entities) {
    // Stored configs are read as they are: one written under older rules must still show and be replaced.
    const found = uncheckedProviderBlock(entity.external_model);
    if (!found?.config) continue;
    const { provider, config: block } = found;
    for (const { path } of credentialFields(provider, block)) {
      const { holder, leaf } = locateCredential(block, path);
      if (holder) out.push({ entityName: entityName(entity), holder, leaf, path });
    }
  }
  return out;
}

/** The slot's reference (or, given `_plaintext`, its plaintext value), if there is one. */
const valueIn = (slot: CredentialSlot, suffix: '' | '_plaintext' = '') => {
  const value = slot.holder[`${slot.leaf}${suffix}`];
  return typeof value === 'string' ? value : undefined;
};

/** JSON with sorted keys, so two configs compare equal whatever their key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
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
  return new Map(copy.served_entities.map((e) => [entityName(e), stableJson(e.external_model)]));
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
  for (const entity of config.served_entities) entity.name = entityName(entity);
  const previousRefs = new Map(
    previous ? slots(previous).map((s) => [`${s.entityName}/${s.path}`, valueIn(s)]) : [],
  );
  const before = previous ? destinations(previous) : new Map<string, string>();
  const after = destinations(config);
  /** A stored credential may stay only where it was, going where it went; the admin may do anything else. */
  const mayKeep = (slot: CredentialSlot, ref: string) => {
    const unchanged =
      previousRefs.get(`${slot.entityName}/${slot.path}`) === ref &&
      before.get(slot.entityName) === after.get(slot.entityName);
    const held = privateScopeOf(ref);
    const otherEndpoints = held !== undefined && held !== privateScope(endpointId);
    return unchanged || (callerIsAdmin && !otherEndpoints);
  };
  // Check everything first and store afterwards: a rejected config must leave no credential behind.
  const toStore: { slot: CredentialSlot; key: string; plain: string }[] = [];
  for (const slot of slots(config)) {
    const plain = valueIn(slot, '_plaintext');
    if (plain !== undefined) {
      delete slot.holder[`${slot.leaf}_plaintext`];
      const key = `${slot.entityName}/${slot.path}`;
      if (plain === REDACTED) {
        const kept = previousRefs.get(key);
        if (!kept)
          throw invalidParameter(
            `${slot.leaf}_plaintext of served entity ${slot.entityName}: give the credential itself, not ${REDACTED}`,
          );
        if (!mayKeep(slot, kept)) {
          throw permissionDenied(
            `${slot.leaf}_plaintext of served entity ${slot.entityName}: the stored credential stays with its old settings; give the credential itself to change them.`,
          );
        }
        slot.holder[slot.leaf] = kept;
      } else {
        toStore.push({ slot, key, plain });
      }
      continue;
    }
    const ref = valueIn(slot);
    if (ref === undefined) continue;
    if (!mayKeep(slot, ref)) {
      throw permissionDenied(
        `${slot.leaf} of served entity ${slot.entityName}: only the admin may refer to a stored secret here; give ${slot.leaf}_plaintext instead.`,
      );
    }
    const { scope, key } = parseSecretReference(ref)!;
    if (!(await secretExists(env.DB, scope, key))) {
      throw resourceMissing(
        `${slot.leaf} of served entity ${slot.entityName} refers to secret ${scope}/${key}, which does not exist.`,
      );
    }
  }
  for (const { slot, key, plain } of toStore) {
    await putSecret(env, privateScope(endpointId), key, plain, endpointId);
    forgetSecret(privateScope(endpointId), key);
    slot.holder[slot.leaf] = secretReference(privateScope(endpointId), key);
  }
  return config;
}

/** The config as users see it: their own references, and REDACTED for values given in plaintext. */
export function redactCredentials(stored: EndpointCoreConfig): EndpointCoreConfig {
  const config = structuredClone(stored);
  for (const slot of slots(config)) {
    const ref = valueIn(slot);
    if (ref !== undefined && privateScopeOf(ref)) {
      delete slot.holder[slot.leaf];
      slot.holder[`${slot.leaf}_plaintext`] = REDACTED;
    } else if (ref !== undefined && !parseSecretReference(ref)) {
      slot.holder[slot.leaf] = REDACTED;
    }
  }
  return config;
}
