// The worker that npm run bench:usage serves: src/index.ts unchanged, with its queue() handler
// watched from outside. Per delivery it notes the D1 batch (the consumer's one transaction): the
// time D1 itself reports for running each statement (meta.duration) and the rows it wrote
// (meta.rows_written, what D1 bills), by kind of statement, so the benchmark can say how much of a
// delivery is the database's single-threaded work and what it is spent on. GET /__bench/deliveries
// returns the notes so far.
import worker from '../src/index';

export * from '../src/index';

const deliveries = [];

const KINDS = [
  [/^INSERT OR IGNORE INTO usage \(/, 'raw rows'],
  [/^INSERT INTO usage_rollup /, 'rollups'],
  [/^INSERT INTO usage_latency_rollup /, 'latency histogram'],
  [/INTO inference_log /, 'inference index'],
  [/INTO usage_archive_outbox /, 'archive note'],
  [/^DELETE FROM (usage|inference_log) WHERE rowid/, 'retention'],
];
/** What a statement does, from its SQL (workerd's D1PreparedStatement keeps it in `statement`). */
const kindOf = (sql) => KINDS.find(([pattern]) => pattern.test(sql.trim()))?.[1] ?? 'other';

/** `db` whose batch() adds what D1 reports to `note` (the consumer only prepares and batches). */
const watched = (db, note) => ({
  prepare: (sql) => db.prepare(sql),
  async batch(statements) {
    const results = await db.batch(statements);
    note.statements += statements.length;
    results.forEach(({ meta }, i) => {
      const kind = kindOf(statements[i].statement ?? '');
      const k = (note.byKind[kind] ??= { ms: 0, rowsWritten: 0 });
      k.ms += meta.duration ?? 0;
      k.rowsWritten += meta.rows_written ?? 0;
      note.d1Ms += meta.duration ?? 0;
      note.rowsWritten += meta.rows_written ?? 0;
    });
    return results;
  },
});

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/__bench/deliveries') return Response.json(deliveries);
    return worker.fetch(request, env, ctx);
  },
  async queue(batch, env, ctx) {
    const note = {
      queue: batch.queue,
      messages: batch.messages.length,
      statements: 0,
      d1Ms: 0,
      rowsWritten: 0,
      byKind: {},
      ms: 0,
    };
    const started = Date.now();
    try {
      await worker.queue(batch, { ...env, DB: watched(env.DB, note) }, ctx);
    } finally {
      note.ms = Date.now() - started;
      deliveries.push(note);
    }
  },
};
