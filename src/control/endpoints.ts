import { Hono, type Context } from 'hono';
import { aiGatewayConfig } from '../config/ai-gateway';
import {
  createEndpointBody,
  endpointCoreConfig,
  type EndpointCoreConfig,
} from '../config/endpoint-config';
import type { AppEnv } from '../env';
import { permissionLevel, requirePermission } from '../gateway/access';
import { forgetEndpoint } from '../gateway/endpoints';
import { alreadyExists, resourceMissing } from '../gateway/errors';
import { randomHex } from '../storage/crypto';
import * as store from '../storage/endpoints';
import {
  listPermissions,
  listPermissionsFor,
  writePermissions,
  type PermissionLevel,
} from '../storage/permissions';
import { deleteEndpointSecrets, deleteEndpointSecretsExcept } from '../storage/secrets';
import { checkAiGateway } from './ai-gateway-rules';
import { redactCredentials, sealCredentials } from './endpoint-credentials';
import { validBody } from './validate';

// Serving endpoints (CONTRACT §4), Databricks-shaped.

export const endpointRoutes = new Hono<AppEnv>();

const LEVEL_NAMES: PermissionLevel[] = ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'];

function view(e: store.EndpointRecord, level?: number) {
  return {
    name: e.name,
    id: e.id,
    creator: e.creator,
    creation_timestamp: e.creation_timestamp,
    last_updated_timestamp: e.last_updated_timestamp,
    state: { ready: 'READY', config_update: 'NOT_UPDATING' },
    config: redactCredentials(e.config),
    ai_gateway: e.ai_gateway,
    task: e.task,
    tags: e.tags,
    endpoint_type: 'EXTERNAL_MODEL',
    ...(level ? { permission_level: LEVEL_NAMES[level - 1] } : {}),
  };
}

async function existing(
  c: Context<AppEnv>,
  needed: PermissionLevel,
): Promise<store.EndpointRecord> {
  const name = c.req.param('name')!;
  const endpoint = await store.findEndpoint(c.env.DB, name);
  if (!endpoint) throw resourceMissing(`Serving endpoint '${name}' does not exist.`);
  requirePermission(
    c.get('principal'),
    endpoint.creator,
    await listPermissions(c.env.DB, name),
    needed,
    `serving endpoint '${name}'`,
  );
  return endpoint;
}

const taskOf = (config: EndpointCoreConfig) => config.served_entities[0].external_model.task;

endpointRoutes.post('/api/2.0/serving-endpoints', async (c) => {
  const body = await validBody(c, createEndpointBody);
  const aiGateway = body.ai_gateway ?? {};
  await checkAiGateway(c.env.DB, aiGateway, body.name);
  if (await store.findEndpoint(c.env.DB, body.name)) {
    throw alreadyExists(`Serving endpoint '${body.name}' already exists.`);
  }
  const id = randomHex(16);
  const now = Date.now();
  const creator = c.get('principal').name;
  const record: store.EndpointRecord = {
    name: body.name,
    id,
    creator,
    creation_timestamp: now,
    last_updated_timestamp: now,
    task: taskOf(body.config),
    config: await sealCredentials(c.env, id, body.config, undefined, c.get('principal').isAdmin),
    ai_gateway: aiGateway,
    tags: body.tags ?? [],
  };
  if (!(await store.insertEndpoint(c.env.DB, record))) {
    await deleteEndpointSecrets(c.env.DB, id);
    throw alreadyExists(`Serving endpoint '${body.name}' already exists.`);
  }
  await writePermissions(
    c.env.DB,
    body.name,
    [{ principal_kind: 'user', principal: creator, permission_level: 'CAN_MANAGE' }],
    false,
  );
  forgetEndpoint(body.name);
  return c.json(view(record));
});

endpointRoutes.get('/api/2.0/serving-endpoints', async (c) => {
  const principal = c.get('principal');
  const [endpoints, permissions] = await Promise.all([
    store.listEndpoints(c.env.DB),
    listPermissionsFor(c.env.DB),
  ]);
  const visible = endpoints
    .map((e) => ({
      e,
      level: permissionLevel(principal, e.creator, permissions.get(e.name) ?? []),
    }))
    .filter(({ level }) => level > 0);
  return c.json({ endpoints: visible.map(({ e, level }) => view(e, level)) });
});

endpointRoutes.get('/api/2.0/serving-endpoints/:name', async (c) => {
  const endpoint = await existing(c, 'CAN_VIEW');
  return c.json(view(endpoint));
});

endpointRoutes.put('/api/2.0/serving-endpoints/:name/config', async (c) => {
  const endpoint = await existing(c, 'CAN_MANAGE');
  const config = await validBody(c, endpointCoreConfig);
  const sealed = await sealCredentials(
    c.env,
    endpoint.id,
    config,
    endpoint.config,
    c.get('principal').isAdmin,
  );
  await store.updateEndpointConfig(c.env.DB, endpoint.name, taskOf(sealed), sealed);
  await deleteEndpointSecretsExcept(c.env.DB, endpoint.id, JSON.stringify(sealed));
  forgetEndpoint(endpoint.name);
  return c.json(view((await store.findEndpoint(c.env.DB, endpoint.name))!));
});

endpointRoutes.put('/api/2.0/serving-endpoints/:name/ai-gateway', async (c) => {
  const endpoint = await existing(c, 'CAN_MANAGE');
  const aiGateway = await validBody(c, aiGatewayConfig);
  await checkAiGateway(c.env.DB, aiGateway, endpoint.name);
  await store.updateEndpointAiGateway(c.env.DB, endpoint.name, aiGateway);
  forgetEndpoint(endpoint.name);
  return c.json(aiGateway);
});

endpointRoutes.delete('/api/2.0/serving-endpoints/:name', async (c) => {
  const endpoint = await existing(c, 'CAN_MANAGE');
  await store.deleteEndpoint(c.env.DB, endpoint.name);
  await deleteEndpointSecrets(c.env.DB, endpoint.id);
  forgetEndpoint(endpoint.name);
  return c.json({});
});
