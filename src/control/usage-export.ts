import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { invalidParameter, permissionDenied } from '../gateway/errors';
import { gunzipText, hourOf, hoursBetween, listHour } from '../storage/archive';
import { timeParam } from './usage';

// GET /api/2.0/ai-gateway/usage/export?start_time=&end_time= (admin): the archived usage rows of a
// time range as NDJSON, streamed hour by hour from R2, for a warehouse or DuckDB.

export const usageExportRoutes = new Hono<AppEnv>();

const encoder = new TextEncoder();

/** Rows of [start, end): whole objects for inner hours, row by row at the range's edges. */
async function* archivedRows(bucket: R2Bucket, start: number, end: number): AsyncGenerator<string> {
  for (const hour of hoursBetween(start, end)) {
    const edge = hour < start || hourOf(end - 1) === hour;
    for (const key of await listHour(bucket, 'usage', hour)) {
      const object = await bucket.get(key);
      if (!object) continue;
      const text = await gunzipText(await object.arrayBuffer());
      if (!edge) {
        yield text;
        continue;
      }
      const kept = text
        .split('\n')
        .filter((line) => {
          if (!line) return false;
          const t = (JSON.parse(line) as { event_time: number }).event_time;
          return t >= start && t < end;
        })
        .map((line) => `${line}\n`)
        .join('');
      if (kept) yield kept;
    }
  }
}

function ndjsonStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

usageExportRoutes.get('/api/2.0/ai-gateway/usage/export', (c) => {
  if (!c.get('principal').isAdmin) throw permissionDenied('Only the admin may export usage.');
  const start = timeParam(c.req.query('start_time'), 'start_time');
  const end = timeParam(c.req.query('end_time'), 'end_time');
  if (start === undefined || end === undefined)
    throw invalidParameter(
      'start_time and end_time are required (epoch milliseconds or ISO dates).',
    );
  if (end <= start) throw invalidParameter('end_time must be after start_time.');
  return new Response(ndjsonStream(archivedRows(c.env.ARCHIVE, start, end)), {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8' },
  });
});
