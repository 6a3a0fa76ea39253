import { env, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { admin, call, createEndpoint, GW, tokenFor, unique } from '../helpers/gateway';

// Who may call (CONTRACT §2): 401 for a missing or bad token, 403 without permission, the token
// accepted in each dialect's own header, Authorization winning, and 401 bodies in the route's dialect.

const fakes = installFakeUpstreams({ 'api.openai.fake': fakeOpenAI({ apiKey: 'sk-auth' }) });
afterAll(() => fakes.restore());

const CHAT = '/ai-gateway/mlflow/v1/chat/completions';
let endpoint: string;
const body = () => ({ model: endpoint, messages: [{ role: 'user', content: 'hi' }] });

beforeAll(async () => {
  endpoint = unique('auth');
  await createEndpoint(endpoint, {
    name: 'gpt-4o-mini',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: {
      openai_api_key_plaintext: 'sk-auth',
      openai_api_base: 'https://api.openai.fake/v1',
    },
  });
});

const raw = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
  SELF.fetch(`${GW}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body()),
    ...init,
  });

describe('401 and 403', () => {
  it('no token, a wrong token, an expired token and a deleted token are all 401', async () => {
    expect((await call('POST', CHAT, null, body())).status).toBe(401);
    expect((await call('POST', CHAT, `dgw${'0'.repeat(64)}`, body())).status).toBe(401);
    expect((await call('POST', CHAT, `${env.GATEWAY_ADMIN_TOKEN}x`, body())).status).toBe(401);

    const expired = (
      await admin('POST', '/api/2.0/token/create', {
        principal: unique('late'),
        lifetime_seconds: 60,
      })
    ).json;
    await env.DB.prepare('UPDATE tokens SET expiry_time = ? WHERE token_id = ?')
      .bind(Date.now() - 1, expired.token_info.token_id)
      .run();
    const res = await call('POST', CHAT, expired.token_value, body());
    expect(res.status).toBe(401);
    expect(res.json.error.message).not.toContain(expired.token_value);

    const deleted = (await admin('POST', '/api/2.0/token/create', { principal: 'alice' })).json;
    await admin('PATCH', `/api/2.0/permissions/serving-endpoints/${endpoint}`, {
      access_control_list: [{ user_name: 'alice', permission_level: 'CAN_QUERY' }],
    });
    expect((await call('POST', CHAT, deleted.token_value, body())).status).toBe(200);
    await admin('POST', '/api/2.0/token/delete', { token_id: deleted.token_info.token_id });
    expect((await call('POST', CHAT, deleted.token_value, body())).status).toBe(401);
  });

  it('a token that really expires stops working', async () => {
    const t = (
      await admin('POST', '/api/2.0/token/create', {
        principal: unique('brief'),
        lifetime_seconds: 1,
      })
    ).json.token_value;
    expect((await call('GET', '/api/2.0/token/list', t)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call('GET', '/api/2.0/token/list', t)).status).toBe(401);
  });

  it('a valid token without CAN_QUERY is 403; the admin grants alice CAN_QUERY and she gets 200', async () => {
    const principal = unique('alice');
    const token = (await admin('POST', '/api/2.0/token/create', { principal })).json.token_value;
    const denied = await call('POST', CHAT, token, body());
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toContain('CAN_QUERY');
    const grant = await admin('PATCH', `/api/2.0/permissions/serving-endpoints/${endpoint}`, {
      access_control_list: [{ user_name: principal, permission_level: 'CAN_QUERY' }],
    });
    expect(grant.status).toBe(200);
    const ok = await call('POST', CHAT, token, body());
    expect(ok.status).toBe(200);
    expect(ok.json.choices[0].message.content).toBe('echo: hi');
  });

  it('answers 401 in the dialect of the route', async () => {
    const control = await call('GET', '/api/2.0/serving-endpoints', null);
    expect(control.json).toEqual({ error_code: 'UNAUTHENTICATED', message: expect.any(String) });
    const openai = await call('POST', CHAT, 'nope', body());
    expect(openai.json).toEqual({
      error: expect.objectContaining({ message: expect.any(String), type: expect.any(String) }),
    });
    const anthropic = await call(
      'POST',
      '/ai-gateway/anthropic/v1/messages',
      null,
      {},
      { 'x-api-key': 'nope' },
    );
    expect(anthropic.status).toBe(401);
    expect(anthropic.json).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: expect.any(String) },
    });
    const gemini = await call(
      'POST',
      `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`,
      null,
      {},
      { 'x-goog-api-key': 'nope' },
    );
    expect(gemini.status).toBe(401);
    expect(gemini.json).toEqual({
      error: { code: 401, message: expect.any(String), status: 'UNAUTHENTICATED' },
    });
    const serving = await call('POST', `/serving-endpoints/${endpoint}/invocations`, null, {});
    expect(serving.json.error.message).toEqual(expect.any(String));
  });

  it('/health needs no token', async () => {
    const res = await call('GET', '/health', null);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });
});

describe('where the token may come from', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor(unique('carrier'), { [endpoint]: 'CAN_QUERY' });
  });

  it('accepts Bearer and Basic token:T (curl -u) on every route', async () => {
    expect((await raw(CHAT, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await raw(CHAT, { authorization: `Basic ${btoa(`token:${token}`)}` })).status).toBe(
      200,
    );
    expect((await raw(CHAT, { authorization: `Basic ${btoa(`token:wrong`)}` })).status).toBe(401);
    expect((await raw(CHAT, { authorization: `Basic !!!notbase64` })).status).toBe(401);
    expect((await raw(CHAT, { authorization: `Token ${token}` })).status).toBe(401);
    const list = await SELF.fetch(`${GW}/api/2.0/token/list`, {
      headers: { authorization: `Basic ${btoa(`token:${token}`)}` },
    });
    expect(list.status).toBe(200);
  });

  it('accepts x-api-key only on the Anthropic route', async () => {
    expect((await raw(CHAT, { 'x-api-key': token })).status).toBe(401);
    expect(
      (await raw('/ai-gateway/anthropic/v1/messages', { 'x-api-key': token })).status,
    ).not.toBe(401);
    expect((await raw('/ai-gateway/anthropic/v1/messages', { 'x-api-key': 'wrong' })).status).toBe(
      401,
    );
    expect(
      (
        await raw(`/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`, {
          'x-api-key': token,
        })
      ).status,
    ).toBe(401);
  });

  it('accepts x-goog-api-key and ?key= only on the Gemini route', async () => {
    const gemini = `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`;
    expect((await raw(gemini, { 'x-goog-api-key': token })).status).not.toBe(401);
    expect((await raw(`${gemini}?key=${token}`, {})).status).not.toBe(401);
    expect((await raw(`${gemini}?key=wrong`, {})).status).toBe(401);
    expect((await raw(CHAT, { 'x-goog-api-key': token })).status).toBe(401);
    expect((await raw(`${CHAT}?key=${token}`, {})).status).toBe(401);
    expect(
      (await raw('/ai-gateway/anthropic/v1/messages', { 'x-goog-api-key': token })).status,
    ).toBe(401);
  });

  it('lets Authorization win over the dialect headers', async () => {
    const gemini = `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`;
    expect(
      (await raw(gemini, { authorization: `Bearer ${token}`, 'x-goog-api-key': 'dummy' })).status,
    ).not.toBe(401);
    expect(
      (await raw(`${gemini}?key=dummy`, { authorization: `Bearer ${token}` })).status,
    ).not.toBe(401);
    expect(
      (await raw(gemini, { authorization: 'Bearer dummy', 'x-goog-api-key': token })).status,
    ).toBe(401);
    expect(
      (
        await raw('/ai-gateway/anthropic/v1/messages', {
          authorization: `Bearer ${token}`,
          'x-api-key': 'dummy',
        })
      ).status,
    ).not.toBe(401);
    expect(
      (
        await raw('/ai-gateway/anthropic/v1/messages', {
          authorization: 'Bearer dummy',
          'x-api-key': token,
        })
      ).status,
    ).toBe(401);
  });
});
