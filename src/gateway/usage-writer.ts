import type { UsageRow } from '../storage/usage';
import { insertUsageRows } from '../storage/usage';

// A request's usage row is written by that request alone, inside its own ctx.waitUntil: workerd
// binds I/O to the request that started it, so a write shared between requests (e.g. one D1 batch
// for rows that finished at the same time) fails or hangs when its owner ends, and takes the other
// requests' rows with it.

/** Writes the row, with one retry: usage rows are billing data and must not be dropped on a transient D1 error. */
export async function writeUsageRow(db: D1Database, row: UsageRow): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await insertUsageRows(db, [row]);
      return;
    } catch (err) {
      if (attempt === 1) console.error('usage row not written', row.request_id, String(err));
    }
  }
}
