import { describe, expect, it } from 'vitest';
import { CODE_WORD, PLAIN_ANSWER } from './harness/agent-script';
import { usageRows, useAgentGateway } from './harness/gateway';
import { runGeminiCli, type GeminiAuth } from './harness/gemini-cli';

// Gemini CLI, for real, on the Gemini route: a plain prompt and a turn that reads a file with its
// read_file tool, with the token as x-goog-api-key and as a Bearer token, against an OpenAI-format
// and an Anthropic-format endpoint (both translated; Vertex AI Gemini is in providers.test.ts).
// It sends parametersJsonSchema tools, systemInstruction with a role, includeThoughts and ids on
// functionCall / functionResponse.

const world = useAgentGateway('gemini-user');

const gemini = (prompt: string, endpoint: string, auth: GeminiAuth) => runGeminiCli(prompt, { gatewayUrl: world.gateway.url, endpoint, token: world.token, auth });

describe.each([['openai'], ['anthropic']] as const)('Gemini CLI against the %s endpoint', (kind) => {
  describe.each([['x-goog-api-key'], ['bearer']] as const)('with the key as %s', (auth) => {
    it('answers a plain prompt', async () => {
      const run = await gemini('Say hello.', world.endpoints[kind], auth);
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.answer).toBe(PLAIN_ANSWER);
    });

    it('reads a file with its read_file tool and answers from the result', async () => {
      const run = await gemini('Read the file <cwd>/notes.txt and tell me the code word.', world.endpoints[kind], auth);
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.toolCalls).toBe(1);
      expect(run.answer).toContain(CODE_WORD);
    });
  });

  it('shows on the usage API with its client, streaming and token counts', async () => {
    const rows = (await usageRows(world.gateway, world.endpoints[kind])).filter((r) => r.status_code === 200);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows[0]).toMatchObject({ requester: 'gemini-user', streaming: true, tokens_estimated: false });
    expect(rows[0].api_type).toMatch(/gemini/);
    expect(rows[0].user_agent).toMatch(/^GeminiCLI(-\w+)?\//);
    expect(rows[0].input_tokens).toBeGreaterThan(0);
    expect(rows[0].output_tokens).toBeGreaterThan(0);
  });
});
