import { Hono } from 'hono';
import { deleteSecretBody, putSecretBody, scopeBody } from '../config/control-requests';
import type { AppEnv } from '../env';
import { forgetSecret } from '../gateway/credentials';
import { alreadyExists, resourceMissing } from '../gateway/errors';
import * as store from '../storage/secrets';
import { requireAdmin, validBody } from './validate';

// Secret scopes and secrets (CONTRACT §4). Values are encrypted at rest and never returned.
// Managing secrets is the admin's job: they hold every provider credential.

export const secretRoutes = new Hono<AppEnv>();

secretRoutes.use('/api/2.0/secrets/*', async (c, next) => {
  requireAdmin(c, 'manage secrets');
  await next();
});

secretRoutes.post('/api/2.0/secrets/scopes/create', async (c) => {
  const { scope } = await validBody(c, scopeBody);
  if (!(await store.createScope(c.env.DB, scope, c.get('principal').name))) {
    throw alreadyExists(`Scope ${scope} already exists.`);
  }
  return c.json({});
});

secretRoutes.get('/api/2.0/secrets/scopes/list', async (c) => {
  const scopes = await store.listScopes(c.env.DB);
  return c.json({ scopes: scopes.map((s) => ({ name: s.name, backend_type: 'DATABRICKS' })) });
});

secretRoutes.post('/api/2.0/secrets/scopes/delete', async (c) => {
  const { scope } = await validBody(c, scopeBody);
  for (const { key } of await store.listSecrets(c.env.DB, scope)) forgetSecret(scope, key);
  if (!(await store.deleteScope(c.env.DB, scope)))
    throw resourceMissing(`Scope ${scope} does not exist.`);
  return c.json({});
});

secretRoutes.post('/api/2.0/secrets/put', async (c) => {
  const { scope, key, string_value } = await validBody(c, putSecretBody);
  if (!(await store.scopeExists(c.env.DB, scope)))
    throw resourceMissing(`Scope ${scope} does not exist.`);
  await store.putSecret(c.env, scope, key, string_value);
  forgetSecret(scope, key);
  return c.json({});
});

secretRoutes.get('/api/2.0/secrets/list', async (c) => {
  const scope = c.req.query('scope') ?? '';
  if (!(await store.scopeExists(c.env.DB, scope)))
    throw resourceMissing(`Scope ${scope} does not exist.`);
  const secrets = await store.listSecrets(c.env.DB, scope);
  return c.json({ secrets });
});

secretRoutes.post('/api/2.0/secrets/delete', async (c) => {
  const { scope, key } = await validBody(c, deleteSecretBody);
  if (!(await store.deleteSecret(c.env.DB, scope, key))) {
    throw resourceMissing(`Secret ${scope}/${key} does not exist.`);
  }
  forgetSecret(scope, key);
  return c.json({});
});
