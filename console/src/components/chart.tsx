import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatTime } from '../lib/format';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

/**
 * A time-series line chart (uPlot) sized to its container; `times` are epoch ms.
 * Points are drawn too: a lone value between empty buckets has no line to show it. The values are
 * also given as a hidden table, since a canvas says nothing to a screen reader.
 */
export function Chart({
  title,
  times,
  series,
}: {
  title: string;
  times: number[];
  series: Series[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot(
      {
        width: el.clientWidth || 300,
        height: 180,
        legend: { show: true },
        axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor', size: 60 }],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            spanGaps: false,
            points: { show: true, size: 5 },
          })),
        ],
      },
      [times.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series]);
  return (
    <figure class="panel chart">
      <figcaption>{title}</figcaption>
      <div ref={box} aria-hidden="true" />
      <table class="sr-only">
        <caption>{title} per time bucket (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Bucket start</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((t, i) => (
            <tr key={t}>
              <th scope="row">{formatTime(t)}</th>
              {series.map((s) => (
                <td key={s.label}>{s.values[i] ?? '–'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
