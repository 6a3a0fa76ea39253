import type { SummaryGroup } from '../../api/types';
import { formatMs, formatNumber } from '../../lib/format';

/** One breakdown (by endpoint, provider, requester or a tag) as a table of totals per group. */
export function Breakdown({
  title,
  groups,
}: {
  title: string;
  groups: SummaryGroup[] | undefined;
}) {
  return (
    <section class="panel breakdown" aria-label={title}>
      <h3>{title}</h3>
      {!groups?.length ? (
        <p class="muted">No requests.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Requests</th>
                <th scope="col">Input</th>
                <th scope="col">Output</th>
                <th scope="col">Errors</th>
                <th scope="col">p95</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key ?? '(none)'}>
                  <th scope="row">{g.key ?? '(none)'}</th>
                  <td>{formatNumber(g.requests)}</td>
                  <td>{formatNumber(g.input_tokens)}</td>
                  <td>{formatNumber(g.output_tokens)}</td>
                  <td>{formatNumber(g.errors)}</td>
                  <td>{formatMs(g.latency_p95_ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
