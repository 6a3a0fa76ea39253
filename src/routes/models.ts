import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { hasPermission } from '../gateway/access';
import { listEndpoints } from '../storage/endpoints';
import { listPermissionsFor } from '../storage/permissions';

// GET …/models: the endpoints the caller may query, OpenAI-style.

export const modelRoutes = new Hono<AppEnv>();

for (const path of [
  '/ai-gateway/mlflow/v1/models',
  '/ai-gateway/openai/v1/models',
  '/serving-endpoints/v1/models',
]) {
  modelRoutes.get(path, async (c) => {
    const principal = c.get('principal');
    const [endpoints, permissions] = await Promise.all([
      listEndpoints(c.env.DB),
      listPermissionsFor(c.env.DB),
    ]);
    const data = endpoints
      .filter((e) =>
        hasPermission(principal, e.creator, permissions.get(e.name) ?? [], 'CAN_QUERY'),
      )
      .map((e) => ({
        id: e.name,
        object: 'model',
        created: Math.floor(e.creation_timestamp / 1000),
        owned_by: e.creator,
        task: e.task,
      }));
    return c.json({ object: 'list', data });
  });
}
