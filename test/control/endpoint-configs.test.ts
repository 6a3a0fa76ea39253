import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, putSecret, unique } from '../helpers/gateway';
import {
  markerOf,
  plaintextOf,
  PROVIDER_CASES,
  setPath,
  withReferences,
  type ProviderCase,
} from './provider-configs';

// Every provider's external_model config (CONTRACT §4): accepted when valid, rejected with
// {error_code, message} naming the problem, and credentials never readable in clear.

const create = (name: string, model: Record<string, any>, extra: Record<string, unknown> = {}) =>
  admin('POST', '/api/2.0/serving-endpoints', {
    name,
    config: { served_entities: [{ name: 'primary', external_model: model }] },
    ...extra,
  });

/** Everything D1 holds, as one string. */
async function wholeDatabase(): Promise<string> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ name: string }>();
  const dumps = await Promise.all(
    tables.map(async ({ name }) =>
      JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results),
    ),
  );
  return dumps.join('\n');
}

function expectControlError(
  res: { status: number; json: any },
  status: number,
  code: string,
  ...mentions: string[]
) {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ error_code: code, message: expect.any(String) });
  for (const m of mentions) expect(res.json.message).toContain(m);
}

const markers = (c: ProviderCase) => c.credentials.map((f) => markerOf(c, f));

describe.each(PROVIDER_CASES.map((c) => [c.label, c] as const))(
  'provider config %s',
  (_label, c) => {
    it('is accepted with plaintext credentials, which are redacted on every read and never stored in clear', async () => {
      const name = unique(`ep-${c.label}`);
      const created = await create(name, c.model);
      expect(created.status).toBe(200);
      const one = await admin('GET', `/api/2.0/serving-endpoints/${name}`);
      const list = await admin('GET', '/api/2.0/serving-endpoints');
      expect(one.status).toBe(200);
      expect(one.json).toMatchObject({
        name,
        creator: 'admin',
        task: 'llm/v1/chat',
        state: { ready: 'READY', config_update: 'NOT_UPDATING' },
      });
      const block = one.json.config.served_entities[0].external_model[c.block];
      for (const field of c.credentials) {
        const parts = field.split('.');
        const leaf = parts.pop()!;
        const holder = parts.reduce((o: any, k) => o[k], block);
        expect(holder[`${leaf}_plaintext`]).toBe('[REDACTED]');
      }
      const db = await wholeDatabase();
      for (const marker of markers(c)) {
        for (const body of [created.text, one.text, list.text, db])
          expect(body).not.toContain(marker);
      }
    });

    it('is accepted with secret references, shown back as the references', async () => {
      const scope = unique('scope');
      for (const field of c.credentials) await putSecret(scope, field, plaintextOf(c, field));
      const name = unique(`ep-${c.label}`);
      const res = await create(name, withReferences(c, scope));
      expect(res.status).toBe(200);
      const block = (await admin('GET', `/api/2.0/serving-endpoints/${name}`)).json.config
        .served_entities[0].external_model[c.block];
      for (const field of c.credentials) {
        const leaf = field.split('.').pop()!;
        expect(JSON.stringify(block)).toContain(`"${leaf}":"{{secrets/${scope}/${field}}}"`);
      }
    });

    it('rejects a missing required field, naming it', async () => {
      const model = structuredClone(c.model);
      setPath(model[c.block], c.required, undefined);
      setPath(model[c.block], `${c.required}_plaintext`, undefined);
      expectControlError(
        await create(unique('ep'), model),
        400,
        'INVALID_PARAMETER_VALUE',
        c.required,
      );
    });

    it('rejects a credential given both as a reference and in plaintext', async () => {
      const scope = unique('scope');
      const field = c.credentials[0];
      const ref = await putSecret(scope, 'k', 'v');
      const model = structuredClone(c.model);
      setPath(model[c.block], field, ref);
      const leaf = field.split('.').pop()!;
      expectControlError(
        await create(unique('ep'), model),
        400,
        'INVALID_PARAMETER_VALUE',
        `${leaf}_plaintext`,
        'not both',
      );
    });

    it('rejects a reference to a secret that does not exist, naming it', async () => {
      const scope = unique('scope');
      await putSecret(scope, 'other', 'v');
      const model = withReferences(c, scope);
      const res = await create(unique('ep'), model);
      expectControlError(res, 404, 'RESOURCE_DOES_NOT_EXIST', `${scope}/${c.credentials[0]}`);
      expect(
        await env.DB.prepare('SELECT count(*) AS n FROM secrets WHERE scope LIKE ?')
          .bind('__endpoint_%')
          .first('n'),
      ).toBe(
        await env.DB.prepare(
          'SELECT count(*) AS n FROM secrets WHERE endpoint_id IN (SELECT id FROM serving_endpoints)',
        ).first('n'),
      );
    });

    it('deletes its stored plaintext credentials with the endpoint', async () => {
      const name = unique(`ep-${c.label}`);
      const { json } = await create(name, c.model);
      const count = () =>
        env.DB.prepare('SELECT count(*) AS n FROM secrets WHERE endpoint_id = ?')
          .bind(json.id)
          .first<number>('n');
      expect(await count()).toBe(c.credentials.length);
      expect((await admin('DELETE', `/api/2.0/serving-endpoints/${name}`)).status).toBe(200);
      expect(await count()).toBe(0);
      expectControlError(
        await admin('GET', `/api/2.0/serving-endpoints/${name}`),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        name,
      );
    });
  },
);

describe('endpoint validation', () => {
  const openai = PROVIDER_CASES.find((c) => c.label === 'openai')!;

  it('rejects an unknown provider, naming it', async () => {
    const res = await create(unique('ep'), {
      name: 'm',
      provider: 'openia',
      task: 'llm/v1/chat',
      openia_config: {},
    });
    expectControlError(res, 400, 'INVALID_PARAMETER_VALUE', 'provider', "'openia'");
  });

  it('rejects an unknown task and a bad endpoint name', async () => {
    expectControlError(
      await create(unique('ep'), { ...openai.model, task: 'llm/v1/chatty' }),
      400,
      'INVALID_PARAMETER_VALUE',
      'task',
    );
    expectControlError(
      await create('bad name!', openai.model),
      400,
      'INVALID_PARAMETER_VALUE',
      'name',
    );
  });

  it('rejects a body that is not JSON', async () => {
    const res = await admin('POST', '/api/2.0/serving-endpoints', '{"name":');
    expectControlError(res, 400, 'INVALID_PARAMETER_VALUE', 'JSON');
  });

  it('rejects a duplicate endpoint name with 409', async () => {
    const name = unique('dup');
    expect((await create(name, openai.model)).status).toBe(200);
    expectControlError(await create(name, openai.model), 409, 'RESOURCE_ALREADY_EXISTS', name);
  });

  const twoEntities = (routes: unknown[]) => ({
    served_entities: [
      { name: 'a', external_model: openai.model },
      { name: 'b', external_model: openai.model },
    ],
    traffic_config: { routes },
  });

  it('accepts a traffic split over existing entities summing to 100', async () => {
    const res = await admin('POST', '/api/2.0/serving-endpoints', {
      name: unique('split'),
      config: twoEntities([
        { served_model_name: 'a', traffic_percentage: 70 },
        { served_model_name: 'b', traffic_percentage: 30 },
      ]),
    });
    expect(res.status).toBe(200);
    expect(res.json.config.traffic_config.routes).toHaveLength(2);
  });

  it('rejects a route naming a missing entity', async () => {
    const res = await admin('POST', '/api/2.0/serving-endpoints', {
      name: unique('split'),
      config: twoEntities([
        { served_model_name: 'a', traffic_percentage: 50 },
        { served_model_name: 'zzz', traffic_percentage: 50 },
      ]),
    });
    expectControlError(res, 400, 'INVALID_PARAMETER_VALUE', 'traffic_config', "'zzz'");
  });

  it('rejects percentages that do not sum to 100', async () => {
    const res = await admin('POST', '/api/2.0/serving-endpoints', {
      name: unique('split'),
      config: twoEntities([
        { served_model_name: 'a', traffic_percentage: 50 },
        { served_model_name: 'b', traffic_percentage: 40 },
      ]),
    });
    expectControlError(res, 400, 'INVALID_PARAMETER_VALUE', 'sum to 100', '90');
  });

  it('rejects duplicate served entity names', async () => {
    const res = await admin('POST', '/api/2.0/serving-endpoints', {
      name: unique('dup-entity'),
      config: {
        served_entities: [
          { name: 'a', external_model: openai.model },
          { name: 'a', external_model: openai.model },
        ],
      },
    });
    expectControlError(res, 400, 'INVALID_PARAMETER_VALUE', "duplicate served entity name 'a'");
  });

  it('stores no credential when a later entity of the same config is rejected', async () => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM secrets').first<number>('n');
    const res = await admin('POST', '/api/2.0/serving-endpoints', {
      name: unique('half'),
      config: {
        served_entities: [
          { name: 'a', external_model: openai.model },
          { name: 'b', external_model: withReferences(openai, 'no-such-scope') },
        ],
      },
    });
    expect(res.status).toBe(404);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM secrets').first<number>('n')).toBe(
      before,
    );
  });
});
