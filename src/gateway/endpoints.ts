import type { ProviderName, Task } from '../control/endpoint-schema';
import { CONFIG_BLOCK } from '../control/endpoint-schema';
import { findEndpoint, type EndpointRecord } from '../storage/endpoints';
import { listPermissions, type PermissionEntry } from '../storage/permissions';
import { notFound } from './errors';
import { TtlCache } from './ttl-cache';

/** One served entity as the data plane uses it. */
export interface ServedEntity {
  name: string;
  provider: ProviderName;
  /** The provider's model name (external_model.name). */
  model: string;
  task: Task;
  /** The `<provider>_config` block, credentials as {{secrets/…}} references. */
  config: Record<string, any>;
  /** Share of traffic, 0-100. */
  trafficPercentage: number;
}

export interface LiveEndpoint {
  record: EndpointRecord;
  entities: ServedEntity[];
  permissions: PermissionEntry[];
}

// Endpoint config and permissions are cached per isolate so the hot path does no D1 read.
const cache = new TtlCache<LiveEndpoint | null>(5_000);

export const forgetEndpoint = (name: string) => cache.delete(name);

export function liveEndpoint(record: EndpointRecord, permissions: PermissionEntry[]): LiveEndpoint {
  const routes = record.config.traffic_config?.routes;
  const entities = record.config.served_entities.map((e, i): ServedEntity => {
    const name = e.name ?? e.external_model.name;
    const route = routes?.find((r) => (r.served_model_name ?? r.served_entity_name) === name);
    const provider = e.external_model.provider as ProviderName;
    return {
      name,
      provider,
      model: e.external_model.name,
      task: e.external_model.task,
      config: (e.external_model as Record<string, any>)[CONFIG_BLOCK[provider]] ?? {},
      // Without a traffic config, all traffic goes to the first entity; the others serve as fallbacks.
      trafficPercentage: routes ? route?.traffic_percentage ?? 0 : i === 0 ? 100 : 0,
    };
  });
  return { record, entities, permissions };
}

export async function getEndpoint(db: D1Database, name: string): Promise<LiveEndpoint> {
  const live = await cache.get(name, async () => {
    const record = await findEndpoint(db, name);
    return record ? liveEndpoint(record, await listPermissions(db, name)) : null;
  });
  if (!live) throw notFound(`Serving endpoint '${name}' does not exist.`);
  return live;
}
