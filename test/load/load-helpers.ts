import { ADMIN, type LocalGateway } from '../agents/harness/gateway';

// What the load tests share: reading the usage data back through the gateway's own APIs, and
// waiting for the queue consumer to catch up.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often each value occurs. */
export function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** A control-plane GET as the admin, answered 200, as text (for NDJSON). */
export async function adminText(gateway: LocalGateway, apiPath: string): Promise<string> {
  const res = await fetch(`${gateway.url}${apiPath}`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${apiPath} → ${res.status} ${text}`);
  return text;
}

/** Every row of a paged listing (/usage, /inference), following next_page_token to the end. */
export async function allPages<R>(
  gateway: LocalGateway,
  apiPath: string,
  query: Record<string, string | number>,
): Promise<{ rows: R[]; pages: number }> {
  const rows: R[] = [];
  let pages = 0;
  let token = '';
  do {
    const params = new URLSearchParams(
      Object.entries({ ...query, ...(token ? { page_token: token } : {}) }).map(([k, v]) => [
        k,
        String(v),
      ]),
    );
    const answer = await gateway.admin('GET', `${apiPath}?${params}`);
    rows.push(...answer.rows);
    pages++;
    token = answer.next_page_token ?? '';
    if (pages > 10_000) throw new Error(`${apiPath}: page tokens never end`);
  } while (token);
  return { rows, pages };
}

/** The usage export of [start, end) as parsed NDJSON lines (every line must be a JSON object). */
export async function exportedRows<R>(
  gateway: LocalGateway,
  start: number,
  end: number,
): Promise<R[]> {
  const text = await adminText(
    gateway,
    `/api/2.0/ai-gateway/usage/export?start_time=${start}&end_time=${end}`,
  );
  if (text && !text.endsWith('\n')) throw new Error('the export does not end with a newline');
  return text
    .split('\n')
    .filter((line, i, lines) => {
      if (line) return true;
      if (i !== lines.length - 1) throw new Error(`the export has an empty line at ${i + 1}`);
      return false;
    })
    .map((line) => JSON.parse(line) as R);
}

/**
 * Polls `probe` until `done` says so or `timeoutMs` passes; returns the last value either way (the
 * caller's assertions then say what is missing).
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await sleep(everyMs);
    value = await probe();
  }
  return value;
}
