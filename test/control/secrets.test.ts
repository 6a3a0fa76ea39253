import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, call, tokenFor, unique } from '../helpers/gateway';

// Secret scopes and secrets (CONTRACT §4): admin only, values encrypted at rest and never returned.

describe('secrets', () => {
  it('creates, lists and deletes scopes', async () => {
    const scope = unique('scope');
    expect((await admin('POST', '/api/2.0/secrets/scopes/create', { scope })).status).toBe(200);
    const dup = await admin('POST', '/api/2.0/secrets/scopes/create', { scope });
    expect(dup.status).toBe(409);
    expect(dup.json).toEqual({
      error_code: 'RESOURCE_ALREADY_EXISTS',
      message: expect.stringContaining(scope),
    });
    expect((await admin('GET', '/api/2.0/secrets/scopes/list')).json.scopes).toContainEqual({
      name: scope,
      backend_type: 'DATABRICKS',
    });
    expect((await admin('POST', '/api/2.0/secrets/scopes/delete', { scope })).status).toBe(200);
    expect(
      (await admin('GET', '/api/2.0/secrets/scopes/list')).json.scopes.map((s: any) => s.name),
    ).not.toContain(scope);
    expect((await admin('POST', '/api/2.0/secrets/scopes/delete', { scope })).status).toBe(404);
  });

  it('puts, lists and deletes secrets without ever returning a value, and stores only ciphertext', async () => {
    const scope = unique('scope');
    const value = 'sk-very-secret-value-123';
    await admin('POST', '/api/2.0/secrets/scopes/create', { scope });
    const put = await admin('POST', '/api/2.0/secrets/put', {
      scope,
      key: 'openai',
      string_value: value,
    });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(value);
    const list = await admin('GET', `/api/2.0/secrets/list?scope=${scope}`);
    expect(list.json.secrets).toEqual([
      { key: 'openai', last_updated_timestamp: expect.any(Number) },
    ]);
    expect(list.text).not.toContain(value);

    const row = await env.DB.prepare('SELECT * FROM secrets WHERE scope = ? AND key = ?')
      .bind(scope, 'openai')
      .first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(value);
    expect(JSON.stringify(row)).not.toContain(btoa(value).slice(0, 12));
    expect(String(row!.ciphertext).length).toBeGreaterThan(value.length);
    // A second put of the same value gives a new ciphertext (fresh IV).
    await admin('POST', '/api/2.0/secrets/put', { scope, key: 'openai', string_value: value });
    const again = await env.DB.prepare('SELECT ciphertext FROM secrets WHERE scope = ? AND key = ?')
      .bind(scope, 'openai')
      .first<string>('ciphertext');
    expect(again).not.toBe(row!.ciphertext);

    expect((await admin('POST', '/api/2.0/secrets/delete', { scope, key: 'openai' })).status).toBe(
      200,
    );
    expect((await admin('GET', `/api/2.0/secrets/list?scope=${scope}`)).json.secrets).toEqual([]);
    expect((await admin('POST', '/api/2.0/secrets/delete', { scope, key: 'openai' })).status).toBe(
      404,
    );
  });

  it('deleting a scope deletes its secrets', async () => {
    const scope = unique('scope');
    await admin('POST', '/api/2.0/secrets/scopes/create', { scope });
    await admin('POST', '/api/2.0/secrets/put', { scope, key: 'k', string_value: 'v' });
    await admin('POST', '/api/2.0/secrets/scopes/delete', { scope });
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM secrets WHERE scope = ?')
        .bind(scope)
        .first('n'),
    ).toBe(0);
  });

  it('names the bad field and refuses unknown scopes and reserved names', async () => {
    const missing = await admin('POST', '/api/2.0/secrets/put', {
      scope: unique('nope'),
      key: 'k',
      string_value: 'v',
    });
    expect(missing.status).toBe(404);
    const noValue = await admin('POST', '/api/2.0/secrets/put', { scope: 's', key: 'k' });
    expect(noValue.status).toBe(400);
    expect(noValue.json.message).toContain('string_value');
    const badName = await admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'has space' });
    expect(badName.status).toBe(400);
    expect(badName.json.message).toContain('scope');
    expect(
      (await admin('POST', '/api/2.0/secrets/scopes/create', { scope: '__endpoint_abc' })).status,
    ).toBe(400);
    expect((await admin('GET', `/api/2.0/secrets/list?scope=${unique('nope')}`)).status).toBe(404);
  });

  it('is the admin’s alone: anyone else gets 403 on every route, no token gets 401', async () => {
    const user = await tokenFor(unique('user'));
    const scope = unique('scope');
    await admin('POST', '/api/2.0/secrets/scopes/create', { scope });
    const attempts = [
      ['POST', '/api/2.0/secrets/scopes/create', { scope: unique('s') }],
      ['GET', '/api/2.0/secrets/scopes/list', undefined],
      ['POST', '/api/2.0/secrets/scopes/delete', { scope }],
      ['POST', '/api/2.0/secrets/put', { scope, key: 'k', string_value: 'v' }],
      ['GET', `/api/2.0/secrets/list?scope=${scope}`, undefined],
      ['POST', '/api/2.0/secrets/delete', { scope, key: 'k' }],
    ] as const;
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, user, body);
      expect(res.status, path).toBe(403);
      expect(res.json.error_code).toBe('PERMISSION_DENIED');
      expect((await call(method, path, null, body)).status).toBe(401);
    }
    expect(
      (await admin('GET', '/api/2.0/secrets/scopes/list')).json.scopes.map((s: any) => s.name),
    ).toContain(scope);
  });
});
