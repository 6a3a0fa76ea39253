import { env } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { admin, call, createEndpoint, putSecret, tokenFor, unique } from '../helpers/gateway';

// PUT …/config and PUT …/ai-gateway take effect at once, keep credentials sealed, and never let
// someone other than the admin send a stored credential somewhere new.

const fakes = installFakeUpstreams({
  'api.openai.fake': fakeOpenAI({ apiKey: 'sk-old' }),
  'new.openai.fake': fakeOpenAI({ apiKey: 'sk-new' }),
});
afterAll(() => fakes.restore());

const model = (key: Record<string, string>, base = 'https://api.openai.fake/v1') => ({
  name: 'gpt-4o-mini',
  provider: 'openai',
  task: 'llm/v1/chat',
  openai_config: { ...key, openai_api_base: base },
});
const entities = (m: Record<string, unknown>) => ({
  served_entities: [{ name: 'entity-0', external_model: m }],
});
const chat = (token: string, endpoint: string) =>
  call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, {
    model: endpoint,
    messages: [{ role: 'user', content: 'hi' }],
  });
const privateSecretCount = (id: string) =>
  env.DB.prepare('SELECT count(*) AS n FROM secrets WHERE endpoint_id = ?')
    .bind(id)
    .first<number>('n');

describe('PUT /api/2.0/serving-endpoints/{name}/config', () => {
  it('takes effect on the next request and on GET, and drops the replaced plaintext credential', async () => {
    const name = unique('upd');
    const { id } = await createEndpoint(name, model({ openai_api_key_plaintext: 'sk-old' }));
    expect((await chat(env.GATEWAY_ADMIN_TOKEN, name)).status).toBe(200);
    const before = await env.DB.prepare('SELECT ciphertext FROM secrets WHERE endpoint_id = ?')
      .bind(id)
      .first<string>('ciphertext');

    const res = await admin(
      'PUT',
      `/api/2.0/serving-endpoints/${name}/config`,
      entities(model({ openai_api_key_plaintext: 'sk-new' }, 'https://new.openai.fake/v1')),
    );
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('sk-new');
    const got = await admin('GET', `/api/2.0/serving-endpoints/${name}`);
    expect(got.json.config.served_entities[0].external_model.openai_config).toEqual({
      openai_api_key_plaintext: '[REDACTED]',
      openai_api_base: 'https://new.openai.fake/v1',
    });
    const answer = await chat(env.GATEWAY_ADMIN_TOKEN, name);
    expect(answer.status).toBe(200);
    expect(fakes.calls.at(-1)!.url).toBe('https://new.openai.fake/v1/chat/completions');
    expect(await privateSecretCount(id)).toBe(1);
    expect(
      await env.DB.prepare('SELECT ciphertext FROM secrets WHERE endpoint_id = ?')
        .bind(id)
        .first<string>('ciphertext'),
    ).not.toBe(before);
  });

  it('keeps a credential written back as [REDACTED] and drops it when replaced by a reference', async () => {
    const name = unique('upd');
    const { id } = await createEndpoint(name, model({ openai_api_key_plaintext: 'sk-old' }));
    const readBack = (await admin('GET', `/api/2.0/serving-endpoints/${name}`)).json.config;
    readBack.served_entities[0].external_model.openai_config.openai_organization = 'org-2';
    expect((await admin('PUT', `/api/2.0/serving-endpoints/${name}/config`, readBack)).status).toBe(
      200,
    );
    expect((await chat(env.GATEWAY_ADMIN_TOKEN, name)).status).toBe(200);
    expect(fakes.calls.at(-1)!.headers['openai-organization']).toBe('org-2');

    const ref = await putSecret(unique('scope'), 'k', 'sk-old');
    expect(
      (
        await admin(
          'PUT',
          `/api/2.0/serving-endpoints/${name}/config`,
          entities(model({ openai_api_key: ref })),
        )
      ).status,
    ).toBe(200);
    expect(await privateSecretCount(id)).toBe(0);
    expect((await chat(env.GATEWAY_ADMIN_TOKEN, name)).status).toBe(200);
  });

  it('validates the new config like a create, and leaves the old one in place when it is rejected', async () => {
    const name = unique('upd');
    await createEndpoint(name, model({ openai_api_key_plaintext: 'sk-old' }));
    const res = await admin(
      'PUT',
      `/api/2.0/serving-endpoints/${name}/config`,
      entities({ ...model({}), provider: 'nope' }),
    );
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('provider');
    expect((await chat(env.GATEWAY_ADMIN_TOKEN, name)).status).toBe(200);
    expect(
      (
        await admin(
          'PUT',
          '/api/2.0/serving-endpoints/does-not-exist/config',
          entities(model({ openai_api_key_plaintext: 'x' })),
        )
      ).status,
    ).toBe(404);
  });

  it('does not let a manager who is not the admin send a stored credential to another server', async () => {
    const name = unique('steal');
    const ref = await putSecret(unique('scope'), 'k', 'sk-old');
    await createEndpoint(name, model({ openai_api_key: ref }));
    const bob = await tokenFor('bob', { [name]: 'CAN_MANAGE' });
    const redirected = await call(
      'PUT',
      `/api/2.0/serving-endpoints/${name}/config`,
      bob,
      entities(model({ openai_api_key: ref }, 'https://evil.fake/v1')),
    );
    expect(redirected.status).toBe(403);
    expect(redirected.json.error_code).toBe('PERMISSION_DENIED');
    expect(redirected.json.message).toContain('only the admin may refer');
    // Unchanged destination: fine. Own plaintext key anywhere: fine.
    expect(
      (
        await call(
          'PUT',
          `/api/2.0/serving-endpoints/${name}/config`,
          bob,
          entities(model({ openai_api_key: ref })),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          'PUT',
          `/api/2.0/serving-endpoints/${name}/config`,
          bob,
          entities(model({ openai_api_key_plaintext: 'sk-bob' }, 'https://evil.fake/v1')),
        )
      ).status,
    ).toBe(200);
  });

  it('does not let anyone reuse another endpoint’s private credential or a shared secret without being the admin', async () => {
    const victim = unique('victim');
    const { id } = await createEndpoint(victim, model({ openai_api_key_plaintext: 'sk-old' }));
    const carol = await tokenFor('carol');
    const stolen = `{{secrets/__endpoint_${id}/entity-0/openai_api_key}}`;
    for (const token of [carol, env.GATEWAY_ADMIN_TOKEN]) {
      const res = await call('POST', '/api/2.0/serving-endpoints', token, {
        name: unique('thief'),
        config: entities(model({ openai_api_key: stolen }, 'https://evil.fake/v1')),
      });
      expect(res.status).toBe(403);
    }
    const shared = await putSecret(unique('scope'), 'k', 'sk-old');
    const res = await call('POST', '/api/2.0/serving-endpoints', carol, {
      name: unique('thief'),
      config: entities(model({ openai_api_key: shared }, 'https://evil.fake/v1')),
    });
    expect(res.status).toBe(403);
    expect(res.json.message).toContain('openai_api_key_plaintext');
    const own = await call('POST', '/api/2.0/serving-endpoints', carol, {
      name: unique('carol'),
      config: entities(model({ openai_api_key_plaintext: 'sk-carol' })),
    });
    expect(own.status).toBe(200);
    expect(own.json.creator).toBe('carol');
  });
});

describe('PUT /api/2.0/serving-endpoints/{name}/ai-gateway', () => {
  it('stores the block, shows it on GET, and validates it', async () => {
    const name = unique('aig');
    await createEndpoint(name, model({ openai_api_key_plaintext: 'sk-old' }));
    const block = {
      usage_tracking_config: { enabled: true },
      inference_table_config: { enabled: true },
      fallback_config: { enabled: true },
      rate_limits: [{ key: 'user', calls: 5, renewal_period: 'minute' }],
    };
    const res = await admin('PUT', `/api/2.0/serving-endpoints/${name}/ai-gateway`, block);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(block);
    expect((await admin('GET', `/api/2.0/serving-endpoints/${name}`)).json.ai_gateway).toEqual(
      block,
    );

    const bad = await admin('PUT', `/api/2.0/serving-endpoints/${name}/ai-gateway`, {
      rate_limits: [{ key: 'planet', calls: 1, renewal_period: 'minute' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('rate_limits[0].key');
    const noJudge = await admin('PUT', `/api/2.0/serving-endpoints/${name}/ai-gateway`, {
      guardrails: { input: { safety: true } },
    });
    expect(noJudge.status).toBe(400);
    expect(noJudge.json.message).toContain('judge_endpoint');
    const notJson = await admin('PUT', `/api/2.0/serving-endpoints/${name}/ai-gateway`, 'nope');
    expect(notJson.status).toBe(400);
    expect((await admin('GET', `/api/2.0/serving-endpoints/${name}`)).json.ai_gateway).toEqual(
      block,
    );
  });
});
