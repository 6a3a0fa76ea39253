import { servedEntities, type ServedEntity } from '../config/served-entity';
import { findEndpoint, type EndpointRecord } from '../storage/endpoints';
import { listPermissions, type PermissionEntry } from '../storage/permissions';
import { notFound } from './errors';
import { TtlCache } from './ttl-cache';

export interface LiveEndpoint {
  record: EndpointRecord;
  entities: ServedEntity[];
  permissions: PermissionEntry[];
}

// Endpoint config and permissions are cached per isolate so the hot path does no D1 read.
const cache = new TtlCache<LiveEndpoint | null>(5_000);

export const forgetEndpoint = (name: string) => cache.delete(name);

export function liveEndpoint(record: EndpointRecord, permissions: PermissionEntry[]): LiveEndpoint {
  return { record, entities: servedEntities(record.config), permissions };
}

export async function getEndpoint(db: D1Database, name: string): Promise<LiveEndpoint> {
  const live = await cache.get(name, async () => {
    const record = await findEndpoint(db, name);
    return record ? liveEndpoint(record, await listPermissions(db, name)) : null;
  });
  if (!live) throw notFound(`Serving endpoint '${name}' does not exist.`);
  return live;
}
