-- Usage and inference events arrive through a Queue (src/events/). D1 keeps the recent raw rows
-- (USAGE_RETENTION_DAYS), hourly rollups that are bounded by key cardinality, and an index of
-- inference payloads whose bodies live in R2.

ALTER TABLE usage ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
-- The consumer delivery that inserted the row (a random integer): rollups and the archive take
-- only rows it inserted.
ALTER TABLE usage ADD COLUMN batch_id INTEGER;

-- One row per hour x endpoint x served entity x requester x status class ('' stands for none, so
-- the key never holds NULL and upserts always meet their row).
CREATE TABLE IF NOT EXISTS usage_rollup (
  bucket_start INTEGER NOT NULL,
  endpoint_name TEXT NOT NULL,
  served_entity_name TEXT NOT NULL,
  requester TEXT NOT NULL,
  status_class INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  total_tokens INTEGER NOT NULL,
  cache_read_input_tokens INTEGER NOT NULL,
  cache_creation_input_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  latency_ms_sum INTEGER NOT NULL,
  latency_count INTEGER NOT NULL,
  PRIMARY KEY (bucket_start, endpoint_name, served_entity_name, requester, status_class)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS usage_rollup_by_endpoint ON usage_rollup (endpoint_name, bucket_start);

-- The latency histogram of the same keys: requests per latency bucket (src/storage/latency-histogram.ts).
CREATE TABLE IF NOT EXISTS usage_latency_rollup (
  bucket_start INTEGER NOT NULL,
  endpoint_name TEXT NOT NULL,
  served_entity_name TEXT NOT NULL,
  requester TEXT NOT NULL,
  status_class INTEGER NOT NULL,
  latency_bucket INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (bucket_start, endpoint_name, served_entity_name, requester, status_class, latency_bucket)
) WITHOUT ROWID;

-- Consumer deliveries whose rows are in D1 but whose archive object may not be in R2 yet.
CREATE TABLE IF NOT EXISTS usage_archive_outbox (
  batch_id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  request_ids TEXT NOT NULL
);

-- Inference payloads move to R2; D1 keeps where each one is. The old table keeps its rows for a
-- `wrangler d1 export`; nothing reads it any more.
ALTER TABLE inference_log RENAME TO inference_log_v1;
DROP INDEX IF EXISTS inference_by_endpoint_time;
CREATE TABLE inference_log (
  request_id TEXT PRIMARY KEY,
  event_time INTEGER NOT NULL,
  endpoint_name TEXT NOT NULL,
  requester TEXT,
  -- The object is inference/date=…/hour=…/<object_name>.ndjson.gz, the hour being event_time's.
  object_name TEXT NOT NULL,
  byte_offset INTEGER NOT NULL,
  byte_length INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS inference_by_endpoint_time ON inference_log (endpoint_name, event_time);
