import { afterAll, describe, expect, it } from 'vitest';
import { REQUEST_TAGS_HEADER } from '../../src/gateway/request-tags';
import { chatEndpoint, FAKE_OPENAI_HOST, FAKE_OPENAI_KEY } from '../helpers/ai-gateway';
import { ADMIN, call, usageRows, waitForUsage } from '../helpers/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';

// Request tags within the documented limits (20 tags, keys of 64 and values of 256 characters, a
// header of 8 KiB) are stored whole; past any of them the request is a 400 in the caller's dialect
// whose message names the limit, and its usage row still exists (status 400, no tags): a row never
// carries a tag cut short.

const fakes = installFakeUpstreams({ [FAKE_OPENAI_HOST]: fakeOpenAI({ apiKey: FAKE_OPENAI_KEY }) });
afterAll(() => fakes.restore());

const REQUESTS: Record<string, (model: string) => [string, unknown]> = {
  openai: (model) => [
    '/ai-gateway/mlflow/v1/chat/completions',
    { model, messages: [{ role: 'user', content: 'hi' }] },
  ],
  anthropic: (model) => [
    '/ai-gateway/anthropic/v1/messages',
    { model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
  ],
  gemini: (model) => [
    `/ai-gateway/gemini/v1beta/models/${model}:generateContent`,
    { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
  ],
};

/** The dialect's 400 with its message. */
const REFUSALS: Record<string, (json: any) => { shape: object; message: string }> = {
  openai: (json) => ({
    shape: { error: { type: 'invalid_request_error', param: REQUEST_TAGS_HEADER } },
    message: json?.error?.message,
  }),
  anthropic: (json) => ({
    shape: { type: 'error', error: { type: 'invalid_request_error' } },
    message: json?.error?.message,
  }),
  gemini: (json) => ({
    shape: { error: { code: 400, status: 'INVALID_ARGUMENT' } },
    message: json?.error?.message,
  }),
};

const tags = (count: number, key: (i: number) => string, value: string) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [key(i), value]));
const key64 = (i: number) => String(i).padStart(64, 'k');
/** JSON with everything past ASCII as \\u escapes, as Python's json.dumps writes it (header values are best ASCII). */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** Tags past one limit each, and the words the refusal must contain. */
const OVER_LIMITS: [string, string, string][] = [
  ['21 tags', JSON.stringify(tags(21, (i) => `t${i}`, 'v')), 'holds 21 tags; at most 20'],
  ['a 65-character key', JSON.stringify({ ['k'.repeat(65)]: 'v' }), 'key of 65 characters'],
  ['a 257-character value', JSON.stringify({ team: 'v'.repeat(257) }), 'value of 257 characters'],
  ['a header past 8 KiB', `{"team":"search"${' '.repeat(8 * 1024)}}`, 'at most 8192 (8 KiB)'],
];

describe.each(Object.keys(REQUESTS))('request tag limits on the %s route', (dialect) => {
  it('stores tags at every limit whole (20 tags, 64-character keys, 256-character values, an emoji counted as one)', async () => {
    const endpoint = await chatEndpoint(`tags-${dialect}`);
    const atLimits = { ...tags(19, key64, 'v'.repeat(256)), ['🏷'.repeat(64)]: 'v'.repeat(256) };
    const [path, body] = REQUESTS[dialect](endpoint);
    const res = await call('POST', path, ADMIN, body, {
      [REQUEST_TAGS_HEADER]: asciiJson(atLimits),
      'anthropic-version': '2023-06-01',
    });
    expect(res.status, res.text).toBe(200);
    const [row] = await waitForUsage(endpoint);
    expect(row).toMatchObject({ status_code: 200, request_tags: atLimits });
  });

  it.each(OVER_LIMITS)(
    'refuses %s with a 400 naming the limit, and leaves a 400 usage row without tags',
    async (_, header, words) => {
      const endpoint = await chatEndpoint(`tags-over-${dialect}`);
      const [path, body] = REQUESTS[dialect](endpoint);
      const res = await call('POST', path, ADMIN, body, {
        [REQUEST_TAGS_HEADER]: header,
        'anthropic-version': '2023-06-01',
      });
      expect(res.status).toBe(400);
      const refusal = REFUSALS[dialect](res.json);
      expect(res.json).toMatchObject(refusal.shape);
      expect(refusal.message).toContain(REQUEST_TAGS_HEADER);
      expect(refusal.message).toContain(words);
      await waitForUsage(endpoint);
      await new Promise((r) => setTimeout(r, 50));
      const rows = await usageRows(endpoint);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status_code: 400, request_tags: {} });
      expect(rows[0].error_message).toContain(words);
      // Refused before any provider call.
      expect(fakes.calls.some((c) => c.body.includes(`"${endpoint}"`))).toBe(false);
    },
  );
});
