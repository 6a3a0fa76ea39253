import type { Env } from '../env';
import { putUsageArchive } from '../storage/archive';
import {
  inferenceObjects,
  insertInferenceLocations,
  type InferenceLocation,
  type InferenceRecord,
} from '../storage/inference';
import { latencyBucket } from '../storage/latency-histogram';
import {
  deleteExpiredRows,
  insertUsageJson,
  usageRowsOfBatch,
  type UsageRow,
} from '../storage/usage';
import { rollupStatements } from '../storage/usage-rollups';
import { keepDeadLetter } from './dead-letter';
import { decodeMessage, joinParts, MalformedMessage, type EventBody } from './messages';

// The usage queue's consumer. Per delivered batch:
//   1. inference records to R2, one object per message (its key is the message id, so a retry
//      rewrites the same object);
//   2. one D1 transaction: raw rows inserted unless already there, rollup increments from exactly
//      the rows inserted now, inference locations, an archive note, and a bounded retention step;
//   3. the rows inserted now to the R2 usage archive, then the note is cleared. A note left behind
//      (R2 failed) is finished by a later delivery, from the rows in D1.
// Queues deliver at least once; the transaction makes a redelivered event count once. A message
// that keeps failing is retried with backoff and then moves to the dead-letter queue.

/** Bytes of row JSON per statement: D1 takes strings of up to 2 MB. */
const JSON_CHUNK = 1_000_000;
/** Archive notes older than this are taken to belong to a delivery that failed half way. */
const STALE_NOTE_MS = 60_000;
const DEFAULT_RETENTION_DAYS = 7;
const PART_PREFIX = 'parts/';

interface Delivered {
  message: Message<ArrayBuffer>;
  id: string;
  body: EventBody;
  /** Part objects to delete once the joined event is stored. */
  parts: string[];
}

/** A random 53-bit id for one delivery attempt (an integer: D1 keeps it in every raw row). */
function newDeliveryId(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return (high & 0x1fffff) * 2 ** 32 + low;
}

/** Exponential backoff for a message's next attempt: 10 s, 20 s, 40 s … up to 10 minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(600, 10 * 2 ** (attempts - 1));

export async function consumeUsageEvents(
  batch: MessageBatch<ArrayBuffer>,
  env: Env,
): Promise<void> {
  const delivered = (await Promise.all(batch.messages.map((m) => receive(env, m)))).filter(
    (d): d is Delivered => d !== null,
  );
  const stored = await storeInference(env, delivered);
  const ok = stored.filter((s) => s.locations !== null);
  const batchId = newDeliveryId();
  let inserted: UsageRow[];
  try {
    inserted = await commit(env, batchId, ok);
  } catch (err) {
    console.error('usage batch not stored; retrying', String(err));
    for (const { delivery } of ok)
      delivery.message.retry({ delaySeconds: retryDelaySeconds(delivery.message.attempts) });
    return;
  }
  for (const { delivery } of ok) delivery.message.ack();
  // From here on the events are counted; what is left is R2 bookkeeping that a later delivery
  // finishes if it fails now.
  await archiveInserted(env, batchId, inserted);
  await deleteParts(
    env,
    ok.flatMap((s) => s.delivery.parts),
  );
  await finishStaleArchives(env);
}

async function deleteParts(env: Env, keys: string[]): Promise<void> {
  if (!keys.length) return;
  try {
    await env.ARCHIVE.delete(keys);
  } catch (err) {
    // The bucket's lifecycle rule on parts/ removes them later (README).
    console.error('joined parts not deleted', String(err));
  }
}

/** A message decoded; a part is kept in R2 until its last sibling arrives. Null: nothing to store yet. */
async function receive(env: Env, message: Message<ArrayBuffer>): Promise<Delivered | null> {
  try {
    const decoded = decodeMessage(new Uint8Array(message.body));
    if (decoded.kind === 'bundle')
      return { message, id: decoded.id, body: decoded.body, parts: [] };
    const { id, part } = decoded;
    const prefix = `${PART_PREFIX}${id}/`;
    await env.ARCHIVE.put(`${prefix}${String(part.index).padStart(5, '0')}`, decoded.bytes);
    const listed = await env.ARCHIVE.list({ prefix });
    if (listed.objects.length < part.count) {
      message.ack();
      return null;
    }
    const keys = listed.objects.map((o) => o.key).sort();
    const chunks = await Promise.all(
      keys.map(async (key) => new Uint8Array(await (await env.ARCHIVE.get(key))!.arrayBuffer())),
    );
    return { message, id, body: joinParts(part.kind, chunks), parts: keys };
  } catch (err) {
    if (err instanceof MalformedMessage) {
      await keepDeadLetter(env, message, err.message);
      message.ack();
    } else {
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
    return null;
  }
}

/** Writes each message's inference records to R2; a message whose write fails is retried alone. */
async function storeInference(
  env: Env,
  delivered: Delivered[],
): Promise<Array<{ delivery: Delivered; locations: InferenceLocation[] | null }>> {
  return Promise.all(
    delivered.map(async (delivery) => {
      const records = delivery.body.inference;
      if (!records.length) return { delivery, locations: [] };
      try {
        const objects = await inferenceObjects(
          delivery.id,
          records.map((record: InferenceRecord) => ({ record, json: JSON.stringify(record) })),
        );
        await Promise.all(objects.map((o) => env.ARCHIVE.put(o.key, o.bytes)));
        return { delivery, locations: objects.flatMap((o) => o.locations) };
      } catch (err) {
        console.error('inference records not stored; retrying', delivery.id, String(err));
        delivery.message.retry({ delaySeconds: retryDelaySeconds(delivery.message.attempts) });
        return { delivery, locations: null };
      }
    }),
  );
}

/** Items in groups whose JSON array stays under JSON_CHUNK characters, with that JSON. */
function jsonGroups<T>(items: readonly T[]): Array<{ items: T[]; json: string }> {
  const groups: Array<{ items: T[]; json: string }> = [];
  let current: T[] = [];
  let parts: string[] = [];
  let size = 0;
  const close = () => groups.push({ items: current, json: `[${parts.join(',')}]` });
  for (const item of items) {
    const json = JSON.stringify(item);
    if (parts.length && size + json.length > JSON_CHUNK) {
      close();
      current = [];
      parts = [];
      size = 0;
    }
    current.push(item);
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length) close();
  return groups;
}

function retentionMs(env: Env): number {
  const days = Number(env.USAGE_RETENTION_DAYS);
  return (Number.isFinite(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS) * 86_400_000;
}

/** The one D1 transaction of a delivery. Returns the rows it inserted (not those already there). */
async function commit(
  env: Env,
  batchId: number,
  stored: Array<{ delivery: Delivered; locations: InferenceLocation[] | null }>,
): Promise<UsageRow[]> {
  const rows = new Map<string, UsageRow>();
  for (const { delivery } of stored)
    for (const row of delivery.body.usage) rows.set(row.request_id, row);
  const locations = stored.flatMap((s) => s.locations ?? []);
  const db = env.DB;
  const now = Date.now();
  const statements: D1PreparedStatement[] = [];
  const inserts: number[] = [];
  for (const group of jsonGroups([...rows.values()])) {
    inserts.push(statements.length);
    // The rollups join the inserted rows by id: they get only ids and latency buckets, as D1's
    // client serializes every bound parameter again.
    const keys = group.items.map((row) => ({
      request_id: row.request_id,
      latency_bucket: row.latency_ms === null ? null : latencyBucket(row.latency_ms),
    }));
    statements.push(
      insertUsageJson(db, group.json, batchId),
      ...rollupStatements(db, JSON.stringify(keys), batchId),
    );
  }
  if (rows.size)
    statements.push(
      db
        .prepare(
          'INSERT INTO usage_archive_outbox (batch_id, created_at, request_ids) VALUES (?, ?, ?)',
        )
        .bind(batchId, now, JSON.stringify([...rows.keys()])),
    );
  for (const { json } of jsonGroups(locations)) statements.push(insertInferenceLocations(db, json));
  // Retention keeps pace with inserts: each delivery deletes up to twice what it adds.
  const cutoff = now - retentionMs(env);
  const step = Math.max(1000, 2 * (rows.size + locations.length));
  statements.push(deleteExpiredRows(db, 'usage', cutoff, step));
  statements.push(deleteExpiredRows(db, 'inference_log', cutoff, step));
  const results = await db.batch<{ request_id: string }>(statements);
  return inserts.flatMap((i) => results[i].results.map((r) => rows.get(r.request_id)!));
}

/** The rows this delivery inserted, into the R2 archive; then its note is cleared. */
async function archiveInserted(env: Env, batchId: number, inserted: UsageRow[]): Promise<void> {
  try {
    await putUsageArchive(env.ARCHIVE, batchId, inserted);
    await clearNote(env, batchId);
  } catch (err) {
    console.error(
      'usage archive not written yet; a later delivery finishes it',
      batchId,
      String(err),
    );
  }
}

const clearNote = (env: Env, batchId: number) =>
  env.DB.prepare('DELETE FROM usage_archive_outbox WHERE batch_id = ?').bind(batchId).run();

/** Archives of deliveries that stored their rows in D1 but failed before R2, rebuilt from D1. */
async function finishStaleArchives(env: Env): Promise<void> {
  try {
    const { results } = await env.DB.prepare(
      'SELECT batch_id, request_ids FROM usage_archive_outbox WHERE created_at < ? ORDER BY created_at LIMIT 5',
    )
      .bind(Date.now() - STALE_NOTE_MS)
      .all<{ batch_id: number; request_ids: string }>();
    for (const note of results) {
      const rows = await usageRowsOfBatch(env.DB, JSON.parse(note.request_ids), note.batch_id);
      await putUsageArchive(env.ARCHIVE, note.batch_id, rows);
      await clearNote(env, note.batch_id);
    }
  } catch (err) {
    console.error('stale usage archives not finished; the next delivery tries again', String(err));
  }
}
