import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { invalidParameter } from '../gateway/errors';
import { summarizeUsage, type UsageGrouping } from '../storage/usage-summary';
import { usageFilter } from './usage';

// GET /api/2.0/ai-gateway/usage/summary?group_by=endpoint|requester|served_entity|tag:<key>|day
// Requests, tokens, errors (status >= 400) and p50/p95 latency per group, over the same
// filters and permissions as /usage.

export const usageSummaryRoutes = new Hono<AppEnv>();

function grouping(value: string | undefined): UsageGrouping {
  if (value === 'endpoint' || value === 'requester' || value === 'served_entity' || value === 'day')
    return { kind: value };
  if (value?.startsWith('tag:')) {
    const key = value.slice(4);
    if (key && !/["\\]/.test(key)) return { kind: 'tag', key };
  }
  throw invalidParameter(
    'group_by must be endpoint, requester, served_entity, day or tag:<key> (a key without quotes or backslashes).',
  );
}

usageSummaryRoutes.get('/api/2.0/ai-gateway/usage/summary', async (c) => {
  const groupBy = c.req.query('group_by') ?? 'endpoint';
  const by = grouping(groupBy);
  const filter = await usageFilter(c);
  const groups = await summarizeUsage(c.env.DB, filter, by);
  return c.json({
    group_by: groupBy,
    start_time: filter.startTime ?? null,
    end_time: filter.endTime ?? null,
    groups,
  });
});
