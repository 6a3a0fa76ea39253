import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { invalidParameter } from '../gateway/errors';
import { summarizeUsage, type UsageGrouping } from '../storage/usage-summary';
import { usageFilter } from './usage';
import { isTagKey, tagFilter } from './usage-tags';

// GET /api/2.0/ai-gateway/usage/summary?group_by=endpoint|requester|served_entity|provider|day|hour|total|tag:<key>
// Requests, tokens, errors (status >= 400) and p50/p95 latency per group, over the same
// filters (the tag filter included) and permissions as /usage.

const GROUPINGS = [
  'endpoint',
  'requester',
  'served_entity',
  'provider',
  'day',
  'hour',
  'total',
] as const;

export const usageSummaryRoutes = new Hono<AppEnv>();

function grouping(value: string | undefined): UsageGrouping {
  const kind = GROUPINGS.find((g) => g === value);
  if (kind) return { kind };
  if (value?.startsWith('tag:') && isTagKey(value.slice(4)))
    return { kind: 'tag', key: value.slice(4) };
  throw invalidParameter(
    `group_by must be ${GROUPINGS.join(', ')} or tag:<key> (a key without quotes or backslashes).`,
  );
}

usageSummaryRoutes.get('/api/2.0/ai-gateway/usage/summary', async (c) => {
  const groupBy = c.req.query('group_by') ?? 'endpoint';
  const by = grouping(groupBy);
  const filter = { ...(await usageFilter(c)), tags: tagFilter(c.req.queries('tag')) };
  const groups = await summarizeUsage(c.env.DB, filter, by);
  return c.json({
    group_by: groupBy,
    start_time: filter.startTime ?? null,
    end_time: filter.endTime ?? null,
    groups,
  });
});
