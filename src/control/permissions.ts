import { Hono, type Context } from 'hono';
import type * as z from 'zod/mini';
import { type permissionEntry, permissionsBody } from '../config/control-requests';
import type { AppEnv } from '../env';
import { requirePermission } from '../gateway/access';
import { forgetEndpoint } from '../gateway/endpoints';
import { resourceMissing } from '../gateway/errors';
import { findEndpoint } from '../storage/endpoints';
import { listPermissions, writePermissions, type PermissionEntry } from '../storage/permissions';
import { validBody } from './validate';

// Permissions on serving endpoints (CONTRACT §4): CAN_QUERY, CAN_VIEW, CAN_MANAGE.

export const permissionRoutes = new Hono<AppEnv>();

function toEntry(e: z.infer<typeof permissionEntry>): PermissionEntry {
  if (e.user_name)
    return { principal_kind: 'user', principal: e.user_name, permission_level: e.permission_level };
  if (e.group_name)
    return {
      principal_kind: 'group',
      principal: e.group_name,
      permission_level: e.permission_level,
    };
  return {
    principal_kind: 'service_principal',
    principal: e.service_principal_name!,
    permission_level: e.permission_level,
  };
}

function view(name: string, id: string, entries: PermissionEntry[]) {
  const key = {
    user: 'user_name',
    group: 'group_name',
    service_principal: 'service_principal_name',
  } as const;
  return {
    object_id: `/serving-endpoints/${id}`,
    object_type: 'serving-endpoint',
    endpoint_name: name,
    access_control_list: entries.map((e) => ({
      [key[e.principal_kind]]: e.principal,
      all_permissions: [{ permission_level: e.permission_level, inherited: false }],
    })),
  };
}

async function endpointFor(c: Context<AppEnv>, needed: 'CAN_VIEW' | 'CAN_MANAGE') {
  const name = c.req.param('name')!;
  const endpoint = await findEndpoint(c.env.DB, name);
  if (!endpoint) throw resourceMissing(`Serving endpoint '${name}' does not exist.`);
  const entries = await listPermissions(c.env.DB, name);
  requirePermission(
    c.get('principal'),
    endpoint.creator,
    entries,
    needed,
    `serving endpoint '${name}'`,
  );
  return { endpoint, entries };
}

permissionRoutes.get('/api/2.0/permissions/serving-endpoints/:name', async (c) => {
  const { endpoint, entries } = await endpointFor(c, 'CAN_VIEW');
  return c.json(view(endpoint.name, endpoint.id, entries));
});

for (const method of ['put', 'patch'] as const) {
  permissionRoutes[method]('/api/2.0/permissions/serving-endpoints/:name', async (c) => {
    const { endpoint } = await endpointFor(c, 'CAN_MANAGE');
    const { access_control_list } = await validBody(c, permissionsBody);
    const entries = access_control_list.map(toEntry);
    // PUT replaces the list, but the creator always keeps CAN_MANAGE.
    if (method === 'put')
      entries.push({
        principal_kind: 'user',
        principal: endpoint.creator,
        permission_level: 'CAN_MANAGE',
      });
    await writePermissions(c.env.DB, endpoint.name, entries, method === 'put');
    forgetEndpoint(endpoint.name);
    return c.json(view(endpoint.name, endpoint.id, await listPermissions(c.env.DB, endpoint.name)));
  });
}
