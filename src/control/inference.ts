import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { GatewayError } from '../gateway/errors';
import { INFERENCE_BODY_LIMIT } from '../gateway/inference-log';
import { queryInference } from '../storage/inference';
import { decodePageToken, encodePageToken, maxResultsParam, usageFilter } from './usage';

// GET /api/2.0/ai-gateway/inference?endpoint_name=…: the inference table of one endpoint
// (CAN_MANAGE or admin), newest first, with the filters and paging of /usage.

export const inferenceRoutes = new Hono<AppEnv>();

inferenceRoutes.get('/api/2.0/ai-gateway/inference', async (c) => {
  const q = c.req.query();
  if (!q.endpoint_name) throw new GatewayError(400, 'endpoint_name is required.', 'INVALID_PARAMETER_VALUE');
  const maxResults = maxResultsParam(q.max_results);
  const before = q.page_token ? decodePageToken(q.page_token) : undefined;
  const rows = await queryInference(c.env.DB, { ...(await usageFilter(c)), before, limit: maxResults + 1 });
  const page = rows.slice(0, maxResults);
  const last = page[page.length - 1];
  return c.json({
    rows: page,
    body_limit: INFERENCE_BODY_LIMIT,
    ...(rows.length > maxResults ? { next_page_token: encodePageToken(last.event_time, last.request_id) } : {}),
  });
});
