import { PendingWrites } from './pending-writes';

// Responses a provider stored itself (tables forwarded_responses and forwarded_response_items):
// the provider keeps the body under the gateway's one upstream key, the gateway keeps who owns
// it and which endpoint and served entity hold it, so one principal never reaches another's.

export interface ForwardedResponse {
  id: string;
  owner: string;
  endpointName: string;
  servedEntityName: string;
  createdAt: number;
  expiresAt: number;
  /** Ids of the response's output items (item_reference and echoed items name them). */
  itemIds: string[];
}

/** An item id this gateway recorded: whose it is, and which response, endpoint and entity hold it. */
export interface ForwardedItem {
  itemId: string;
  responseId: string;
  owner: string;
  endpointName: string;
  servedEntityName: string;
}

const pending = new PendingWrites();

/** Records a response; an id recorded before keeps its first owner (ownership never moves). */
export function saveForwardedResponse(db: D1Database, r: ForwardedResponse): Promise<void> {
  return pending.track([r.id, ...r.itemIds], insert(db, r));
}

async function insert(db: D1Database, r: ForwardedResponse): Promise<void> {
  await db.batch([
    db
      .prepare(
        'INSERT OR IGNORE INTO forwarded_responses (id, owner, endpoint_name, served_entity_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .bind(r.id, r.owner, r.endpointName, r.servedEntityName, r.createdAt, r.expiresAt),
    ...r.itemIds.map((itemId) =>
      db
        .prepare(
          'INSERT OR IGNORE INTO forwarded_response_items (item_id, response_id, owner, expires_at) VALUES (?, ?, ?, ?)',
        )
        .bind(itemId, r.id, r.owner, r.expiresAt),
    ),
    // Expired records go as new ones come, so the tables never grow past the retention window.
    db.prepare('DELETE FROM forwarded_responses WHERE expires_at < ?').bind(r.createdAt),
    db.prepare('DELETE FROM forwarded_response_items WHERE expires_at < ?').bind(r.createdAt),
  ]);
}

/** The owner's unexpired record, or null (another principal's id looks exactly like a missing one). */
export async function getForwardedResponse(
  db: D1Database,
  id: string,
  owner: string,
  now = Date.now(),
): Promise<Omit<ForwardedResponse, 'itemIds'> | null> {
  await pending.settled([id]);
  const row = await db
    .prepare('SELECT * FROM forwarded_responses WHERE id = ? AND owner = ? AND expires_at >= ?')
    .bind(id, owner, now)
    .first<{
      id: string;
      owner: string;
      endpoint_name: string;
      served_entity_name: string;
      created_at: number;
      expires_at: number;
    }>();
  if (!row) return null;
  return {
    id: row.id,
    owner: row.owner,
    endpointName: row.endpoint_name,
    servedEntityName: row.served_entity_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;

/** The recorded items among `itemIds`, whoever owns them (unexpired only). */
export async function findForwardedItems(
  db: D1Database,
  itemIds: string[],
  now = Date.now(),
): Promise<ForwardedItem[]> {
  if (itemIds.length === 0) return [];
  await pending.settled(itemIds);
  const chunks: string[][] = [];
  for (let i = 0; i < itemIds.length; i += IDS_PER_QUERY)
    chunks.push(itemIds.slice(i, i + IDS_PER_QUERY));
  const results = await db.batch(
    chunks.map((ids) =>
      db
        .prepare(
          `SELECT i.item_id, i.response_id, i.owner, r.endpoint_name, r.served_entity_name FROM forwarded_response_items i JOIN forwarded_responses r ON r.id = i.response_id
           WHERE i.expires_at >= ? AND i.item_id IN (${ids.map(() => '?').join(',')})`,
        )
        .bind(now, ...ids),
    ),
  );
  type Row = {
    item_id: string;
    response_id: string;
    owner: string;
    endpoint_name: string;
    served_entity_name: string;
  };
  return results.flatMap((r) =>
    (r.results as Row[]).map((row) => ({
      itemId: row.item_id,
      responseId: row.response_id,
      owner: row.owner,
      endpointName: row.endpoint_name,
      servedEntityName: row.served_entity_name,
    })),
  );
}

export async function deleteForwardedResponse(
  db: D1Database,
  id: string,
  owner: string,
): Promise<void> {
  await pending.settled([id]);
  await db.batch([
    db.prepare('DELETE FROM forwarded_responses WHERE id = ? AND owner = ?').bind(id, owner),
    db
      .prepare('DELETE FROM forwarded_response_items WHERE response_id = ? AND owner = ?')
      .bind(id, owner),
  ]);
}
