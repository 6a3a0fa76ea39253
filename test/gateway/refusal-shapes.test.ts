import { describe, expect, it } from 'vitest';
import { call } from '../helpers/gateway';
import { chatEndpoint, principalToken } from '../helpers/ai-gateway';

// Guardrail (400) and rate-limit (429) refusals leave in the dialect of the route they came in on.
// Neither reaches a provider: the guardrail blocks the input, the rate limit refuses the call.

const REQUESTS: Record<string, (model: string, text: string) => [string, unknown]> = {
  openai: (model, text) => [
    '/ai-gateway/mlflow/v1/chat/completions',
    { model, messages: [{ role: 'user', content: text }] },
  ],
  responses: (model, text) => ['/ai-gateway/mlflow/v1/responses', { model, input: text }],
  anthropic: (model, text) => [
    '/ai-gateway/anthropic/v1/messages',
    { model, max_tokens: 16, messages: [{ role: 'user', content: text }] },
  ],
  gemini: (model, text) => [
    `/ai-gateway/gemini/v1beta/models/${model}:generateContent`,
    { contents: [{ role: 'user', parts: [{ text }] }] },
  ],
};

const SHAPES: Record<string, { blocked: (message: string) => object; limited: object }> = {
  openai: {
    blocked: (message) => ({
      error: { type: 'invalid_request_error', code: 'guardrail_blocked', message },
    }),
    limited: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
  },
  responses: {
    blocked: (message) => ({
      error: { type: 'invalid_request_error', code: 'guardrail_blocked', message },
    }),
    limited: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
  },
  anthropic: {
    blocked: (message) => ({ type: 'error', error: { type: 'invalid_request_error', message } }),
    limited: { type: 'error', error: { type: 'rate_limit_error' } },
  },
  gemini: {
    blocked: (message) => ({ error: { code: 400, status: 'INVALID_ARGUMENT', message } }),
    limited: { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } },
  },
};

describe.each(Object.keys(REQUESTS))('refusals on the %s route', (dialect) => {
  it('a guardrail block is a 400 and a spent rate limit a 429 with Retry-After, both in this dialect', async () => {
    const endpoint = await chatEndpoint(`shape-${dialect}`, {
      rate_limits: [{ key: 'user', calls: 1, renewal_period: 'minute' }],
      guardrails: { input: { pii: { behavior: 'BLOCK' } } },
    });
    const token = await principalToken(`shape-user-${dialect}`, [endpoint]);
    const [path, blockedBody] = REQUESTS[dialect](endpoint, 'my card is 4111 1111 1111 1111');
    const blocked = await call('POST', path, token, blockedBody);
    expect(blocked.status).toBe(400);
    expect(blocked.json).toMatchObject(
      SHAPES[dialect].blocked("The request was blocked by the input guardrail 'pii': CREDIT_CARD."),
    );

    const [, okBody] = REQUESTS[dialect](endpoint, 'hello');
    const limited = await call('POST', path, token, okBody);
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject(SHAPES[dialect].limited);
    expect(JSON.stringify(limited.json)).toContain('1 calls per minute');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
