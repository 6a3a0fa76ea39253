import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import type { Env, Principal } from '../../src/env';
import { enforceRateLimits, windowsFor } from '../../src/gateway/rate-limits';
import { liveEndpoint } from '../../src/gateway/endpoints';
import { call, GW, sdkFetch, waitForUsage } from '../helpers/gateway';
import {
  chatEndpoint,
  FAKE_OPENAI_HOST,
  FAKE_OPENAI_KEY,
  principalToken,
  putAiGateway,
} from '../helpers/ai-gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';

// ai_gateway.rate_limits: exact admission in a Durable Object, token budgets charged after the
// response (streams included), 429 with Retry-After and a usage row, 503 when the limiter is gone.

const fakes = installFakeUpstreams({ [FAKE_OPENAI_HOST]: fakeOpenAI({ apiKey: FAKE_OPENAI_KEY }) });
afterAll(() => fakes.restore());

const chat = (
  token: string,
  model: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  call(
    'POST',
    '/ai-gateway/mlflow/v1/chat/completions',
    token,
    { model, messages: [{ role: 'user', content: 'hi' }], ...extra },
    headers,
  );

describe('call limits', () => {
  it('admits exactly L of N > L concurrent requests; the others get 429 with Retry-After and a usage row', async () => {
    const endpoint = await chatEndpoint('rl-exact', {
      rate_limits: [{ key: 'user', calls: 5, renewal_period: 'minute' }],
    });
    const token = await principalToken('exact-user', [endpoint]);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        chat(
          token,
          endpoint,
          {},
          { 'Databricks-Ai-Gateway-Request-Tags': JSON.stringify({ n: String(i) }) },
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const r of refused) {
      const retryAfter = Number(r.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(r.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
      expect(r.json.error.message).toContain('5 calls per minute for user exact-user');
    }
    const rows = await waitForUsage(endpoint, 12);
    expect(rows).toHaveLength(12);
    const refusedRows = rows.filter((row) => row.status_code === 429);
    expect(refusedRows).toHaveLength(7);
    expect(refusedRows[0]).toMatchObject({
      requester: 'exact-user',
      input_tokens: 0,
      output_tokens: 0,
    });
    expect(refusedRows[0].error_message).toContain('Rate limit exceeded');
    expect(refusedRows.every((row) => row.request_tags.n !== undefined)).toBe(true);
  });

  it('reaches the OpenAI SDK as a RateLimitError carrying retry-after', async () => {
    const endpoint = await chatEndpoint('rl-sdk', {
      rate_limits: [{ key: 'endpoint', calls: 1, renewal_period: 'minute' }],
    });
    const token = await principalToken('sdk-user', [endpoint]);
    const client = new OpenAI({
      apiKey: token,
      baseURL: `${GW}/ai-gateway/mlflow/v1`,
      fetch: sdkFetch,
      maxRetries: 0,
    });
    await client.chat.completions.create({
      model: endpoint,
      messages: [{ role: 'user', content: 'one' }],
    });
    const err = await client.chat.completions
      .create({ model: endpoint, messages: [{ role: 'user', content: 'two' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.status).toBe(429);
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps separate windows per user, one per group, one for the whole endpoint, and lets a named principal override', async () => {
    const endpoint = await chatEndpoint('rl-keys', {
      rate_limits: [
        { key: 'user', calls: 1, renewal_period: 'minute' },
        { key: 'user', principal: 'vip', calls: 3, renewal_period: 'minute' },
        { key: 'user_group', principal: 'team-a', calls: 3, renewal_period: 'minute' },
        { key: 'service_principal', calls: 2, renewal_period: 'minute' },
      ],
    });
    const [ann, ben, vip, bot] = await Promise.all([
      principalToken('ann', [endpoint], { groups: ['team-a'] }),
      principalToken('ben', [endpoint], { groups: ['team-a'] }),
      principalToken('vip', [endpoint]),
      principalToken('bot', [endpoint], { type: 'service_principal' }),
    ]);
    const statuses = async (token: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await chat(token, endpoint)).status);
      return out;
    };
    expect(await statuses(ann, 2)).toEqual([200, 429]); // user window: 1 call
    expect(await statuses(ben, 1)).toEqual([200]); // ben's own user window, team-a now at 2 of 3
    expect(await statuses(vip, 4)).toEqual([200, 200, 200, 429]); // vip's own limit replaces the general one
    expect(await statuses(bot, 3)).toEqual([200, 200, 429]); // user limits do not apply to a service principal
    const refusal = await chat(ann, endpoint);
    expect(refusal.json.error.message).toContain('user ann');
  });

  it('gives back a call counted by one window when another window refuses the request', async () => {
    const endpoint = await chatEndpoint('rl-refund', {
      rate_limits: [
        { key: 'endpoint', calls: 2, renewal_period: 'minute' },
        { key: 'user', principal: 'greedy', calls: 1, renewal_period: 'minute' },
      ],
    });
    const [greedy, modest] = await Promise.all([
      principalToken('greedy', [endpoint]),
      principalToken('modest', [endpoint]),
    ]);
    expect((await chat(greedy, endpoint)).status).toBe(200);
    expect((await chat(greedy, endpoint)).status).toBe(429); // refused by greedy's window, refunded on the endpoint's
    expect((await chat(modest, endpoint)).status).toBe(200);
    expect((await chat(modest, endpoint)).status).toBe(429);
  });

  it('takes effect on the very next request after PUT .../ai-gateway, and lifts the same way', async () => {
    const endpoint = await chatEndpoint('rl-put');
    const token = await principalToken('put-user', [endpoint]);
    expect((await chat(token, endpoint)).status).toBe(200);
    await putAiGateway(endpoint, {
      rate_limits: [{ key: 'user', calls: 1, renewal_period: 'minute' }],
    });
    expect((await chat(token, endpoint)).status).toBe(200);
    expect((await chat(token, endpoint)).status).toBe(429);
    await putAiGateway(endpoint, {});
    expect((await chat(token, endpoint)).status).toBe(200);
  });
});

describe('token limits', () => {
  it('charges input + output tokens of a streamed response and refuses further calls while the budget is spent', async () => {
    // The fake reports 18 tokens per answer; a budget of 30 admits two calls, then is spent.
    const endpoint = await chatEndpoint('rl-tokens', {
      rate_limits: [{ key: 'user', tokens: 30, renewal_period: 'minute' }],
    });
    const token = await principalToken('token-user', [endpoint]);
    const first = await chat(token, endpoint, { stream: true });
    expect(first.status).toBe(200);
    expect(first.text).toContain('data: [DONE]');
    await waitForUsage(endpoint, 1);
    const second = await chat(token, endpoint, { stream: true });
    expect(second.status).toBe(200);
    await waitForUsage(endpoint, 2);
    const third = await chat(token, endpoint, { stream: true });
    expect(third.status).toBe(429);
    expect(third.json.error.message).toContain('30 tokens per minute');
    const rows = await waitForUsage(endpoint, 3);
    expect(rows.filter((r) => r.status_code === 200).map((r) => r.total_tokens)).toEqual([18, 18]);
    expect(rows.find((r) => r.status_code === 429)).toMatchObject({
      requester: 'token-user',
      total_tokens: 0,
    });
  });
});

describe('an unreachable rate limiter', () => {
  const principal: Principal = { name: 'u', type: 'user', groups: [], isAdmin: false };
  const live = liveEndpoint(
    {
      name: 'ep',
      id: 'ep-id',
      creator: 'admin',
      creation_timestamp: 0,
      last_updated_timestamp: 0,
      task: 'llm/v1/chat',
      tags: [],
      config: {
        served_entities: [
          {
            name: 'e',
            external_model: {
              name: 'm',
              provider: 'openai',
              task: 'llm/v1/chat',
              openai_config: {},
            },
          },
        ],
      },
      ai_gateway: { rate_limits: [{ key: 'user', calls: 1, renewal_period: 'minute' }] },
    } as any,
    [],
  );
  const brokenEnv = (mode: string) =>
    ({
      RATE_LIMIT_FAILURE_MODE: mode,
      RATE_LIMITER: {
        idFromName: (n: string) => n,
        get: () => ({ admit: () => Promise.reject(new Error('Durable Object reset')) }),
      },
    }) as unknown as Env;
  const recorder = { onFinish() {} } as any;

  it('fails closed with a 503 (never a 500) by default', async () => {
    const err = await enforceRateLimits(brokenEnv('closed'), live, principal, recorder).catch(
      (e) => e,
    );
    expect(err.status).toBe(503);
    expect(err.retryAfter).toBe('1');
  });

  it('lets the call through when RATE_LIMIT_FAILURE_MODE is "open"', async () => {
    await expect(
      enforceRateLimits(brokenEnv('open'), live, principal, recorder),
    ).resolves.toBeUndefined();
  });
});

describe('windowsFor', () => {
  const alice: Principal = { name: 'alice', type: 'user', groups: ['g1', 'g2'], isAdmin: false };
  const limit = (l: Record<string, unknown>) =>
    ({ renewal_period: 'minute' as const, ...l }) as any;

  it('names one window per (endpoint, key, principal) and keeps the stricter of two same-level limits', () => {
    const windows = windowsFor(
      'E',
      [
        limit({ key: 'user', calls: 5 }),
        limit({ key: 'user', tokens: 100, calls: 9 }),
        limit({ key: 'endpoint', calls: 50 }),
        limit({ key: 'user_group', calls: 7 }),
      ],
      alice,
    );
    expect(windows).toEqual([
      { name: 'E:user:alice', describes: 'user alice', calls: 5, tokens: 100 },
      { name: 'E:endpoint:*', describes: 'the endpoint', calls: 50, tokens: undefined },
      { name: 'E:user_group:g1', describes: 'user group g1', calls: 7, tokens: undefined },
      { name: 'E:user_group:g2', describes: 'user group g2', calls: 7, tokens: undefined },
    ]);
  });

  it('applies a limit naming someone else to nobody', () => {
    expect(
      windowsFor(
        'E',
        [
          limit({ key: 'user', principal: 'bob', calls: 1 }),
          limit({ key: 'service_principal', calls: 1 }),
        ],
        alice,
      ),
    ).toEqual([]);
  });
});
