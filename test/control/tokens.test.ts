import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, call, unique } from '../helpers/gateway';

// Gateway tokens (CONTRACT §4): shown once, stored as hashes, minted for others only by the admin.

describe('tokens', () => {
  it('the admin mints a token for alice with principal, type and groups; it acts as her', async () => {
    const res = await admin('POST', '/api/2.0/token/create', {
      principal: 'alice',
      principal_type: 'user',
      groups: ['eng'],
      comment: 'laptop',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      token_value: expect.stringMatching(/^dgw[0-9a-f]{64}$/),
      token_info: expect.objectContaining({
        token_id: expect.any(String),
        creation_time: expect.any(Number),
        expiry_time: -1,
        comment: 'laptop',
        principal: 'alice',
        groups: ['eng'],
      }),
    });
    const mine = await call('GET', '/api/2.0/token/list', res.json.token_value);
    expect(mine.json.token_infos.map((t: any) => t.token_id)).toContain(
      res.json.token_info.token_id,
    );
    expect(mine.json.token_infos.every((t: any) => t.principal === 'alice')).toBe(true);
    expect(mine.text).not.toContain(res.json.token_value);
    const row = await env.DB.prepare('SELECT * FROM tokens WHERE token_id = ?')
      .bind(res.json.token_info.token_id)
      .first();
    expect(JSON.stringify(row)).not.toContain(res.json.token_value);
  });

  it('a user creates tokens for herself only', async () => {
    const own = (
      await admin('POST', '/api/2.0/token/create', { principal: unique('erin'), groups: ['eng'] })
    ).json;
    const child = await call('POST', '/api/2.0/token/create', own.token_value, {
      comment: 'ci',
      lifetime_seconds: 60,
    });
    expect(child.status).toBe(200);
    expect(child.json.token_info).toMatchObject({
      principal: own.token_info.principal,
      groups: ['eng'],
    });
    for (const extra of [
      { principal: 'admin' },
      { principal_type: 'service_principal' },
      { groups: ['admins'] },
    ]) {
      const res = await call('POST', '/api/2.0/token/create', own.token_value, extra);
      expect(res.status).toBe(403);
      expect(res.json.error_code).toBe('PERMISSION_DENIED');
    }
  });

  it('lifetime_seconds sets the expiry', async () => {
    const before = Date.now();
    const res = await admin('POST', '/api/2.0/token/create', {
      principal: unique('exp'),
      lifetime_seconds: 3600,
    });
    const { creation_time, expiry_time } = res.json.token_info;
    expect(creation_time).toBeGreaterThanOrEqual(before);
    expect(expiry_time - creation_time).toBe(3_600_000);
    // Word for word: zod's English messages (zod/mini has them only once a locale is set).
    for (const [bad, message] of [
      [0, 'Too small: expected number to be >0'],
      [-5, 'Too small: expected number to be >0'],
      [1.5, 'Invalid input: expected int, received number'],
      ['60', 'Invalid input: expected number, received string'],
    ]) {
      const r = await admin('POST', '/api/2.0/token/create', { lifetime_seconds: bad });
      expect(r.status).toBe(400);
      expect(r.json.message).toBe(`lifetime_seconds: ${message}`);
    }
  });

  it('lists every token for the admin, deletes, and refuses another user’s token', async () => {
    const a = (await admin('POST', '/api/2.0/token/create', { principal: unique('a') })).json;
    const b = (await admin('POST', '/api/2.0/token/create', { principal: unique('b') })).json;
    const all = await admin('GET', '/api/2.0/token/list');
    expect(all.json.token_infos.map((t: any) => t.token_id)).toEqual(
      expect.arrayContaining([a.token_info.token_id, b.token_info.token_id]),
    );
    const foreign = await call('POST', '/api/2.0/token/delete', a.token_value, {
      token_id: b.token_info.token_id,
    });
    expect(foreign.status).toBe(404);
    expect(
      (
        await call('POST', '/api/2.0/token/delete', a.token_value, {
          token_id: a.token_info.token_id,
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', '/api/2.0/token/list', a.token_value)).status).toBe(401);
    expect(
      (await admin('POST', '/api/2.0/token/delete', { token_id: b.token_info.token_id })).status,
    ).toBe(200);
    expect(
      (await admin('POST', '/api/2.0/token/delete', { token_id: b.token_info.token_id })).status,
    ).toBe(404);
  });

  it('names unknown fields', async () => {
    const res = await admin('POST', '/api/2.0/token/create', { lifetime: 5 });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Unrecognized key: "lifetime"');
  });
});
