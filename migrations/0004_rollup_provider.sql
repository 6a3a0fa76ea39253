-- The rollups gain the provider as a key column, so a provider breakdown is read from them at any
-- traffic. SQLite cannot change a primary key in place: new tables, the old rows copied with
-- provider '' (unknown: they were counted before the provider was kept), old tables dropped.

CREATE TABLE usage_rollup_v2 (
  bucket_start INTEGER NOT NULL,
  endpoint_name TEXT NOT NULL,
  served_entity_name TEXT NOT NULL,
  provider TEXT NOT NULL,
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
  PRIMARY KEY (bucket_start, endpoint_name, served_entity_name, provider, requester, status_class)
) WITHOUT ROWID;
INSERT INTO usage_rollup_v2
  SELECT bucket_start, endpoint_name, served_entity_name, '', requester, status_class, requests,
    input_tokens, output_tokens, total_tokens, cache_read_input_tokens,
    cache_creation_input_tokens, reasoning_tokens, latency_ms_sum, latency_count
  FROM usage_rollup;
DROP INDEX IF EXISTS usage_rollup_by_endpoint;
DROP TABLE usage_rollup;
ALTER TABLE usage_rollup_v2 RENAME TO usage_rollup;
CREATE INDEX IF NOT EXISTS usage_rollup_by_endpoint ON usage_rollup (endpoint_name, bucket_start);

CREATE TABLE usage_latency_rollup_v2 (
  bucket_start INTEGER NOT NULL,
  endpoint_name TEXT NOT NULL,
  served_entity_name TEXT NOT NULL,
  provider TEXT NOT NULL,
  requester TEXT NOT NULL,
  status_class INTEGER NOT NULL,
  latency_bucket INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (bucket_start, endpoint_name, served_entity_name, provider, requester, status_class, latency_bucket)
) WITHOUT ROWID;
INSERT INTO usage_latency_rollup_v2
  SELECT bucket_start, endpoint_name, served_entity_name, '', requester, status_class,
    latency_bucket, requests
  FROM usage_latency_rollup;
DROP TABLE usage_latency_rollup;
ALTER TABLE usage_latency_rollup_v2 RENAME TO usage_latency_rollup;
