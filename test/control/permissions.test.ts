import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { admin, call, createEndpoint, tokenFor, unique } from '../helpers/gateway';

// Permissions (CONTRACT §4): CAN_VIEW ⊂ CAN_QUERY ⊂ CAN_MANAGE, by user or group; the creator manages.

const fakes = installFakeUpstreams({ 'api.openai.fake': fakeOpenAI({ apiKey: 'sk-perm' }) });
afterAll(() => fakes.restore());

const model = {
  name: 'gpt-4o-mini',
  provider: 'openai',
  task: 'llm/v1/chat',
  openai_config: {
    openai_api_key_plaintext: 'sk-perm',
    openai_api_base: 'https://api.openai.fake/v1',
  },
};
const chat = (token: string, endpoint: string) =>
  call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, {
    model: endpoint,
    messages: [{ role: 'user', content: 'hi' }],
  });
const permissionsPath = (name: string) => `/api/2.0/permissions/serving-endpoints/${name}`;

let endpoint: string;
beforeAll(async () => {
  endpoint = unique('perm');
  await createEndpoint(endpoint, model);
});

describe('permissions', () => {
  it('gives the creator CAN_MANAGE, shown by GET', async () => {
    const dave = await tokenFor('dave');
    const name = unique('daves');
    const created = await call('POST', '/api/2.0/serving-endpoints', dave, {
      name,
      config: { served_entities: [{ name: 'a', external_model: model }] },
    });
    expect(created.status).toBe(200);
    const acl = await call('GET', permissionsPath(name), dave);
    expect(acl.status).toBe(200);
    expect(acl.json.access_control_list).toContainEqual({
      user_name: 'dave',
      all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }],
    });
    expect((await chat(dave, name)).status).toBe(200);
    expect((await call('DELETE', `/api/2.0/serving-endpoints/${name}`, dave)).status).toBe(200);
  });

  it('CAN_VIEW may read the endpoint but not query or manage it', async () => {
    const viewer = await tokenFor(unique('viewer'), { [endpoint]: 'CAN_VIEW' });
    expect((await call('GET', `/api/2.0/serving-endpoints/${endpoint}`, viewer)).status).toBe(200);
    expect(
      (await call('GET', '/api/2.0/serving-endpoints', viewer)).json.endpoints.map((e: any) => [
        e.name,
        e.permission_level,
      ]),
    ).toContainEqual([endpoint, 'CAN_VIEW']);
    expect((await call('GET', permissionsPath(endpoint), viewer)).status).toBe(200);
    const query = await chat(viewer, endpoint);
    expect(query.status).toBe(403);
    expect(query.json.error.message).toContain('CAN_QUERY');
    expect(
      (await call('PUT', `/api/2.0/serving-endpoints/${endpoint}/ai-gateway`, viewer, {})).status,
    ).toBe(403);
  });

  it('CAN_QUERY may query but not manage', async () => {
    const querier = await tokenFor(unique('querier'), { [endpoint]: 'CAN_QUERY' });
    expect((await chat(querier, endpoint)).status).toBe(200);
    const manage = await call('PATCH', permissionsPath(endpoint), querier, {
      access_control_list: [{ user_name: 'x', permission_level: 'CAN_MANAGE' }],
    });
    expect(manage.status).toBe(403);
    expect(manage.json.error_code).toBe('PERMISSION_DENIED');
    expect((await call('DELETE', `/api/2.0/serving-endpoints/${endpoint}`, querier)).status).toBe(
      403,
    );
    expect(
      (await call('GET', `/api/2.0/ai-gateway/usage?endpoint_name=${endpoint}`, querier)).status,
    ).toBe(403);
  });

  it('a stranger sees nothing and may do nothing', async () => {
    const stranger = await tokenFor(unique('stranger'));
    expect((await call('GET', `/api/2.0/serving-endpoints/${endpoint}`, stranger)).status).toBe(
      403,
    );
    expect(
      (await call('GET', '/api/2.0/serving-endpoints', stranger)).json.endpoints.map(
        (e: any) => e.name,
      ),
    ).not.toContain(endpoint);
    expect((await chat(stranger, endpoint)).status).toBe(403);
  });

  it('grants to a group reach every token carrying that group', async () => {
    const group = unique('team');
    const member = await tokenFor(unique('member'), {}, [group]);
    const outsider = await tokenFor(unique('outsider'), {}, ['other-team']);
    expect((await chat(member, endpoint)).status).toBe(403);
    const patch = await admin('PATCH', permissionsPath(endpoint), {
      access_control_list: [{ group_name: group, permission_level: 'CAN_QUERY' }],
    });
    expect(patch.status).toBe(200);
    expect(patch.json.access_control_list).toContainEqual({
      group_name: group,
      all_permissions: [{ permission_level: 'CAN_QUERY', inherited: false }],
    });
    expect((await chat(member, endpoint)).status).toBe(200);
    expect((await chat(outsider, endpoint)).status).toBe(403);
  });

  it('grants to a service principal by name', async () => {
    const spName = unique('sp');
    const res = await admin('POST', '/api/2.0/token/create', {
      principal: spName,
      principal_type: 'service_principal',
    });
    await admin('PATCH', permissionsPath(endpoint), {
      access_control_list: [{ user_name: spName, permission_level: 'CAN_QUERY' }],
    });
    expect((await chat(res.json.token_value, endpoint)).status).toBe(403);
    await admin('PATCH', permissionsPath(endpoint), {
      access_control_list: [{ service_principal_name: spName, permission_level: 'CAN_QUERY' }],
    });
    expect((await chat(res.json.token_value, endpoint)).status).toBe(200);
  });

  it('PUT replaces the list (the creator keeps CAN_MANAGE), PATCH adds to it', async () => {
    const name = unique('acl');
    await createEndpoint(name, model);
    const a = await tokenFor(unique('a'), { [name]: 'CAN_QUERY' });
    const b = await tokenFor(unique('b'));
    const bName = (await call('GET', '/api/2.0/token/list', b)).json.token_infos[0].principal;
    const put = await admin('PUT', permissionsPath(name), {
      access_control_list: [{ user_name: bName, permission_level: 'CAN_MANAGE' }],
    });
    expect(put.status).toBe(200);
    expect(put.json.access_control_list.map((e: any) => e.user_name).sort()).toEqual(
      ['admin', bName].sort(),
    );
    expect((await chat(a, name)).status).toBe(403);
    expect((await call('GET', `/api/2.0/ai-gateway/usage?endpoint_name=${name}`, b)).status).toBe(
      200,
    );
    expect(
      (
        await call('PATCH', permissionsPath(name), b, {
          access_control_list: [{ user_name: 'z', permission_level: 'CAN_VIEW' }],
        })
      ).status,
    ).toBe(200);
  });

  it('rejects bad bodies and unknown endpoints with the control-plane error shape', async () => {
    const both = await admin('PATCH', permissionsPath(endpoint), {
      access_control_list: [{ user_name: 'u', group_name: 'g', permission_level: 'CAN_QUERY' }],
    });
    expect(both.status).toBe(400);
    expect(both.json.message).toContain('exactly one of user_name');
    const level = await admin('PATCH', permissionsPath(endpoint), {
      access_control_list: [{ user_name: 'u', permission_level: 'CAN_DANCE' }],
    });
    expect(level.status).toBe(400);
    expect(level.json.message).toContain('permission_level');
    const missing = await admin('GET', permissionsPath('no-such-endpoint'));
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: expect.stringContaining('no-such-endpoint'),
    });
  });

  it('deleting an endpoint drops its grants, so a new one with the same name starts clean', async () => {
    const name = unique('reuse');
    await createEndpoint(name, model);
    const user = await tokenFor(unique('u'), { [name]: 'CAN_QUERY' });
    await admin('DELETE', `/api/2.0/serving-endpoints/${name}`);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM permissions WHERE endpoint_name = ?')
        .bind(name)
        .first('n'),
    ).toBe(0);
    await createEndpoint(name, model);
    expect((await chat(user, name)).status).toBe(403);
  });
});
