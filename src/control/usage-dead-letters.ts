import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { permissionDenied } from '../gateway/errors';
import { DEAD_LETTER_PREFIX } from '../events/dead-letter';

// POST /api/2.0/ai-gateway/usage/dead-letters/replay (admin): puts up to 100 dead-lettered usage
// messages back on the usage queue (say, after a D1 outage), oldest first. Each goes back as it
// came, so the consumer still counts every event once.

export const usageDeadLetterRoutes = new Hono<AppEnv>();

const REPLAY_BATCH = 100;

usageDeadLetterRoutes.post('/api/2.0/ai-gateway/usage/dead-letters/replay', async (c) => {
  if (!c.get('principal').isAdmin)
    throw permissionDenied('Only the admin may replay dead letters.');
  const listed = await c.env.ARCHIVE.list({ prefix: DEAD_LETTER_PREFIX, limit: REPLAY_BATCH });
  let replayed = 0;
  for (const { key } of listed.objects) {
    const object = await c.env.ARCHIVE.get(key);
    if (!object) continue;
    await c.env.USAGE_QUEUE.send(new Uint8Array(await object.arrayBuffer()), {
      contentType: 'bytes',
    });
    await c.env.ARCHIVE.delete(key);
    replayed++;
  }
  return c.json({ replayed, remaining: listed.truncated });
});
