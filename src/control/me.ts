import { Hono } from 'hono';
import type { AppEnv, Principal } from '../env';

// GET /api/2.0/preview/scim/v2/Me: who the presented token acts for, in the shape Databricks
// answers it (a SCIM user), so consoles and scripts need not infer it from other routes.

export const meRoutes = new Hono<AppEnv>();

/** A principal as a SCIM user; the admin is the member of `admins`. */
export function scimUser(principal: Principal) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: principal.name,
    userName: principal.name,
    displayName: principal.name,
    active: true,
    groups: principal.groups.map((group) => ({ display: group })),
    // Not SCIM: what the gateway's permission checks go by.
    principal_type: principal.type,
    is_admin: principal.isAdmin,
  };
}

meRoutes.get('/api/2.0/preview/scim/v2/Me', (c) => c.json(scimUser(c.get('principal'))));
