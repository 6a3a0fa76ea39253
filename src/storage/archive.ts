// The R2 archive (binding ARCHIVE): usage rows and inference payloads as gzipped NDJSON,
// partitioned by the hour of each event (UTC) so warehouses prune by path:
//   usage/date=YYYY-MM-DD/hour=HH/<delivery>.ndjson.gz       one object per consumer delivery
//   inference/date=YYYY-MM-DD/hour=HH/<message>.ndjson.gz    one gzip member per record, so one
//                                                            record is one ranged read
// A key is a function of its content's origin (a delivery's rows, a message's records), so a
// rewrite after a retry replaces the object instead of adding a copy.

export type ArchiveKind = 'usage' | 'inference';

const HOUR_MS = 3_600_000;

/** The partition folder of an hour, e.g. `usage/date=2026-12-06/hour=09/`. */
export function hourPrefix(kind: ArchiveKind, hourStart: number): string {
  const iso = new Date(hourStart).toISOString();
  return `${kind}/date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
}

export const hourOf = (eventTime: number) => Math.floor(eventTime / HOUR_MS) * HOUR_MS;

/** Items grouped by the hour of their event time. */
export function byHour<T extends { event_time: number }>(items: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const hour = hourOf(item.event_time);
    const group = groups.get(hour);
    if (group) group.push(item);
    else groups.set(hour, [item]);
  }
  return groups;
}

/** The hours a time range touches, oldest first. */
export function hoursBetween(start: number, end: number): number[] {
  const hours: number[] = [];
  for (let h = hourOf(start); h < end; h += HOUR_MS) hours.push(h);
  return hours;
}

const encoder = new TextEncoder();

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([encoder.encode(text)])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function gunzipText(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export const ndjson = (items: readonly unknown[]) =>
  items.map((item) => `${JSON.stringify(item)}\n`).join('');

/** Writes one delivery's usage rows, one object per hour they fall in. */
export async function putUsageArchive(
  bucket: R2Bucket,
  deliveryId: number,
  rows: readonly { event_time: number }[],
): Promise<void> {
  await Promise.all(
    [...byHour(rows)].map(async ([hour, group]) => {
      const key = `${hourPrefix('usage', hour)}${deliveryId}.ndjson.gz`;
      // Not Content-Encoding: a warehouse reading the .gz must get the gzip bytes, not text.
      await bucket.put(key, await gzip(ndjson(group)), {
        httpMetadata: { contentType: 'application/gzip' },
      });
    }),
  );
}

/** Every object of a kind in one hour's partition. */
export async function listHour(
  bucket: R2Bucket,
  kind: ArchiveKind,
  hour: number,
): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: hourPrefix(kind, hour), cursor });
    for (const object of page.objects) keys.push(object.key);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}
