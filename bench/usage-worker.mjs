// The worker that npm run bench:usage serves: src/index.ts unchanged, with its queue() handler
// watched from outside. Per delivery it notes the D1 batch (the consumer's one transaction): the
// time D1 itself reports for running it (meta.duration) and the rows it wrote (meta.rows_written,
// what D1 bills), so the benchmark can say how much of a delivery is the database's
// single-threaded work. GET /__bench/deliveries returns the notes so far.
import worker from '../src/index';

export * from '../src/index';

const deliveries = [];

/** `db` whose batch() adds what D1 reports to `note` (the consumer only prepares and batches). */
const watched = (db, note) => ({
  prepare: (sql) => db.prepare(sql),
  async batch(statements) {
    const results = await db.batch(statements);
    note.statements += statements.length;
    for (const { meta } of results) {
      note.d1Ms += meta.duration ?? 0;
      note.rowsWritten += meta.rows_written ?? 0;
    }
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
