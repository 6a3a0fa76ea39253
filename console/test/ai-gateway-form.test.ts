import { describe, expect, it } from 'vitest';
import {
  type AiGatewayJson,
  aiGatewayForm,
  aiGatewayFormErrors,
  aiGatewayJson,
  emptyRateLimit,
} from '../src/lib/ai-gateway-form';

const full: AiGatewayJson = {
  usage_tracking_config: { enabled: true },
  inference_table_config: { enabled: true, catalog_name: 'main', table_name_prefix: 'ep' },
  fallback_config: { enabled: true },
  rate_limits: [
    { key: 'user', calls: 10, renewal_period: 'minute' },
    { key: 'user_group', principal: 'ops', tokens: 5000, renewal_period: 'minute' },
  ],
  guardrails: {
    input: { safety: true, pii: { behavior: 'BLOCK' }, invalid_keywords: ['secret', 'pw'] },
    output: { pii: { behavior: 'MASK' }, valid_topics: ['billing'] },
    judge_endpoint: 'judge',
  },
};

describe('ai_gateway form', () => {
  it('round-trips a full block, keeping the inference table naming the form does not show', () => {
    const form = aiGatewayForm(full);
    expect(form.rateLimits[1]).toEqual({
      key: 'user_group',
      principal: 'ops',
      calls: '',
      tokens: '5000',
    });
    expect(form.input.invalidKeywords).toBe('secret\npw');
    expect(aiGatewayFormErrors(form)).toEqual([]);
    expect(aiGatewayJson(form, full)).toEqual(full);
  });

  it('reads a missing block as everything off and writes the switches explicitly', () => {
    const form = aiGatewayForm(null);
    expect(form.rateLimits).toEqual([]);
    expect(aiGatewayJson(form)).toEqual({
      usage_tracking_config: { enabled: false },
      inference_table_config: { enabled: false },
      fallback_config: { enabled: false },
    });
  });

  it('leaves out empty fields, blank lines and a PII behaviour of NONE', () => {
    const form = aiGatewayForm({});
    form.rateLimits = [{ ...emptyRateLimit(), principal: '  ', calls: ' 7 ' }];
    form.output = { safety: false, pii: 'NONE', invalidKeywords: '\n a \n\n', validTopics: '' };
    const json = aiGatewayJson(form);
    expect(json.rate_limits).toEqual([{ key: 'user', calls: 7, renewal_period: 'minute' }]);
    expect(json.guardrails).toEqual({ output: { invalid_keywords: ['a'] } });
  });

  it('names each rate limit that the API would refuse', () => {
    const form = aiGatewayForm({});
    form.rateLimits = [
      emptyRateLimit(),
      { ...emptyRateLimit(), calls: '1.5', tokens: '0' },
      { ...emptyRateLimit(), calls: 'ten' },
    ];
    expect(aiGatewayFormErrors(form)).toEqual([
      'Rate limit 1: give calls or tokens per minute.',
      'Rate limit 2: calls must be a whole number above 0.',
      'Rate limit 2: tokens must be a whole number above 0.',
      'Rate limit 3: calls must be a whole number above 0.',
    ]);
  });

  it('asks for a judge when safety or valid topics are on', () => {
    const form = aiGatewayForm({});
    form.input.validTopics = 'billing';
    expect(aiGatewayFormErrors(form)).toEqual([
      'Guardrails: safety and valid topics need a judge endpoint.',
    ]);
    form.judgeEndpoint = 'judge';
    expect(aiGatewayFormErrors(form)).toEqual([]);
  });
});
