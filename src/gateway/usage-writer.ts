import type { UsageRow } from '../storage/usage';
import { insertUsageRows } from '../storage/usage';

// Usage rows of one isolate go to D1 by group commit: a row is written at once when no write is
// under way; rows that finish while one is under way wait for it and then go together in one
// batch (one round trip, one transaction). Quiet traffic sees no delay; under load D1, a single
// database, gets one write per round trip instead of one per request. Each request's waitUntil
// holds the promise of the batch carrying its row, so the isolate lives until it is written.

interface Batch {
  db: D1Database;
  rows: UsageRow[];
  written: Promise<void>;
}

/** The batch collecting rows until the write under way (if any) is done. */
let collecting: Batch | null = null;
/** The write under way, which the next batch waits for. */
let underWay: Promise<void> = Promise.resolve();

/** Queues a row; the promise settles when the batch holding it has been written (or given up). */
export function writeUsageRow(db: D1Database, row: UsageRow): Promise<void> {
  // A different binding (another environment in the same isolate, e.g. tests) starts its own batch.
  if (!collecting || collecting.db !== db) collecting = startBatch(db);
  collecting.rows.push(row);
  return collecting.written;
}

function startBatch(db: D1Database): Batch {
  const rows: UsageRow[] = [];
  const written: Promise<void> = underWay.then(() => {
    if (collecting?.rows === rows) collecting = null;
    underWay = writeWithRetry(db, rows);
    return underWay;
  });
  return { db, rows, written };
}

/** One retry: usage rows are billing data and must not be dropped on a transient D1 error. */
async function writeWithRetry(db: D1Database, rows: UsageRow[]): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await insertUsageRows(db, rows);
      return;
    } catch (err) {
      if (attempt === 1) console.error('usage rows not written', rows.map((r) => r.request_id).join(','), String(err));
    }
  }
}
