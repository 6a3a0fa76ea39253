import { byHour, gunzipText, gzip, hourOf, hourPrefix } from './archive';
import { queryPage, type UsagePage } from './usage';

// Inference tables: the request and response of each request to an endpoint with
// inference_table_config.enabled. The records live in R2 (archive.ts); D1 keeps, per request,
// which object and byte range hold it, for the listing and its filters.

export interface InferenceRecord {
  request_id: string;
  event_time: number;
  endpoint_name: string;
  served_entity_name: string | null;
  requester: string | null;
  status_code: number;
  request_body: string | null;
  response_body: string | null;
  truncated: boolean;
  request_tags: Record<string, string>;
  latency_ms: number | null;
  time_to_first_byte_ms: number | null;
}

/** Where one record is: its own gzip member inside an object. */
export interface InferenceLocation {
  request_id: string;
  event_time: number;
  endpoint_name: string;
  requester: string | null;
  /** With the hour of event_time, names the object (see inferenceObjectKey). */
  object_name: string;
  byte_offset: number;
  byte_length: number;
}

/** The object holding a record: its name in the partition of the record's hour. */
export const inferenceObjectKey = (name: string, eventTime: number) =>
  `${hourPrefix('inference', hourOf(eventTime))}${name}.ndjson.gz`;

export interface InferenceObject {
  key: string;
  bytes: Uint8Array;
  locations: InferenceLocation[];
}

/**
 * The objects holding `records` (given as their JSON text), one per hour they fall in, named after
 * `name`. Each record is a gzip member of its own: the object is valid gzipped NDJSON as a whole and
 * one record is one ranged read.
 */
export async function inferenceObjects(
  name: string,
  records: readonly { record: InferenceRecord; json: string }[],
): Promise<InferenceObject[]> {
  const byEventTime = records.map((r) => ({ ...r, event_time: r.record.event_time }));
  return Promise.all(
    [...byHour(byEventTime)].map(async ([hour, group]) => {
      const key = inferenceObjectKey(name, hour);
      const members = await Promise.all(group.map((r) => gzip(`${r.json}\n`)));
      const bytes = new Uint8Array(members.reduce((n, m) => n + m.length, 0));
      const locations: InferenceLocation[] = [];
      let offset = 0;
      group.forEach(({ record }, i) => {
        bytes.set(members[i], offset);
        locations.push({
          request_id: record.request_id,
          event_time: record.event_time,
          endpoint_name: record.endpoint_name,
          requester: record.requester,
          object_name: name,
          byte_offset: offset,
          byte_length: members[i].length,
        });
        offset += members[i].length;
      });
      return { key, bytes, locations };
    }),
  );
}

/** Indexes records (a JSON array of locations); a request already indexed keeps its first location. */
export function insertInferenceLocations(
  db: D1Database,
  locationsJson: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO inference_log (request_id, event_time, endpoint_name, requester, object_name, byte_offset, byte_length)
       SELECT j.value ->> '$.request_id', j.value ->> '$.event_time', j.value ->> '$.endpoint_name',
         j.value ->> '$.requester', j.value ->> '$.object_name', j.value ->> '$.byte_offset', j.value ->> '$.byte_length'
       FROM json_each(?1) AS j`,
    )
    .bind(locationsJson);
}

/** Newest first, with the same filters and page tokens as usage rows; the bodies come from R2. */
export async function queryInference(
  db: D1Database,
  bucket: R2Bucket,
  f: UsagePage,
): Promise<InferenceRecord[]> {
  const locations = (await queryPage(db, 'inference_log', f)) as unknown as InferenceLocation[];
  // Records of one object sit next to each other: one ranged read per object on the page.
  const byObject = new Map<string, InferenceLocation[]>();
  for (const l of locations) {
    const key = inferenceObjectKey(l.object_name, l.event_time);
    byObject.set(key, [...(byObject.get(key) ?? []), l]);
  }
  const records = new Map<string, InferenceRecord>();
  await Promise.all(
    [...byObject].map(async ([key, group]) => {
      const start = Math.min(...group.map((l) => l.byte_offset));
      const end = Math.max(...group.map((l) => l.byte_offset + l.byte_length));
      const object = await bucket.get(key, { range: { offset: start, length: end - start } });
      if (!object) return;
      const bytes = new Uint8Array(await object.arrayBuffer());
      for (const l of group) {
        const member = bytes.subarray(l.byte_offset - start, l.byte_offset - start + l.byte_length);
        records.set(l.request_id, JSON.parse(await gunzipText(member)));
      }
    }),
  );
  return locations.flatMap((l) => records.get(l.request_id) ?? []);
}
