import { describe, expect, it } from 'vitest';
import { CODE_WORD, PLAIN_ANSWER } from './harness/agent-script';
import { usageRows, useAgentGateway } from './harness/gateway';
import { PROVIDER_CASES } from './harness/providers';
import { runGeminiCli, type GeminiAuth } from './harness/gemini-cli';

// Gemini CLI, for real, on the Gemini route: a plain prompt and a turn that reads a file with its
// read_file tool, with the token as x-goog-api-key and as a Bearer token, against an OpenAI-format
// and an Anthropic-format endpoint (both translated), and a Vertex AI Gemini one (passed through).
// It sends parametersJsonSchema tools, systemInstruction with a role, includeThoughts and ids on
// functionCall / functionResponse.

const VERTEX_GEMINI = PROVIDER_CASES.find((c) => c.id.includes('(Gemini)'))!;
const world = useAgentGateway('gemini-user', [VERTEX_GEMINI]);

const gemini = (prompt: string, endpoint: string, auth: GeminiAuth) =>
  runGeminiCli(prompt, { gatewayUrl: world.gateway.url, endpoint, token: world.token, auth });

describe.each([['openai'], ['anthropic'], [VERTEX_GEMINI.id]])(
  'Gemini CLI against the %s endpoint',
  (kind) => {
    describe.each([['x-goog-api-key'], ['bearer']] as const)('with the key as %s', (auth) => {
      it('answers a plain prompt', async () => {
        const run = await gemini('Say hello.', world.endpoints[kind], auth);
        expect(run.code, run.stderr + run.stdout).toBe(0);
        expect(run.answer).toBe(PLAIN_ANSWER);
      });

      it('reads a file with its read_file tool and answers from the result', async () => {
        const run = await gemini(
          'Read the file <cwd>/notes.txt and tell me the code word.',
          world.endpoints[kind],
          auth,
        );
        expect(run.code, run.stderr + run.stdout).toBe(0);
        expect(run.toolCalls).toBe(1);
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
        requester: 'gemini-user',
        streaming: true,
        tokens_estimated: false,
      });
      expect(rows[0].api_type).toMatch(/gemini/);
      expect(rows[0].user_agent).toMatch(/^GeminiCLI(-\w+)?\//);
      expect(rows[0].input_tokens).toBeGreaterThan(0);
      expect(rows[0].output_tokens).toBeGreaterThan(0);
    });
  },
);

describe('what reached the providers', () => {
  const bodies = (prefix: string) =>
    world.fakes.calls
      .filter((c) => c.prefix === prefix && c.method === 'POST')
      .map((c) => JSON.parse(c.body));

  it('the Anthropic provider got its system prompt, tools with input_schema (from parametersJsonSchema) and the tool result paired with its call', () => {
    const answered = bodies('anthropic').find((b) =>
      JSON.stringify(b.messages).includes('tool_result'),
    );
    expect(
      typeof answered.system === 'string'
        ? answered.system
        : answered.system.map((b: any) => b.text).join(''),
    ).not.toBe('');
    const readFile = answered.tools.find((t: any) => t.name === 'read_file');
    expect(readFile.input_schema).toMatchObject({ type: 'object' });
    const blocks = answered.messages.flatMap((m: any) =>
      Array.isArray(m.content) ? m.content : [],
    );
    const call = blocks.find((b: any) => b.type === 'tool_use');
    const result = blocks.find((b: any) => b.type === 'tool_result');
    expect(result.tool_use_id).toBe(call.id);
    expect(JSON.stringify(result.content)).toContain(CODE_WORD);
  });

  it('the OpenAI provider got function tools and a tool message answering the call', () => {
    const answered = bodies('openai').find((b) => b.messages.some((m: any) => m.role === 'tool'));
    expect(answered.messages[0].role).toMatch(/system|developer/);
    expect(
      answered.tools.find((t: any) => t.function.name === 'read_file').function.parameters,
    ).toMatchObject({ type: 'object' });
    const call = answered.messages.find((m: any) => m.tool_calls).tool_calls[0];
    const tool = answered.messages.find((m: any) => m.role === 'tool');
    expect(tool.tool_call_id).toBe(call.id);
    expect(JSON.stringify(tool.content)).toContain(CODE_WORD);
  });

  it('Vertex AI got the Gemini request as sent: parametersJsonSchema tools, includeThoughts, the functionResponse after its call', () => {
    const vertex = world.gateway.outboundCalls
      .filter((c) => c.host.endsWith('aiplatform.googleapis.com'))
      .map((c) => JSON.parse(c.body));
    const answered = vertex.find((b) => JSON.stringify(b.contents).includes('functionResponse'));
    expect(answered.generationConfig.thinkingConfig).toMatchObject({ includeThoughts: true });
    const readFile = answered.tools
      .flatMap((t: any) => t.functionDeclarations ?? [])
      .find((d: any) => d.name === 'read_file');
    expect(readFile.parametersJsonSchema).toMatchObject({ type: 'object' });
    const parts = answered.contents.flatMap((c: any) => c.parts);
    expect(parts.find((p: any) => p.functionCall)?.functionCall.name).toBe('read_file');
    expect(JSON.stringify(parts.find((p: any) => p.functionResponse))).toContain(CODE_WORD);
  });
});
