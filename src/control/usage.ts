import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { hasPermission } from '../gateway/access';
import { invalidParameter, permissionDenied } from '../gateway/errors';
import { listEndpoints } from '../storage/endpoints';
import { listPermissionsFor } from '../storage/permissions';
import { queryUsage, type UsageFilter, type UsagePage } from '../storage/usage';
import { tagFilter } from './usage-tags';

// GET /api/2.0/ai-gateway/usage: usage rows of the endpoints the caller manages (all for the admin),
// optionally only those carrying given request tags.

export const usageRoutes = new Hono<AppEnv>();

export function timeParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n))
    throw invalidParameter(`${name} must be epoch milliseconds or an ISO date.`);
  return n;
}

const pageToken = z.strictObject({ time: z.int(), id: z.string() });

/** Page tokens are opaque to callers: base64 JSON of the last row's (event_time, request_id). */
export const encodePageToken = (time: number, id: string) => btoa(JSON.stringify({ time, id }));

export function decodePageToken(token: string): z.infer<typeof pageToken> {
  let raw: unknown;
  try {
    raw = JSON.parse(atob(token));
  } catch {
    raw = undefined;
  }
  const parsed = pageToken.safeParse(raw);
  if (!parsed.success)
    throw invalidParameter('page_token is not valid; pass next_page_token from the previous page.');
  return parsed.data;
}

export function maxResultsParam(value: string | undefined): number {
  const maxResults = value ? Number(value) : 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw invalidParameter('max_results must be an integer from 1 to 1000.');
  }
  return maxResults;
}

/** The endpoints whose usage the caller may read, or undefined for all (admin). */
export async function manageableEndpoints(
  db: D1Database,
  principal: AppEnv['Variables']['principal'],
): Promise<string[] | undefined> {
  if (principal.isAdmin) return undefined;
  const [endpoints, permissions] = await Promise.all([listEndpoints(db), listPermissionsFor(db)]);
  return endpoints
    .filter((e) => hasPermission(principal, e.creator, permissions.get(e.name) ?? [], 'CAN_MANAGE'))
    .map((e) => e.name);
}

/**
 * The filter shared by the usage routes: endpoint_name, requester, start_time, end_time, limited to
 * the endpoints the caller manages (403 when endpoint_name names another one).
 */
export async function usageFilter(c: Context<AppEnv>): Promise<UsageFilter> {
  const q = c.req.query();
  let allowed = await manageableEndpoints(c.env.DB, c.get('principal'));
  if (q.endpoint_name) {
    if (allowed && !allowed.includes(q.endpoint_name)) {
      throw permissionDenied(`You need CAN_MANAGE on '${q.endpoint_name}' to read its usage.`);
    }
    allowed = [q.endpoint_name];
  }
  return {
    endpointNames: allowed,
    requester: q.requester || undefined,
    startTime: timeParam(q.start_time, 'start_time'),
    endTime: timeParam(q.end_time, 'end_time'),
  };
}

/**
 * One page of rows, newest first, for the routes that list per-request rows (usage, inference):
 * filters from `usageFilter`, max_results, and page tokens over (event_time, request_id).
 */
export async function pageOfRows<R extends { event_time: number; request_id: string }>(
  c: Context<AppEnv>,
  query: (page: UsagePage) => Promise<R[]>,
): Promise<{ rows: R[]; next_page_token?: string }> {
  const q = c.req.query();
  const maxResults = maxResultsParam(q.max_results);
  const before = q.page_token ? decodePageToken(q.page_token) : undefined;
  const rows = await query({ ...(await usageFilter(c)), before, limit: maxResults + 1 });
  const page = rows.slice(0, maxResults);
  const last = page[page.length - 1];
  return {
    rows: page,
    ...(rows.length > maxResults
      ? { next_page_token: encodePageToken(last.event_time, last.request_id) }
      : {}),
  };
}

usageRoutes.get('/api/2.0/ai-gateway/usage', async (c) => {
  const tags = tagFilter(c.req.queries('tag'));
  return c.json(await pageOfRows(c, (page) => queryUsage(c.env.DB, { ...page, tags })));
});
