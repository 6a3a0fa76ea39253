import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { scimUser } from '../gateway/scim-user';

// GET /api/2.0/preview/scim/v2/Me: who the presented token acts for, in the shape Databricks
// answers it (a SCIM user), so consoles and scripts need not infer it from other routes.

export const meRoutes = new Hono<AppEnv>();

meRoutes.get('/api/2.0/preview/scim/v2/Me', (c) => c.json(scimUser(c.get('principal'))));
