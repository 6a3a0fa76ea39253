import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ErrorNote } from '../../components/field';
import { Chart } from '../../components/chart';
import { listEndpoints } from '../../api/control';
import type { SummaryGroup, UsageRow } from '../../api/types';
import { usageRows, usageSummary, type UsageQuery } from '../../api/usage';
import { seriesGrouping, summaryBuckets, type SeriesGrouping } from '../../lib/bucket';
import { toCsv } from '../../lib/csv';
import { download } from '../../lib/download';
import { formatMs, formatNumber } from '../../lib/format';
import { tagFilter, tagKeys } from '../../lib/tag-filter';
import { resolveRange } from '../../lib/time-range';
import { USAGE_CSV_COLUMNS } from '../../lib/usage-csv';
import { Breakdown } from './breakdown';
import { Controls, type DashboardFilters } from './controls';
import { RequestsTable } from './requests-table';

const BREAKDOWNS = [
  ['endpoint', 'By endpoint'],
  ['provider', 'By provider'],
  ['served_entity', 'By served entity'],
  ['requester', 'By requester'],
] as const;

/** Rows in the recent requests table, and at most in a CSV export. */
const PAGE_ROWS = 100;
const EXPORT_ROWS = 10_000;

const initial: DashboardFilters = {
  range: 'day',
  customStart: '',
  customEnd: '',
  endpoint: '',
  tagKey: '',
  tagValue: '',
  autoRefresh: false,
};

/** What one load showed: its query, the series grouping, the summaries and a page of rows. */
interface View {
  q: UsageQuery;
  grouping: SeriesGrouping;
  groups: Record<string, SummaryGroup[]>;
  rows: UsageRow[];
  more: boolean;
}

/**
 * The usage dashboard: totals, time series and breakdowns from the summary route (hourly rollups,
 * so any traffic; raw rows under a tag filter), and a page of the recent requests. Laid out as a
 * grid of panels, so a cost series or a budgets panel is one more panel.
 */
export function Dashboard() {
  const [filters, setFilters] = useState(initial);
  const [view, setView] = useState<View | undefined>(undefined);
  const [endpoints, setEndpoints] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  // Only the newest load may show: an earlier one may answer later.
  const latest = useRef(0);

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
      tag: tagFilter(filters.tagKey, filters.tagValue),
    };
    const grouping = seriesGrouping(r.end - r.start);
    const groupings = [
      'total',
      grouping,
      ...BREAKDOWNS.map(([g]) => g),
      ...(filters.tagKey ? [`tag:${filters.tagKey}`] : []),
    ];
    const id = ++latest.current;
    setLoading(true);
    setError('');
    try {
      const [page, ...summaries] = await Promise.all([
        usageRows(q, PAGE_ROWS),
        ...groupings.map((g) => usageSummary(q, g)),
      ]);
      if (id !== latest.current) return;
      setView({
        q,
        grouping,
        groups: Object.fromEntries(groupings.map((g, i) => [g, summaries[i]])),
        rows: page.rows,
        more: page.more,
      });
    } catch (e) {
      if (id === latest.current) setError((e as Error).message);
    } finally {
      if (id === latest.current) setLoading(false);
    }
  }, [
    filters.range,
    filters.customStart,
    filters.customEnd,
    filters.endpoint,
    filters.tagKey,
    filters.tagValue,
  ]);

  // A moment's pause, so typing a tag value loads once and not per keystroke.
  useEffect(() => {
    const timer = setTimeout(load, 250);
    return () => clearTimeout(timer);
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

  const buckets = useMemo(
    () =>
      view
        ? summaryBuckets(
            view.groups[view.grouping],
            view.q.start_time,
            view.q.end_time,
            view.grouping,
          )
        : [],
    [view],
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
  // No group when nothing matched.
  const total = view?.groups.total[0];
  const rows = view?.rows ?? [];

  const exportCsv = async () => {
    if (!view) return;
    try {
      const all = await usageRows(view.q, EXPORT_ROWS);
      download(
        `usage-${new Date(view.q.start_time).toISOString().slice(0, 10)}.csv`,
        toCsv(USAGE_CSV_COLUMNS, all.rows),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div class="dashboard">
      <h1>Usage</h1>
      <Controls
        filters={filters}
        onChange={setFilters}
        endpoints={endpoints}
        tagKeys={tagKeys(rows, filters.tagKey)}
        onRefresh={load}
        onExport={exportCsv}
      />
      <ErrorNote error={error} />
      <p class="muted" aria-live="polite">
        {loading
          ? 'Loading…'
          : `${formatNumber(total?.requests ?? 0)} ${total?.requests === 1 ? 'request' : 'requests'} in the range`}
      </p>
      <section class="tiles" aria-label="Totals">
        <Tile label="Requests" value={formatNumber(total?.requests ?? 0)} />
        <Tile label="Errors" value={formatNumber(total?.errors ?? 0)} />
        <Tile label="Input tokens" value={formatNumber(total?.input_tokens ?? 0)} />
        <Tile label="Output tokens" value={formatNumber(total?.output_tokens ?? 0)} />
        <Tile label="Cached tokens" value={formatNumber(total?.cache_read_input_tokens ?? 0)} />
        <Tile label="p50 latency" value={formatMs(total?.latency_p50_ms)} />
        <Tile label="p95 latency" value={formatMs(total?.latency_p95_ms)} />
      </section>
      <div class="grid">
        <Chart title="Requests and errors" times={times} series={series.requests} />
        <Chart title="Tokens" times={times} series={series.tokens} />
        <Chart title="Latency (ms)" times={times} series={series.latency} />
      </div>
      <div class="grid">
        {BREAKDOWNS.map(([g, title]) => (
          <Breakdown key={g} title={title} groups={view?.groups[g]} />
        ))}
        {filters.tagKey && (
          <Breakdown
            title={`By tag ${filters.tagKey}`}
            groups={view?.groups[`tag:${filters.tagKey}`]}
          />
        )}
      </div>
      <RequestsTable rows={rows} more={view?.more ?? false} />
    </div>
  );
}

const Tile = ({ label, value }: { label: string; value: string }) => (
  <div class="tile">
    <span class="tile-label">{label}</span>
    <span class="tile-value">{value}</span>
  </div>
);
