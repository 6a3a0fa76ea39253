import { useEffect, useState } from 'preact/hooks';
import type { InferenceRecord, UsageRow } from '../../api/types';
import { inferenceRecord } from '../../api/usage';
import { formatMs, formatNumber, formatTags, formatTime } from '../../lib/format';

/**
 * The recent requests (a page, newest first), each with a drill-down to its inference payload when
 * one was logged.
 */
export function RequestsTable({ rows, more }: { rows: UsageRow[]; more: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section class="panel wide" aria-label="Recent requests">
      <h3>Recent requests ({more ? `the newest ${rows.length}` : rows.length})</h3>
      <div class="scroll">
        <table class="requests">
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Status</th>
              <th scope="col">Input</th>
              <th scope="col">Output</th>
              <th scope="col">Cached</th>
              <th scope="col">Latency</th>
              <th scope="col">Tags</th>
              <th scope="col">Client</th>
              <th scope="col">Payload</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <>
                <tr key={r.request_id} data-request-id={r.request_id}>
                  <td>{formatTime(r.event_time)}</td>
                  <td>{r.endpoint_name}</td>
                  <td class={r.status_code >= 400 ? 'bad' : ''}>{r.status_code}</td>
                  <td>{formatNumber(r.input_tokens)}</td>
                  <td>{formatNumber(r.output_tokens)}</td>
                  <td>{formatNumber(r.cache_read_input_tokens)}</td>
                  <td>{formatMs(r.latency_ms)}</td>
                  <td class="tags">{formatTags(r.request_tags)}</td>
                  <td class="ua">{r.user_agent ?? ''}</td>
                  <td>
                    <button
                      type="button"
                      class="link"
                      aria-expanded={open === r.request_id}
                      onClick={() => setOpen(open === r.request_id ? null : r.request_id)}
                    >
                      {open === r.request_id ? 'Hide' : 'Show'}
                    </button>
                  </td>
                </tr>
                {open === r.request_id && (
                  <tr key={`${r.request_id}-detail`}>
                    <td colSpan={10}>
                      <Payload row={r} />
                    </td>
                  </tr>
                )}
              </>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Payload({ row }: { row: UsageRow }) {
  const [record, setRecord] = useState<InferenceRecord | null | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    inferenceRecord(row)
      .then((r) => setRecord(r ?? null))
      .catch((e: Error) => setError(e.message));
  }, [row]);
  if (error) return <p class="error">{error}</p>;
  if (record === undefined) return <p class="muted">Loading…</p>;
  return (
    <div class="payload">
      {row.error_message && <p class="error">Error: {row.error_message}</p>}
      {record === null ? (
        <p class="muted">
          No payload: this endpoint's inference table is off, or the record has not arrived yet.
        </p>
      ) : (
        <>
          <h4>Request</h4>
          <pre>{pretty(record.request_body)}</pre>
          <h4>Response</h4>
          <pre>{pretty(record.response_body)}</pre>
        </>
      )}
    </div>
  );
}

function pretty(body: string | null): string {
  if (!body) return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
