import type { AiGatewayConfig } from '../config/ai-gateway';
import type { EndpointCoreConfig } from '../config/endpoint-config';
import type { Task } from '../config/tasks';

export interface EndpointRecord {
  name: string;
  id: string;
  creator: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  task: Task;
  /**
   * Credentials only as {{secrets/…}} references. Both blocks are as written (validated then);
   * the data plane parses them again when it loads them (gateway/endpoints.ts).
   */
  config: EndpointCoreConfig;
  ai_gateway: AiGatewayConfig;
  tags: { key: string; value?: string }[];
}

type EndpointRow = Omit<EndpointRecord, 'config' | 'ai_gateway' | 'tags'> & {
  config: string;
  ai_gateway: string;
  tags: string;
};

const fromRow = (row: EndpointRow): EndpointRecord => ({
  ...row,
  config: JSON.parse(row.config),
  ai_gateway: JSON.parse(row.ai_gateway),
  tags: JSON.parse(row.tags),
});

export async function insertEndpoint(db: D1Database, endpoint: EndpointRecord): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO serving_endpoints (name, id, creator, creation_timestamp, last_updated_timestamp, task, config, ai_gateway, tags)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
    )
    .bind(
      endpoint.name,
      endpoint.id,
      endpoint.creator,
      endpoint.creation_timestamp,
      endpoint.last_updated_timestamp,
      endpoint.task,
      JSON.stringify(endpoint.config),
      JSON.stringify(endpoint.ai_gateway),
      JSON.stringify(endpoint.tags),
    )
    .run();
  return result.meta.changes > 0;
}

export async function findEndpoint(db: D1Database, name: string): Promise<EndpointRecord | null> {
  const row = await db
    .prepare('SELECT * FROM serving_endpoints WHERE name = ?')
    .bind(name)
    .first<EndpointRow>();
  return row ? fromRow(row) : null;
}

export async function listEndpoints(db: D1Database): Promise<EndpointRecord[]> {
  const { results } = await db
    .prepare('SELECT * FROM serving_endpoints ORDER BY name')
    .all<EndpointRow>();
  return results.map(fromRow);
}

export async function updateEndpointConfig(
  db: D1Database,
  name: string,
  task: Task,
  config: EndpointCoreConfig,
): Promise<void> {
  await db
    .prepare(
      'UPDATE serving_endpoints SET config = ?, task = ?, last_updated_timestamp = ? WHERE name = ?',
    )
    .bind(JSON.stringify(config), task, Date.now(), name)
    .run();
}

export async function updateEndpointAiGateway(
  db: D1Database,
  name: string,
  aiGateway: AiGatewayConfig,
): Promise<void> {
  await db
    .prepare(
      'UPDATE serving_endpoints SET ai_gateway = ?, last_updated_timestamp = ? WHERE name = ?',
    )
    .bind(JSON.stringify(aiGateway), Date.now(), name)
    .run();
}

export async function deleteEndpoint(db: D1Database, name: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM serving_endpoints WHERE name = ?').bind(name),
    db.prepare('DELETE FROM permissions WHERE endpoint_name = ?').bind(name),
  ]);
}
