import { useState } from 'preact/hooks';
import { updateConfig } from '../../api/control';
import type { Endpoint } from '../../api/types';
import { ErrorList, ErrorNote, Field } from '../../components/field';
import { splitErrors, splitRows, splitTotal, trafficConfig } from '../../lib/traffic-split';

/**
 * The share of requests each served entity takes. PUT …/config replaces the whole config, so the
 * served entities go back as they came (credentials as their references).
 */
export function TrafficSplit({
  endpoint,
  onSaved,
}: {
  endpoint: Endpoint;
  onSaved: (saved: Endpoint) => void;
}) {
  const [rows, setRows] = useState(() =>
    splitRows(endpoint.config.served_entities, endpoint.config.traffic_config),
  );
  const [checked, setChecked] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const total = splitTotal(rows);

  const save = async (e: Event) => {
    e.preventDefault();
    setError('');
    setSaved(false);
    const problems = splitErrors(rows);
    setChecked(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const next = await updateConfig(endpoint.name, {
        ...endpoint.config,
        traffic_config: trafficConfig(rows),
      });
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={save} aria-labelledby="split-title">
      <h3 id="split-title">Traffic split</h3>
      <p class="hint">Percent of requests each served entity answers first; they add up to 100.</p>
      <div class="row">
        {rows.map((r, i) => (
          <Field key={r.entity} id={`split-${i}`} label={`${r.entity} (%)`}>
            <input
              id={`split-${i}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              value={r.percentage}
              onInput={(e) => {
                const percentage = e.currentTarget.value;
                setRows(rows.map((row, j) => (j === i ? { ...row, percentage } : row)));
                setSaved(false);
              }}
            />
          </Field>
        ))}
      </div>
      <p aria-live="polite" class={total === 100 ? '' : 'bad'}>
        Total: {Number.isNaN(total) ? '—' : total}%
      </p>
      <ErrorList errors={checked} />
      <ErrorNote error={error} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={busy}>
        Save traffic split
      </button>
    </form>
  );
}
