import { Field } from '../../components/field';
import { RANGE_LABELS, type RangeChoice } from '../../lib/time-range';

export interface DashboardFilters {
  range: RangeChoice;
  customStart: string;
  customEnd: string;
  endpoint: string;
  tagKey: string;
  tagValue: string;
  autoRefresh: boolean;
}

/** The dashboard's filter bar: time range, endpoint, tag filter and auto-refresh. */
export function Controls({
  filters,
  onChange,
  endpoints,
  tagKeys,
  onRefresh,
  onExport,
}: {
  filters: DashboardFilters;
  onChange: (f: DashboardFilters) => void;
  endpoints: string[];
  tagKeys: string[];
  onRefresh: () => void;
  onExport: () => void;
}) {
  const set = (patch: Partial<DashboardFilters>) => onChange({ ...filters, ...patch });
  return (
    <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Usage filters">
      <Field id="range" label="Time range">
        <select
          id="range"
          value={filters.range}
          onChange={(e) => set({ range: e.currentTarget.value as RangeChoice })}
        >
          {Object.entries(RANGE_LABELS).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {filters.range === 'custom' && (
        <>
          <Field id="from" label="From">
            <input
              id="from"
              type="datetime-local"
              value={filters.customStart}
              onChange={(e) => set({ customStart: e.currentTarget.value })}
            />
          </Field>
          <Field id="to" label="To">
            <input
              id="to"
              type="datetime-local"
              value={filters.customEnd}
              onChange={(e) => set({ customEnd: e.currentTarget.value })}
            />
          </Field>
        </>
      )}
      <Field id="endpoint-filter" label="Endpoint">
        <select
          id="endpoint-filter"
          value={filters.endpoint}
          onChange={(e) => set({ endpoint: e.currentTarget.value })}
        >
          <option value="">All endpoints</option>
          {endpoints.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </Field>
      <Field id="tag-key" label="Tag">
        <select
          id="tag-key"
          value={filters.tagKey}
          onChange={(e) => set({ tagKey: e.currentTarget.value, tagValue: '' })}
        >
          <option value="">Any tag</option>
          {tagKeys.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </Field>
      {filters.tagKey && (
        <Field id="tag-value" label="Tag value">
          <input
            id="tag-value"
            value={filters.tagValue}
            placeholder="any value"
            onInput={(e) => set({ tagValue: e.currentTarget.value })}
          />
        </Field>
      )}
      <div class="field check">
        <input
          id="auto"
          type="checkbox"
          checked={filters.autoRefresh}
          onChange={(e) => set({ autoRefresh: e.currentTarget.checked })}
        />
        <label for="auto">Auto-refresh (30 s)</label>
      </div>
      <div class="actions">
        <button type="button" onClick={onRefresh}>
          Refresh
        </button>
        <button type="button" onClick={onExport}>
          Export CSV
        </button>
      </div>
    </form>
  );
}
