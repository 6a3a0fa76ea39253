import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { writeUsageRow } from '../../src/gateway/usage-writer';
import { unique } from '../helpers/gateway';
import { usageRow } from '../helpers/usage-rows';

// Group commit of usage rows: a row alone is written at once; rows that finish while a write is
// under way go together in the next D1 batch, and every row lands.

/** The test database, counting its batches and failing the first `failures` of them. */
function countingDb(failures = 0) {
  const batches: number[] = [];
  const db = new Proxy(env.DB, {
    get(target, key) {
      if (key !== 'batch') return Reflect.get(target, key).bind(target);
      return async (statements: D1PreparedStatement[]) => {
        batches.push(statements.length);
        if (batches.length <= failures) throw new Error('D1_ERROR: transient');
        return target.batch(statements);
      };
    },
  });
  return { db, batches };
}

const countRows = async (endpoint: string) => (await env.DB.prepare('SELECT COUNT(*) AS n FROM usage WHERE endpoint_name = ?').bind(endpoint).first<{ n: number }>())!.n;

describe('usage rows by group commit', () => {
  it('writes a lone row at once, then the rows that came during that write in one batch', async () => {
    const endpoint = unique('writer');
    const { db, batches } = countingDb();
    const row = () => usageRow({ request_id: crypto.randomUUID(), endpoint_name: endpoint });
    const first = writeUsageRow(db, row());
    await Promise.resolve();
    // These finish while the first write is under way.
    const rest = Array.from({ length: 9 }, () => writeUsageRow(db, row()));
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([1, 9]);
    expect(await countRows(endpoint)).toBe(10);
  });

  it('retries a batch once after a transient D1 error', async () => {
    const endpoint = unique('writer-retry');
    const { db, batches } = countingDb(1);
    await Promise.all([writeUsageRow(db, usageRow({ request_id: crypto.randomUUID(), endpoint_name: endpoint })), writeUsageRow(db, usageRow({ request_id: crypto.randomUUID(), endpoint_name: endpoint }))]);
    expect(batches).toEqual([2, 2]);
    expect(await countRows(endpoint)).toBe(2);
  });
});
