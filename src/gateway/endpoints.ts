import type * as z from 'zod/mini';
import { aiGatewayConfig } from '../config/ai-gateway';
import { endpointCoreConfig } from '../config/endpoint-config';
import { describeIssues } from '../config/issues';
import { servedEntities, type ServedEntity } from '../config/served-entity';
import { findEndpoint, type EndpointRecord } from '../storage/endpoints';
import { listPermissions, type PermissionEntry } from '../storage/permissions';
import { GatewayError, notFound } from './errors';
import { TtlCache } from './ttl-cache';

export interface LiveEndpoint {
  record: EndpointRecord;
  entities: ServedEntity[];
  permissions: PermissionEntry[];
}

/** A stored endpoint whose config no longer parses: which part, for the error callers get. */
interface UnreadableEndpoint {
  unreadable: 'config' | 'ai_gateway';
}

/** Where the owner sets each part again. */
const SET_AGAIN = { config: 'config', ai_gateway: 'ai-gateway' } as const;

// Endpoint config and permissions are cached per isolate so the hot path does no D1 read; so is
// an unreadable config, so that each request does not read and log it again.
const cache = new TtlCache<LiveEndpoint | UnreadableEndpoint | null>(5_000);

export const forgetEndpoint = (name: string) => cache.delete(name);

export function liveEndpoint(record: EndpointRecord, permissions: PermissionEntry[]): LiveEndpoint {
  return { record, entities: servedEntities(record.config), permissions };
}

/**
 * The stored endpoint with its config and ai_gateway parsed again: they were valid when written,
 * but the schema may have tightened since. One that no longer parses is logged and unreadable.
 */
async function load(
  db: D1Database,
  name: string,
): Promise<LiveEndpoint | UnreadableEndpoint | null> {
  const record = await findEndpoint(db, name);
  if (!record) return null;
  const config = endpointCoreConfig.safeParse(record.config);
  if (!config.success) return unreadable(name, 'config', config.error);
  const aiGateway = aiGatewayConfig.safeParse(record.ai_gateway);
  if (!aiGateway.success) return unreadable(name, 'ai_gateway', aiGateway.error);
  return liveEndpoint(
    { ...record, config: config.data, ai_gateway: aiGateway.data },
    await listPermissions(db, name),
  );
}

function unreadable(
  name: string,
  part: UnreadableEndpoint['unreadable'],
  error: z.core.$ZodError,
): UnreadableEndpoint {
  console.error(
    `the stored ${part} of serving endpoint '${name}' no longer parses:`,
    describeIssues(error),
  );
  return { unreadable: part };
}

export async function getEndpoint(db: D1Database, name: string): Promise<LiveEndpoint> {
  const live = await cache.get(name, () => load(db, name));
  if (!live) throw notFound(`Serving endpoint '${name}' does not exist.`);
  if ('unreadable' in live) {
    throw new GatewayError({
      status: 502,
      message: `Serving endpoint '${name}' has a stored ${live.unreadable} this gateway cannot read; its owner must set it again (PUT /api/2.0/serving-endpoints/${name}/${SET_AGAIN[live.unreadable]}).`,
      code: 'endpoint_config_invalid',
    });
  }
  return live;
}
