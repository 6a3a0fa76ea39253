-- The whole D1 schema. migrations/ holds the same, step by step.

-- Secret scopes and their secrets. Values are AES-GCM ciphertext (base64 of iv || ciphertext).
CREATE TABLE IF NOT EXISTS secret_scopes (
  name TEXT PRIMARY KEY,
  creator TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS secrets (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  ciphertext TEXT NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  -- set for credentials given as *_plaintext in an endpoint config: deleted with the endpoint
  endpoint_id TEXT,
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS secrets_by_endpoint ON secrets (endpoint_id);

-- Gateway tokens: only the SHA-256 hash of the value is kept.
CREATE TABLE IF NOT EXISTS tokens (
  token_id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  principal TEXT NOT NULL,
  principal_type TEXT NOT NULL,
  groups TEXT NOT NULL DEFAULT '[]',
  comment TEXT,
  creation_time INTEGER NOT NULL,
  expiry_time INTEGER NOT NULL DEFAULT -1,
  created_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tokens_by_principal ON tokens (principal);

-- Serving endpoints: the validated config, ai_gateway block and tags as JSON.
CREATE TABLE IF NOT EXISTS serving_endpoints (
  name TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  creator TEXT NOT NULL,
  creation_timestamp INTEGER NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  task TEXT NOT NULL,
  config TEXT NOT NULL,
  ai_gateway TEXT NOT NULL DEFAULT '{}',
  tags TEXT NOT NULL DEFAULT '[]'
);

-- Permissions on serving endpoints. principal_kind: user | group | service_principal.
CREATE TABLE IF NOT EXISTS permissions (
  endpoint_name TEXT NOT NULL,
  principal_kind TEXT NOT NULL,
  principal TEXT NOT NULL,
  permission_level TEXT NOT NULL,
  PRIMARY KEY (endpoint_name, principal_kind, principal)
);

-- One row per data-plane request (CONTRACT section 6).
CREATE TABLE IF NOT EXISTS usage (
  request_id TEXT PRIMARY KEY,
  event_time INTEGER NOT NULL,
  endpoint_name TEXT,
  endpoint_id TEXT,
  served_entity_name TEXT,
  provider TEXT,
  destination_model TEXT,
  requester TEXT,
  requester_type TEXT,
  api_type TEXT,
  status_code INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  total_tokens INTEGER NOT NULL DEFAULT 0,
  cache_read_input_tokens INTEGER NOT NULL DEFAULT 0,
  cache_creation_input_tokens INTEGER NOT NULL DEFAULT 0,
  tokens_estimated INTEGER NOT NULL DEFAULT 0,
  streaming INTEGER NOT NULL DEFAULT 0,
  latency_ms INTEGER,
  time_to_first_byte_ms INTEGER,
  fallback_attempts INTEGER NOT NULL DEFAULT 0,
  request_tags TEXT NOT NULL DEFAULT '{}',
  user_agent TEXT,
  error_message TEXT,
  guardrail_results TEXT
);
CREATE INDEX IF NOT EXISTS usage_by_endpoint_time ON usage (endpoint_name, event_time);
CREATE INDEX IF NOT EXISTS usage_by_requester_time ON usage (requester, event_time);
CREATE INDEX IF NOT EXISTS usage_by_time ON usage (event_time);

-- Inference tables: request and response bodies of endpoints that enable them.
CREATE TABLE IF NOT EXISTS inference_log (
  request_id TEXT PRIMARY KEY,
  event_time INTEGER NOT NULL,
  endpoint_name TEXT NOT NULL,
  served_entity_name TEXT,
  requester TEXT,
  status_code INTEGER NOT NULL,
  request_body TEXT,
  response_body TEXT,
  truncated INTEGER NOT NULL DEFAULT 0,
  request_tags TEXT NOT NULL DEFAULT '{}',
  latency_ms INTEGER,
  time_to_first_byte_ms INTEGER
);
CREATE INDEX IF NOT EXISTS inference_by_endpoint_time ON inference_log (endpoint_name, event_time);

-- Stored Responses API responses (store: true), owned by the principal that made them.
CREATE TABLE IF NOT EXISTS stored_responses (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  endpoint_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  previous_response_id TEXT,
  input_items TEXT NOT NULL,
  response TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stored_responses_by_expiry ON stored_responses (expires_at);

-- Responses that a provider stored itself (passed through), owned by the principal who made them.
-- The body stays with the provider; the gateway keeps who may read, continue or delete it, and
-- where it lives. Output item ids let item_reference and echoed items be checked for ownership.
CREATE TABLE IF NOT EXISTS forwarded_responses (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  endpoint_name TEXT NOT NULL,
  served_entity_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS forwarded_responses_by_expiry ON forwarded_responses (expires_at);
CREATE TABLE IF NOT EXISTS forwarded_response_items (
  item_id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS forwarded_response_items_by_response ON forwarded_response_items (response_id);
CREATE INDEX IF NOT EXISTS forwarded_response_items_by_expiry ON forwarded_response_items (expires_at);
