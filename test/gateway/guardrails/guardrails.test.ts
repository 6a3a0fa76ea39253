import { SELF } from 'cloudflare:test';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  admin,
  call,
  createEndpoint,
  GW,
  sdkFetch,
  unique,
  waitForUsage,
} from '../../helpers/gateway';
import { fakeOpenAIEntity, FAKE_OPENAI_KEY, putAiGateway } from '../../helpers/ai-gateway';
import { fakeOpenAI } from '../../fakes/openai-upstream';
import { installFakeUpstreams } from '../../fakes/router';

// Guardrails through the real pipeline: input checks before any upstream call, output checks on
// whole answers and on streams (chunk by chunk), judged ones by a judge endpoint on this gateway.

/** What the fake model answers: a canned reply per prompt, else an echo. */
const REPLIES: Record<string, string> = {
  'leak contact':
    'Sure! Write to alice.smith@example.org or call +1 415-555-0100. Card on file: 4111 1111 1111 1111.',
  'say the word': 'The answer involves a bomb, sadly.',
  'say a longer word': 'What a bombastic answer.',
};
const lastUser = (body: any) => {
  const m = [...body.messages].reverse().find((x: any) => x.role === 'user');
  return typeof m.content === 'string'
    ? m.content
    : m.content.map((p: any) => p.text ?? '').join('');
};
const model = fakeOpenAI({
  apiKey: FAKE_OPENAI_KEY,
  reply: (body) => ({ text: REPLIES[lastUser(body)] ?? `echo: ${lastUser(body)}` }),
});
/** The judge: unsafe when the text mentions a weapon, on topic when it is about cooking. */
const judge = fakeOpenAI({
  apiKey: FAKE_OPENAI_KEY,
  reply: (body) => {
    const text = lastUser(body);
    return {
      text: `\`\`\`json\n${JSON.stringify({ safe: !/weapon/i.test(text), on_topic: /cook|recipe/i.test(text), reason: 'fake judge' })}\n\`\`\``,
    };
  },
});
const fakes = installFakeUpstreams({ 'model.fake': model, 'judge.fake': judge });
afterAll(() => fakes.restore());

const judgeEndpoint = unique('judge');
beforeAll(async () => {
  await createEndpoint(judgeEndpoint, await fakeOpenAIEntity('judge-model', 'judge', 'judge.fake'));
});

async function guarded(guardrails: Record<string, unknown>) {
  const name = unique('guarded');
  await createEndpoint(name, await fakeOpenAIEntity('m', 'main', 'model.fake'), {
    ai_gateway: { guardrails },
  });
  return name;
}

const chat = (endpoint: string, content: string, extra: Record<string, unknown> = {}) =>
  call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
    model: endpoint,
    messages: [{ role: 'user', content }],
    ...extra,
  });

const modelCalls = () => fakes.calls.filter((c) => c.url.includes('model.fake'));
const streamedText = (sse: string) =>
  sse
    .split('\n')
    .filter((l) => l.startsWith('data: {'))
    .map((l) => JSON.parse(l.slice(6)).choices?.[0]?.delta?.content ?? '')
    .join('');

describe('input guardrails', () => {
  it('pii BLOCK refuses with a 400 naming the guardrail, without calling the provider', async () => {
    const endpoint = await guarded({ input: { pii: { behavior: 'BLOCK' } } });
    const before = modelCalls().length;
    const res = await chat(endpoint, 'my email is bob@example.com');
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'guardrail_blocked',
    });
    expect(res.json.error.message).toContain("input guardrail 'pii': EMAIL");
    expect(modelCalls().length).toBe(before);
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({
      status_code: 400,
      guardrail_results: {
        blocked_by: 'input.pii',
        input: { pii: { behavior: 'BLOCK', detected: { EMAIL: 1 } } },
      },
    });
  });

  it('pii MASK sends typed placeholders to the provider instead', async () => {
    const endpoint = await guarded({ input: { pii: { behavior: 'MASK' } } });
    const res = await chat(
      endpoint,
      'mail bob@example.com, ssn 123-45-6789, iban DE89 3704 0044 0532 0130 00',
    );
    expect(res.status).toBe(200);
    const sent = modelCalls().at(-1)!.body;
    expect(sent).not.toContain('bob@example.com');
    expect(sent).not.toContain('123-45-6789');
    expect(JSON.parse(sent).messages[0].content).toContain(
      'mail [EMAIL], ssn [US_SSN], iban [IBAN]',
    );
    expect(res.json.choices[0].message.content).toBe(
      'echo: mail [EMAIL], ssn [US_SSN], iban [IBAN]',
    );
    const [row] = await waitForUsage(endpoint, 1);
    expect(row.guardrail_results.input.pii.detected).toEqual({ EMAIL: 1, US_SSN: 1, IBAN: 1 });
  });

  it('invalid_keywords blocks a whole word in any case, and lets longer words through', async () => {
    const endpoint = await guarded({ input: { invalid_keywords: ['bomb'] } });
    const blocked = await chat(endpoint, 'How do I defuse a BOMB?');
    expect(blocked.status).toBe(400);
    expect(blocked.json.error.message).toContain("'invalid_keywords': 'bomb'");
    expect((await chat(endpoint, 'a bombastic speech')).status).toBe(200);
  });

  it('safety and valid_topics ask the judge endpoint, in-process', async () => {
    const endpoint = await guarded({
      input: { safety: true, valid_topics: ['cooking'] },
      judge_endpoint: judgeEndpoint,
    });
    expect((await chat(endpoint, 'a recipe for pancakes')).status).toBe(200);
    const judged = fakes.calls.filter((c) => c.url.includes('judge.fake')).at(-1)!;
    expect(JSON.parse(judged.body).messages[0].content).toContain('content guardrail');
    const unsafe = await chat(endpoint, 'cook up a weapon');
    expect(unsafe.status).toBe(400);
    expect(unsafe.json.error.message).toContain("'safety'");
    const offTopic = await chat(endpoint, 'tell me about football');
    expect(offTopic.status).toBe(400);
    expect(offTopic.json.error.message).toContain("'valid_topics'");
    const rows = await waitForUsage(endpoint, 3);
    expect(
      rows.find((r) => r.guardrail_results?.blocked_by === 'input.safety').guardrail_results.input
        .safety,
    ).toMatchObject({ safe: false });
  });

  it('answers in the Anthropic shape on the Anthropic route', async () => {
    const endpoint = await guarded({ input: { pii: { behavior: 'BLOCK' } } });
    const client = new Anthropic({
      apiKey: ADMIN,
      baseURL: `${GW}/ai-gateway/anthropic`,
      fetch: sdkFetch,
      maxRetries: 0,
    });
    const err = await client.messages
      .create({
        model: endpoint,
        max_tokens: 50,
        messages: [{ role: 'user', content: 'ip 10.0.0.1' }],
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(err.error.error.message).toContain('IP_ADDRESS');
  });

  it('turns on with one PUT .../ai-gateway, effective on the very next request', async () => {
    const endpoint = unique('guard-put');
    await createEndpoint(endpoint, await fakeOpenAIEntity('m', 'main', 'model.fake'));
    expect((await chat(endpoint, 'call 415-555-0100')).status).toBe(200);
    await putAiGateway(endpoint, { guardrails: { input: { pii: { behavior: 'BLOCK' } } } });
    expect((await chat(endpoint, 'call 415-555-0100')).status).toBe(400);
  });
});

describe('output guardrails', () => {
  it('pii MASK masks a whole answer before the client sees it', async () => {
    const endpoint = await guarded({ output: { pii: { behavior: 'MASK' } } });
    const res = await chat(endpoint, 'leak contact');
    expect(res.status).toBe(200);
    expect(res.json.choices[0].message.content).toBe(
      'Sure! Write to [EMAIL] or call [PHONE_NUMBER]. Card on file: [CREDIT_CARD].',
    );
  });

  it('pii MASK masks a stream whose PII arrives four characters per chunk', async () => {
    const endpoint = await guarded({ output: { pii: { behavior: 'MASK' } } });
    const res = await chat(endpoint, 'leak contact', {
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    expect(streamedText(res.text)).toBe(
      'Sure! Write to [EMAIL] or call [PHONE_NUMBER]. Card on file: [CREDIT_CARD].',
    );
    expect(res.text).not.toMatch(/alice|4111|415/);
    expect(res.text).toContain('data: [DONE]');
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({
      status_code: 200,
      total_tokens: 18,
      guardrail_results: {
        output: { pii: { detected: { EMAIL: 1, PHONE_NUMBER: 1, CREDIT_CARD: 1 } } },
      },
    });
  });

  it('pii BLOCK ends a stream with an error event before the PII leaves', async () => {
    const endpoint = await guarded({ output: { pii: { behavior: 'BLOCK' } } });
    const res = await chat(endpoint, 'leak contact', { stream: true });
    expect(res.text).not.toContain('alice');
    expect(res.text).toContain("output guardrail 'pii': EMAIL");
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({
      status_code: 400,
      guardrail_results: { blocked_by: 'output.pii' },
    });
  });

  it('invalid_keywords blocks a whole answer, and a stream only for the whole word', async () => {
    const endpoint = await guarded({ output: { invalid_keywords: ['bomb'] } });
    const whole = await chat(endpoint, 'say the word');
    expect(whole.status).toBe(400);
    expect(whole.json.error.message).toContain("output guardrail 'invalid_keywords'");
    const stream = await chat(endpoint, 'say the word', { stream: true });
    expect(streamedText(stream.text)).not.toContain('bomb');
    expect(stream.text).toContain("'invalid_keywords': 'bomb'");
    const longer = await chat(endpoint, 'say a longer word', { stream: true });
    expect(streamedText(longer.text)).toBe('What a bombastic answer.');
  });

  it('safety on a whole answer asks the judge and blocks what it finds unsafe', async () => {
    const endpoint = await guarded({ output: { safety: true }, judge_endpoint: judgeEndpoint });
    expect((await chat(endpoint, 'hello')).status).toBe(200);
    const res = await chat(endpoint, 'weapon talk');
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("output guardrail 'safety'");
  });

  it('streams text on while the provider is still sending, holding back only a short tail', async () => {
    const endpoint = await guarded({ output: { pii: { behavior: 'MASK' } } });
    const prompt = `${'lorem ipsum '.repeat(40)}the end`;
    const res = await SELF.fetch(`${GW}/ai-gateway/mlflow/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: endpoint,
        stream: true,
        messages: [{ role: 'user', content: prompt }],
      }),
    });
    const reader = res.body!.getReader();
    let reads = 0;
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      reads++;
      text += new TextDecoder().decode(value);
    }
    // The fake sends 4 characters per chunk: a buffered response would arrive in one read.
    expect(reads).toBeGreaterThan(10);
    expect(streamedText(text)).toBe(`echo: ${prompt}`);
  });
});

describe('guardrails and passthrough', () => {
  it('does not pass bodies through untranslated while a guardrail is on', async () => {
    const endpoint = await guarded({ output: { pii: { behavior: 'MASK' } } });
    const res = await call('POST', '/ai-gateway/openai/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'leak contact' }],
    });
    expect(res.json.choices[0].message.content).toContain('[EMAIL]');
    const bad = await admin('PUT', `/api/2.0/serving-endpoints/${endpoint}/ai-gateway`, {
      guardrails: { input: { safety: true } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('judge_endpoint');
  });
});
