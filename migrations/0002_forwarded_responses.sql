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
