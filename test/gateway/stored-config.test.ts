import { env } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, ADMIN, call } from '../helpers/gateway';
import {
  chatEndpoint,
  fakeOpenAIEntity,
  FAKE_OPENAI_HOST,
  FAKE_OPENAI_KEY,
} from '../helpers/ai-gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';

// A stored config is parsed again when the data plane loads it. One that no longer parses (written
// under older rules, or edited in D1) is a clear 502 naming the endpoint, never a crash; the
// control plane still shows it and takes a new one.

const fakes = installFakeUpstreams({ [FAKE_OPENAI_HOST]: fakeOpenAI({ apiKey: FAKE_OPENAI_KEY }) });
afterAll(() => fakes.restore());

const chat = (model: string) =>
  call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
    model,
    messages: [{ role: 'user', content: 'hello' }],
  });

/** Changes a stored column of the endpoint behind the control plane's back. */
const corrupt = (name: string, column: 'config' | 'ai_gateway', path: string, value: unknown) =>
  env.DB.prepare(
    `UPDATE serving_endpoints SET ${column} = json_set(${column}, ?, json(?)) WHERE name = ?`,
  )
    .bind(path, JSON.stringify(value), name)
    .run();

describe('a stored config that no longer parses', () => {
  it('answers 502 naming the endpoint and what to set again, until the owner replaces it', async () => {
    const name = await chatEndpoint('stale');
    await corrupt(
      name,
      'config',
      '$.served_entities[0].external_model.openai_config.retired_field',
      'x',
    );

    const refused = await chat(name);
    expect(refused.status).toBe(502);
    expect(refused.json.error).toMatchObject({ code: 'endpoint_config_invalid' });
    expect(refused.json.error.message).toContain(`Serving endpoint '${name}'`);
    expect(refused.json.error.message).toContain(`PUT /api/2.0/serving-endpoints/${name}/config`);

    const shown = await admin('GET', `/api/2.0/serving-endpoints/${name}`);
    expect(shown.status).toBe(200);
    expect(shown.json.config.served_entities[0].external_model.openai_config.retired_field).toBe(
      'x',
    );

    const replaced = await admin('PUT', `/api/2.0/serving-endpoints/${name}/config`, {
      served_entities: [
        {
          name: 'primary',
          external_model: { ...(await fakeOpenAIEntity()), entity_name: undefined },
        },
      ],
    });
    expect(replaced.status).toBe(200);
    expect((await chat(name)).status).toBe(200);
  });

  it('names ai-gateway when that is the part that no longer parses', async () => {
    const name = await chatEndpoint('stale-gw');
    await corrupt(name, 'ai_gateway', '$.rate_limits', [
      { key: 'planet', calls: 1, renewal_period: 'minute' },
    ]);
    const refused = await chat(name);
    expect(refused.status).toBe(502);
    expect(refused.json.error.message).toContain(
      `PUT /api/2.0/serving-endpoints/${name}/ai-gateway`,
    );
  });
});
