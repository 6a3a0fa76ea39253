import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { writeUsageRow } from '../../src/gateway/usage-writer';
import { unique } from '../helpers/gateway';
import { usageRow } from '../helpers/usage-rows';

// Each request writes its own usage row: no D1 call carries another request's row (workerd binds
// I/O to the request that made it), and a transient D1 error is retried once.

/** The test database, recording the rows of each D1 batch and failing the first `failures` of them. */
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

const countRows = async (endpoint: string) =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM usage WHERE endpoint_name = ?')
    .bind(endpoint)
    .first<{ n: number }>())!.n;

describe('usage row writer', () => {
  it('writes rows that finish at the same time each in a D1 call of its own', async () => {
    const endpoint = unique('writer');
    const { db, batches } = countingDb();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        writeUsageRow(db, usageRow({ request_id: crypto.randomUUID(), endpoint_name: endpoint })),
      ),
    );
    expect(batches).toEqual(Array(10).fill(1));
    expect(await countRows(endpoint)).toBe(10);
  });

  it('retries a row once after a transient D1 error', async () => {
    const endpoint = unique('writer-retry');
    const { db, batches } = countingDb(1);
    await writeUsageRow(db, usageRow({ request_id: crypto.randomUUID(), endpoint_name: endpoint }));
    expect(batches).toEqual([1, 1]);
    expect(await countRows(endpoint)).toBe(1);
  });

  it('gives up after the retry without throwing, so the request is not failed by its usage row', async () => {
    const endpoint = unique('writer-down');
    const { db, batches } = countingDb(2);
    await expect(
      writeUsageRow(db, usageRow({ request_id: crypto.randomUUID(), endpoint_name: endpoint })),
    ).resolves.toBeUndefined();
    expect(batches).toEqual([1, 1]);
    expect(await countRows(endpoint)).toBe(0);
  });
});
