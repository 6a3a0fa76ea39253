import { describe, expect, it } from 'vitest';
import { admin, call, tokenFor, unique } from '../helpers/gateway';

// GET /api/2.0/preview/scim/v2/Me: who the presented token acts for, as Databricks answers it.

describe('scim Me', () => {
  it('names the admin, a member of admins', async () => {
    const res = await admin('GET', '/api/2.0/preview/scim/v2/Me');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      userName: 'admin',
      groups: [{ display: 'admins' }],
      is_admin: true,
      active: true,
    });
  });

  it("names a token's principal, its type and groups, and is not the admin", async () => {
    const name = unique('me');
    const created = await admin('POST', '/api/2.0/token/create', {
      principal: name,
      principal_type: 'service_principal',
      groups: ['eng'],
    });
    const res = await call('GET', '/api/2.0/preview/scim/v2/Me', created.json.token_value);
    expect(res.json).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: name,
      userName: name,
      displayName: name,
      active: true,
      groups: [{ display: 'eng' }],
      principal_type: 'service_principal',
      is_admin: false,
    });
  });

  it('answers 401 for an unknown token', async () => {
    expect((await call('GET', '/api/2.0/preview/scim/v2/Me', 'nope')).status).toBe(401);
    expect((await call('GET', '/api/2.0/preview/scim/v2/Me', await tokenFor('x'))).status).toBe(
      200,
    );
  });
});
