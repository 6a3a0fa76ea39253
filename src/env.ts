import type { FrontDoor } from './dialects/types';
import type { RateLimiter } from './gateway/rate-limiter-object';

/** Bindings and vars from wrangler.toml and secrets (.dev.vars locally). */
export interface Env {
  DB: D1Database;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  USAGE_EVENTS?: AnalyticsEngineDataset;
  /** Usage rows and inference records on their way to D1 and R2 (src/events/). */
  USAGE_QUEUE: Queue<Uint8Array>;
  /** The usage and inference archive, partitioned by hour (src/storage/archive.ts). */
  ARCHIVE: R2Bucket;
  /** Days D1 keeps raw usage rows and inference locations (default 7); rollups and R2 keep all. */
  USAGE_RETENTION_DAYS?: string;
  /** How long an isolate gathers finished requests' events into shared queue messages (ms, default 1000). */
  USAGE_BATCH_WINDOW_MS?: string;
  GATEWAY_ADMIN_TOKEN: string;
  /** base64 of 32 bytes; derived from GATEWAY_ADMIN_TOKEN when absent. */
  GATEWAY_SECRETS_KEY?: string;
  /** "closed" (503) or "open" when a rate-limit Durable Object cannot be reached. */
  RATE_LIMIT_FAILURE_MODE?: string;
  RESPONSES_RETENTION_DAYS?: string;
  /** The largest request body read, in bytes (default 32 MiB); larger ones are answered 413. */
  MAX_REQUEST_BODY_BYTES?: string;
}

/** Who is calling, resolved from the admin token or a gateway token. */
export interface Principal {
  name: string;
  type: 'user' | 'service_principal';
  groups: string[];
  isAdmin: boolean;
  tokenId?: string;
}

export interface AppVariables {
  principal: Principal;
  requestId: string;
  /** The dialect of the base URL the request came in on: its errors' shape, where its token goes. */
  frontDoor: FrontDoor;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
