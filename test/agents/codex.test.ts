import { describe, expect, it } from 'vitest';
import { CODE_WORD, PLAIN_ANSWER } from './harness/agent-script';
import { runCodex } from './harness/codex';
import { usageRows, useAgentGateway } from './harness/gateway';
import { PROVIDER_CASES } from './harness/providers';

// Codex CLI, for real, on both Responses routes: a plain prompt and a turn that reads a file with
// its shell tool, against an OpenAI-format endpoint (passed through) and an Anthropic-format one
// (translated). Codex always sends store:false, include reasoning.encrypted_content, a namespace
// tool and the hosted web_search tool: translated, the namespace is flattened and web_search left out.

const ROUTES = ['/ai-gateway/openai/v1', '/ai-gateway/mlflow/v1'] as const;

const BEDROCK = PROVIDER_CASES.find((c) => c.id.startsWith('amazon-bedrock'))!;
const world = useAgentGateway('codex-user', [BEDROCK]);

const codex = (prompt: string, endpoint: string, route: string) =>
  runCodex(prompt, { gatewayUrl: world.gateway.url, route, endpoint, token: world.token });

describe.each([['openai'], ['anthropic']] as const)('Codex CLI against the %s endpoint', (kind) => {
  describe.each(ROUTES.map((r) => [r]))('on %s', (route) => {
    it('answers a plain prompt', async () => {
      const run = await codex('Say hello.', world.endpoints[kind], route);
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.answer).toBe(PLAIN_ANSWER);
    });

    it('reads a file with its shell tool and answers from the result', async () => {
      const run = await codex(
        'Read the file <cwd>/notes.txt and tell me the code word.',
        world.endpoints[kind],
        route,
      );
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.toolCalls, run.stdout).toBeGreaterThanOrEqual(1);
      expect(run.answer).toContain(CODE_WORD);
    });
  });

  it('shows on the usage API with its client, streaming and token counts', async () => {
    const rows = await usageRows(
      world.gateway,
      world.endpoints[kind],
      (r) => r.status_code === 200,
      6,
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows[0]).toMatchObject({
      requester: 'codex-user',
      streaming: true,
      tokens_estimated: false,
    });
    expect(rows[0].api_type).toMatch(/responses/);
    expect(rows[0].user_agent).toMatch(/^codex_exec\//);
    expect(rows[0].input_tokens).toBeGreaterThan(0);
    expect(rows[0].output_tokens).toBeGreaterThan(0);
  });
});

describe('what reached the providers', () => {
  const bodies = (prefix: string) =>
    world.fakes.calls
      .filter((c) => c.prefix === prefix && c.method === 'POST')
      .map((c) => JSON.parse(c.body));

  it('the Responses provider got Codex request as sent: namespace, web_search, store:false, encrypted reasoning asked', () => {
    const body = bodies('openai').at(-1);
    expect(body).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
    expect(body.tools.map((t: any) => t.type)).toEqual(
      expect.arrayContaining(['namespace', 'web_search']),
    );
  });

  it('the Anthropic provider got plain tools: the namespace flattened, web_search left out, the tool result answered', () => {
    const all = bodies('anthropic');
    const names: string[] = all.at(-1).tools.map((t: any) => t.name);
    expect(
      names.some((n) => /^\w+__\w+$/.test(n)),
      names.join(),
    ).toBe(true);
    expect(names).not.toContain('web_search');
    expect(all.at(-1).tools.every((t: any) => t.input_schema)).toBe(true);
    const last = all.find((b) => JSON.stringify(b.messages).includes('tool_result'));
    expect(JSON.stringify(last.messages)).toContain(CODE_WORD);
  });
});

describe('Codex CLI with reasoning on (model_reasoning_effort = "high") against a Bedrock Claude endpoint', () => {
  it('gets the thinking sealed in encrypted_content and sends it back with the tool result; Bedrock gets its signed block unchanged', async () => {
    const before = world.gateway.outboundCalls.length;
    const run = await runCodex('Read the file <cwd>/notes.txt and tell me the code word.', {
      gatewayUrl: world.gateway.url,
      route: '/ai-gateway/openai/v1',
      endpoint: world.endpoints[BEDROCK.id],
      token: world.token,
      config: 'model_reasoning_effort = "high"',
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.answer).toContain(CODE_WORD);
    expect(run.reasoning).toContain('Let me think.');
    const bodies = world.gateway.outboundCalls
      .slice(before)
      .filter((c) => c.host.startsWith('bedrock-runtime'))
      .map((c) => JSON.parse(c.body));
    expect(bodies).toHaveLength(2);
    expect(bodies[0].additionalModelRequestFields?.thinking).toMatchObject({ type: 'enabled' });
    // Codex keeps nothing (store: false): the block can only have come back inside its reasoning item.
    const echoed = bodies[1].messages
      .flatMap((m: any) => m.content)
      .find((b: any) => b.reasoningContent);
    expect(echoed?.reasoningContent?.reasoningText).toEqual({
      text: 'Let me think.',
      signature: 'sig-abc',
    });
  });
});
