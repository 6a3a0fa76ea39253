import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { invalidParameter } from '../gateway/errors';
import { INFERENCE_BODY_LIMIT } from '../gateway/inference-log';
import { queryInference } from '../storage/inference';
import { pageOfRows } from './usage';

// GET /api/2.0/ai-gateway/inference?endpoint_name=…: the inference table of one endpoint
// (CAN_MANAGE or admin), newest first, with the filters and paging of /usage.

export const inferenceRoutes = new Hono<AppEnv>();

inferenceRoutes.get('/api/2.0/ai-gateway/inference', async (c) => {
  if (!c.req.query('endpoint_name')) throw invalidParameter('endpoint_name is required.');
  const page = await pageOfRows(c, (p) => queryInference(c.env.DB, c.env.ARCHIVE, p));
  return c.json({ ...page, body_limit: INFERENCE_BODY_LIMIT });
});
