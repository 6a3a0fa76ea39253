import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorNote } from '../../components/field';
import { Chart } from '../../components/chart';
import { listEndpoints } from '../../api/control';
import type { SummaryGroup, UsageRow } from '../../api/types';
import { usageRows, usageSummary, type UsageQuery } from '../../api/usage';
import { bucketRows, bucketSize } from '../../lib/bucket';
import { toCsv } from '../../lib/csv';
import { download } from '../../lib/download';
import { formatMs, formatNumber } from '../../lib/format';
import { percentile } from '../../lib/percentile';
import { resolveRange } from '../../lib/time-range';
import { filterByTag, tagKeys, USAGE_CSV_COLUMNS } from '../../lib/usage-csv';
import { Breakdown } from './breakdown';
import { Controls, type DashboardFilters } from './controls';
import { RequestsTable } from './requests-table';

const BREAKDOWNS = [
  ['endpoint', 'By endpoint'],
  ['served_entity', 'By served entity'],
  ['requester', 'By requester'],
] as const;

const initial: DashboardFilters = {
  range: 'day',
  customStart: '',
  customEnd: '',
  endpoint: '',
  tagKey: '',
  tagValue: '',
  autoRefresh: false,
};

/**
 * The usage dashboard: totals, time series bucketed from the raw rows, breakdowns from the
 * summary route, and the recent requests. Laid out as a grid of panels, so a cost series or a
 * budgets panel is one more panel.
 */
export function Dashboard() {
  const [filters, setFilters] = useState(initial);
  const [rows, setRows] = useState<UsageRow[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [groups, setGroups] = useState<Record<string, SummaryGroup[]>>({});
  const [endpoints, setEndpoints] = useState<string[]>([]);
  const [range, setRange] = useState(() => resolveRange('day', Date.now()));
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    const custom =
      filters.customStart && filters.customEnd
        ? { start: Date.parse(filters.customStart), end: Date.parse(filters.customEnd) }
        : undefined;
    const r = resolveRange(filters.range, Date.now(), custom);
    const q: UsageQuery = {
      start_time: r.start,
      end_time: r.end,
      endpoint_name: filters.endpoint || undefined,
    };
    setLoading(true);
    setError('');
    try {
      const groupings = [
        ...BREAKDOWNS.map(([g]) => g),
        ...(filters.tagKey ? [`tag:${filters.tagKey}`] : []),
      ];
      const [page, ...summaries] = await Promise.all([
        usageRows(q),
        ...groupings.map((g) => usageSummary(q, g)),
      ]);
      setRange(r);
      setRows(page.rows);
      setTruncated(page.more);
      setGroups(Object.fromEntries(groupings.map((g, i) => [g, summaries[i]])));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [filters.range, filters.customStart, filters.customEnd, filters.endpoint, filters.tagKey]);

  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    listEndpoints()
      .then((list) => setEndpoints(list.map((e) => e.name)))
      .catch(() => setEndpoints([]));
  }, []);
  useEffect(() => {
    if (!filters.autoRefresh) return;
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, [filters.autoRefresh, load]);

  const shown = useMemo(
    () => filterByTag(rows, filters.tagKey, filters.tagValue),
    [rows, filters.tagKey, filters.tagValue],
  );
  const buckets = useMemo(
    () => bucketRows(shown, range.start, range.end, bucketSize(range.end - range.start)),
    [shown, range],
  );
  const times = useMemo(() => buckets.map((b) => b.start), [buckets]);
  const series = useMemo(
    () => ({
      requests: [
        { label: 'Requests', values: buckets.map((b) => b.requests), color: '#2563eb' },
        { label: 'Errors', values: buckets.map((b) => b.errors), color: '#dc2626' },
      ],
      tokens: [
        { label: 'Input', values: buckets.map((b) => b.input_tokens), color: '#7c3aed' },
        { label: 'Output', values: buckets.map((b) => b.output_tokens), color: '#059669' },
        { label: 'Cached', values: buckets.map((b) => b.cached_tokens), color: '#d97706' },
      ],
      latency: [
        { label: 'p50', values: buckets.map((b) => b.latency_p50_ms), color: '#0891b2' },
        { label: 'p95', values: buckets.map((b) => b.latency_p95_ms), color: '#be185d' },
      ],
    }),
    [buckets],
  );
  const latencies = shown.flatMap((r) => (r.latency_ms === null ? [] : [r.latency_ms]));
  const totals = {
    requests: shown.length,
    errors: shown.filter((r) => r.status_code >= 400).length,
    input: shown.reduce((n, r) => n + (r.input_tokens ?? 0), 0),
    output: shown.reduce((n, r) => n + (r.output_tokens ?? 0), 0),
    cached: shown.reduce((n, r) => n + (r.cache_read_input_tokens ?? 0), 0),
  };

  const exportCsv = () =>
    download(
      `usage-${new Date(range.start).toISOString().slice(0, 10)}.csv`,
      toCsv(USAGE_CSV_COLUMNS, shown),
    );

  return (
    <div class="dashboard">
      <h1>Usage</h1>
      <Controls
        filters={filters}
        onChange={setFilters}
        endpoints={endpoints}
        tagKeys={tagKeys(rows)}
        onRefresh={load}
        onExport={exportCsv}
      />
      <ErrorNote error={error} />
      <p class="muted" aria-live="polite">
        {loading ? 'Loading…' : `${formatNumber(shown.length)} requests shown`}
        {truncated && ' (the newest 5,000 of the range: narrow it to see all)'}
      </p>
      <section class="tiles" aria-label="Totals">
        <Tile label="Requests" value={formatNumber(totals.requests)} />
        <Tile label="Errors" value={formatNumber(totals.errors)} />
        <Tile label="Input tokens" value={formatNumber(totals.input)} />
        <Tile label="Output tokens" value={formatNumber(totals.output)} />
        <Tile label="Cached tokens" value={formatNumber(totals.cached)} />
        <Tile label="p50 latency" value={formatMs(percentile(latencies, 50))} />
        <Tile label="p95 latency" value={formatMs(percentile(latencies, 95))} />
      </section>
      <div class="grid">
        <Chart title="Requests and errors" times={times} series={series.requests} />
        <Chart title="Tokens" times={times} series={series.tokens} />
        <Chart title="Latency (ms)" times={times} series={series.latency} />
      </div>
      <div class="grid">
        {BREAKDOWNS.map(([g, title]) => (
          <Breakdown key={g} title={title} groups={groups[g]} />
        ))}
        {filters.tagKey && (
          <Breakdown title={`By tag ${filters.tagKey}`} groups={groups[`tag:${filters.tagKey}`]} />
        )}
      </div>
      <RequestsTable rows={shown} />
    </div>
  );
}

const Tile = ({ label, value }: { label: string; value: string }) => (
  <div class="tile">
    <span class="tile-label">{label}</span>
    <span class="tile-value">{value}</span>
  </div>
);
