import { PendingWrites } from './pending-writes';
import type { JsonObject } from '../formats/json';

// Stored Responses API responses (table stored_responses): the response object and the input
// items it answered (the whole conversation so far), owned by the principal who made it.

export interface StoredResponse {
  id: string;
  owner: string;
  endpointName: string;
  createdAt: number;
  expiresAt: number;
  previousResponseId: string | null;
  inputItems: Record<string, unknown>[];
  response: JsonObject;
}

/** A row of stored_responses as D1 returns it. */
interface StoredRow {
  id: string;
  owner: string;
  endpoint_name: string;
  created_at: number;
  expires_at: number;
  previous_response_id: string | null;
  input_items: string;
  response: string;
}

const pending = new PendingWrites();

export function saveResponse(db: D1Database, r: StoredResponse): Promise<void> {
  return pending.track([r.id], insert(db, r));
}

async function insert(db: D1Database, r: StoredResponse): Promise<void> {
  await db.batch([
    db
      .prepare(
        'INSERT OR REPLACE INTO stored_responses (id, owner, endpoint_name, created_at, expires_at, previous_response_id, input_items, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .bind(
        r.id,
        r.owner,
        r.endpointName,
        r.createdAt,
        r.expiresAt,
        r.previousResponseId,
        JSON.stringify(r.inputItems),
        JSON.stringify(r.response),
      ),
    // Expired rows go as new ones come, so the table never grows past the retention window.
    db.prepare('DELETE FROM stored_responses WHERE expires_at < ?').bind(r.createdAt),
  ]);
}

/** The owner's unexpired response, or null (another principal's id looks exactly like a missing one). */
export async function getResponse(
  db: D1Database,
  id: string,
  owner: string,
  now = Date.now(),
): Promise<StoredResponse | null> {
  await pending.settled([id]);
  const row = await db
    .prepare('SELECT * FROM stored_responses WHERE id = ? AND owner = ? AND expires_at >= ?')
    .bind(id, owner, now)
    .first<StoredRow>();
  if (!row) return null;
  return {
    id: row.id,
    owner: row.owner,
    endpointName: row.endpoint_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    previousResponseId: row.previous_response_id,
    inputItems: JSON.parse(row.input_items),
    response: JSON.parse(row.response),
  };
}

export async function deleteResponse(db: D1Database, id: string, owner: string): Promise<boolean> {
  await pending.settled([id]);
  const res = await db
    .prepare('DELETE FROM stored_responses WHERE id = ? AND owner = ?')
    .bind(id, owner)
    .run();
  return (res.meta.changes ?? 0) > 0;
}
