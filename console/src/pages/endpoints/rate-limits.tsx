import { Field } from '../../components/field';
import {
  emptyRateLimit,
  RATE_LIMIT_KEYS,
  type RateLimitKey,
  type RateLimitRow,
} from '../../lib/ai-gateway-form';

const KEY_LABELS: Record<RateLimitKey, string> = {
  user: 'Each user',
  endpoint: 'The whole endpoint',
  user_group: 'A user group',
  service_principal: 'A service principal',
};

/** The rate limits, one fieldset a row; rows are added and removed here and saved with the form. */
export function RateLimits({
  rows,
  onChange,
}: {
  rows: RateLimitRow[];
  onChange: (rows: RateLimitRow[]) => void;
}) {
  const set = (i: number, patch: Partial<RateLimitRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>Rate limits</legend>
      {!rows.length && <p class="hint">No limits: any number of calls and tokens.</p>}
      {rows.map((r, i) => {
        const id = `rl-${i}`;
        return (
          <fieldset key={i}>
            <legend>Rate limit {i + 1}</legend>
            <div class="row by-label">
              <Field id={`${id}-key`} label="Applies to">
                <select
                  id={`${id}-key`}
                  value={r.key}
                  onChange={(e) => set(i, { key: e.currentTarget.value as RateLimitKey })}
                >
                  {RATE_LIMIT_KEYS.map((k) => (
                    <option key={k} value={k}>
                      {KEY_LABELS[k]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                id={`${id}-principal`}
                label="Principal (optional)"
                hint="Only this user, group or service principal; empty: every one."
              >
                <input
                  id={`${id}-principal`}
                  aria-describedby={`${id}-principal-hint`}
                  value={r.principal}
                  onInput={(e) => set(i, { principal: e.currentTarget.value })}
                />
              </Field>
            </div>
            <div class="row">
              <Field id={`${id}-calls`} label="Calls per minute">
                <input
                  id={`${id}-calls`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={r.calls}
                  onInput={(e) => set(i, { calls: e.currentTarget.value })}
                />
              </Field>
              <Field id={`${id}-tokens`} label="Tokens per minute">
                <input
                  id={`${id}-tokens`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={r.tokens}
                  onInput={(e) => set(i, { tokens: e.currentTarget.value })}
                />
              </Field>
              {/* The gateway counts per minute only; shown so the unit is never a guess. */}
              <Field id={`${id}-period`} label="Renewal period">
                <select id={`${id}-period`} value="minute">
                  <option value="minute">Minute</option>
                </select>
              </Field>
            </div>
            <button
              type="button"
              class="link"
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove rate limit {i + 1}
            </button>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, emptyRateLimit()])}>
        Add a rate limit
      </button>
    </fieldset>
  );
}
